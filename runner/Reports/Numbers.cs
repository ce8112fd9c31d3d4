using System.Globalization;

namespace Simulation.Runner.Reports;

/// <summary>
/// The one number format of every table and summary: invariant culture, and for doubles the
/// shortest string that parses back to the same bits ("R"; since .NET Core 3.0 this is exact and
/// stable across runs and machines). Integers are written in plain decimal. No grouping separators,
/// no exponent unless "R" needs one (it writes e.g. 1E+20 or 1E-05, both valid CSV and JSON numbers).
/// </summary>
internal static class Numbers
{
    /// <summary>A double, round-trippable, invariant ("R").</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>An integer, invariant.</summary>
    public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>An unsigned integer (seeds), invariant.</summary>
    public static string Format(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A count with its noun, for messages: "1 scenario", "20,000 paths" (the plural adds "s").</summary>
    public static string Count(long count, string noun) =>
        count.ToString("N0", CultureInfo.InvariantCulture) + " " + (count == 1 ? noun : noun + "s");

    /// <summary>
    /// The column suffix for a quantile level: 0.05 → "p05", 0.5 → "p50", 0.975 → "p97.5".
    /// Whole percentages get two digits so the columns sort as they read.
    /// </summary>
    public static string QuantileName(double level)
    {
        double percent = Math.Round(level * 100, 9);
        return percent == Math.Floor(percent) && percent < 100
            ? "p" + ((long)percent).ToString("00", CultureInfo.InvariantCulture)
            : "p" + Format(percent);
    }
}

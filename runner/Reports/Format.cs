using System.Globalization;
using Simulation.Engine.Model;
using Simulation.Engine.Statistics;

namespace Simulation.Runner.Reports;

/// <summary>
/// Numbers as people read them in the Markdown report. Unlike the CSV and JSON files these round,
/// but they never round a non-zero value to zero, nor a value below 100% to 100%. Invariant culture
/// throughout ('.' decimal point, ',' thousands separator), whatever the machine's culture.
/// </summary>
/// <remarks>
/// <para><b>Values</b> (<see cref="Value"/>): the value times the unit's scale gives an amount in the
/// currency, shown in the largest tier it reaches. Chinese tiers: 万亿 (10¹²), 亿 (10⁸), 万 (10⁴);
/// English: tn (10¹²), bn (10⁹), mn (10⁶); below the smallest tier the plain amount. The number shows
/// three significant digits, except that whole digits are never rounded away (5,234 亿 stays
/// "5,234 亿"), with ',' between thousands. When rounding reaches the next tier it moves up
/// (9,999.6 亿 → "1.00 万亿"). The currency is not repeated (table headers carry it). Examples for
/// 亿元: 10200 → "1.02 万亿 / 1.02 tn"; 5230 → "5,230 亿 / 523 bn"; 5 → "5.00 亿 / 500 mn".</para>
/// <para><b>Probabilities</b> (<see cref="Percent(double)"/>): percent with one decimal; between 0 and 0.1%
/// (or 99.9% and 100%) two significant digits of the distance from 0 (or 100), so 0.0184% reads
/// "0.018%" and 99.98% reads "99.98%"; exactly 0 and 1 read "0.0%" and "100.0%" alone (beside an
/// interval they take its decimals: "0.000% (95% CI 0.000–0.018%)").</para>
/// <para><b>Differences</b> (<see cref="Difference"/>): percentage points ("pp") with the same
/// rule, always signed ('+' or '-') unless exactly zero.</para>
/// <para>An estimate and its interval share the decimals of whichever of the three needs most:
/// "+0.080 pp (95% CI +0.041 to +0.120)", not "… to +0.1".</para>
/// </remarks>
internal static class Format
{
    /// <summary>Chinese tier names only.</summary>
    public const string Chinese = "zh";

    /// <summary>English tier names only.</summary>
    public const string English = "en";

    /// <summary>Both, Chinese first: "1.02 万亿 / 1.02 tn".</summary>
    public const string Both = "zh-en";

    /// <summary>The minus sign of text meant for reading (U+2212, as the charts draw it); tables for machines use ASCII.</summary>
    private const string Minus = "\u2212";

    private static readonly (double Size, string Name)[] ChineseTiers = [(1e12, "万亿"), (1e8, "亿"), (1e4, "万")];
    private static readonly (double Size, string Name)[] EnglishTiers = [(1e12, "tn"), (1e9, "bn"), (1e6, "mn")];

    /// <summary>A value in a dataset's unit as readable text, e.g. 10200 亿元 → "1.02 万亿 / 1.02 tn".</summary>
    /// <param name="value">The value, in <paramref name="unit"/>.</param>
    /// <param name="unit">The unit (its <see cref="ValueUnit.Scale"/> turns the value into currency units).</param>
    /// <param name="lang"><see cref="Chinese"/>, <see cref="English"/> or <see cref="Both"/>.</param>
    public static string Value(double value, ValueUnit unit, string lang)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(lang);
        double amount = value * unit.Scale;
        return lang switch
        {
            Chinese => Tiered(amount, ChineseTiers),
            English => Tiered(amount, EnglishTiers),
            Both => Tiered(amount, ChineseTiers) + " / " + Tiered(amount, EnglishTiers),
            _ => throw new ArgumentException($"Unknown language `{lang}`: use \"{Chinese}\", \"{English}\" or \"{Both}\".", nameof(lang)),
        };
    }

    /// <summary>A signed value for a difference: "+510 亿", "−1.2 万亿", "0".</summary>
    public static string SignedValue(double value, ValueUnit unit, string lang) => (value > 0 ? "+" : string.Empty) + Value(value, unit, lang);

    /// <summary>A probability with its 95% interval: "31.2% (95% CI 30.6–31.8%)"; the numbers with one number of decimals (<see cref="IntervalDecimals"/>), enough that neither bound reads as the estimate.</summary>
    public static string Probability(Proportion probability) => Probability(probability, 1);

    /// <summary>A probability with its 95% interval, with at least <paramref name="minDecimals"/> decimals, to read beside a level given with them (<see cref="LevelDecimals"/>).</summary>
    public static string Probability(Proportion probability, int minDecimals)
    {
        ArgumentNullException.ThrowIfNull(probability);
        int d = Math.Max(minDecimals, IntervalDecimals(probability.Estimate, probability.Lower, probability.Upper));
        return $"{PercentNumber(probability.Estimate, d)}% (95% CI {Bound(probability.Lower, d)}–{Bound(probability.Upper, d)}%)";
    }

    /// <summary>A probability with its 95% interval in brackets, for chart labels: "0.100% [0.077–0.200%]".</summary>
    public static string ProbabilityBracketed(double estimate, double lower, double upper)
    {
        int d = IntervalDecimals(estimate, lower, upper);
        return $"{PercentNumber(estimate, d)}% [{Bound(lower, d)}–{Bound(upper, d)}%]";
    }

    /// <summary>A paired difference with its 95% interval: "+4.1 pp (95% CI +3.8 to +4.4)"; the three numbers with one number of decimals, enough that neither bound reads as the difference.</summary>
    public static string Difference(PairedProportions difference)
    {
        ArgumentNullException.ThrowIfNull(difference);
        int d = Unblurred(SharedDecimals(difference.Difference, difference.Lower, difference.Upper), difference.Difference, difference.Lower, difference.Upper);
        return $"{Points(difference.Difference, d)} pp (95% CI {Points(difference.Lower, d)} to {Points(difference.Upper, d)})";
    }

    /// <summary>The decimals <see cref="Probability(Proportion)"/> gives an estimate beside its interval (all three in [0, 1]).</summary>
    public static int ProbabilityDecimals(double estimate, double lower, double upper) => Math.Max(1, IntervalDecimals(estimate, lower, upper));

    /// <summary>The decimals <see cref="Difference"/> gives a paired difference beside its interval (all three as fractions, not pp).</summary>
    public static int DifferenceDecimals(double difference, double lower, double upper) =>
        Unblurred(SharedDecimals(difference, lower, upper), difference, lower, upper);

    /// <summary>A probability in [0, 1] as a percentage with exactly <paramref name="decimals"/> decimals: (0, 3) → "0.000%".</summary>
    public static string PercentFixed(double probability, int decimals) => PercentNumber(probability, decimals) + "%";

    /// <summary>A difference of probabilities in percentage points, signed, with exactly <paramref name="decimals"/> decimals, without the unit.</summary>
    public static string PointsFixed(double difference, int decimals) => Points(difference, decimals);

    /// <summary>A probability in [0, 1] as a percentage: 0.312 → "31.2%", 0.000184 → "0.018%".</summary>
    public static string Percent(double probability) => PercentNumber(probability, PercentDecimals(probability)) + "%";

    /// <summary>Two probabilities compared, with one number of decimals: (0.026, 0.0270) → "2.6% → 2.7%", (0, 0.000005) → "0.00000% → 0.00050%".</summary>
    public static string Change(double before, double after)
    {
        int d = Math.Max(PercentDecimals(before), PercentDecimals(after));
        return $"{PercentNumber(before, d)}% → {PercentNumber(after, d)}%";
    }

    /// <summary>A probability with at least <paramref name="minDecimals"/> decimals: (0.00375, 2) → "0.38%".</summary>
    public static string Percent(double probability, int minDecimals) => PercentNumber(probability, Math.Max(minDecimals, PercentDecimals(probability))) + "%";

    /// <summary>
    /// The decimals of a level a probability is compared with (a goal seek's "chance sought"): two
    /// significant digits below 1% (0.3525% → "0.35%"), else one, so that a level such as half of
    /// 0.7% does not read as the 0.4% it is compared with.
    /// </summary>
    public static int LevelDecimals(double level)
    {
        double ax = Math.Abs(level * 100);
        return Math.Max(PercentDecimals(level), ax > 0 && ax < 1 ? TwoSignificant(ax) : 1);
    }

    /// <summary>A difference of probabilities in percentage points, signed, without the unit: 0.041 → "+4.1".</summary>
    public static string Points(double difference) => Points(difference, PercentDecimals(difference));

    private static string Points(double difference, int decimals)
    {
        if (!double.IsFinite(difference))
        {
            return "n/a";
        }

        string magnitude = PercentNumber(Math.Abs(difference), decimals);
        return difference > 0 ? "+" + magnitude : difference < 0 ? Minus + magnitude : magnitude;
    }

    private static string PercentNumber(double probability, int decimals) =>
        double.IsFinite(probability)
            ? (probability * 100).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
            : "n/a";

    /// <summary>
    /// The decimals a percentage needs: one, or two significant digits of its distance from 0 (below
    /// 0.1%) or from 100 (above 99.9%), so that no non-zero value reads 0 and none below 100% reads 100.
    /// </summary>
    private static int PercentDecimals(double probability)
    {
        double ax = Math.Abs(probability * 100);
        return ax > 0 && ax < 0.1 ? TwoSignificant(ax)
            : ax > 99.9 && ax < 100 ? TwoSignificant(100 - ax)
            : 1;
    }

    /// <summary>The decimals of the number that needs the most, so that an estimate and its interval read alike.</summary>
    private static int SharedDecimals(double a, double b, double c) =>
        new[] { a, b, c }.Max(x => double.IsFinite(x) ? PercentDecimals(x) : 1);

    /// <summary>
    /// The decimals of a probability and its interval: enough for the estimate and for the bound that
    /// reaches further (a bound of exactly 0 or 100% says nothing here), so that a bound close to 0 or
    /// 100% beside a wider one does not give every number four decimals: "0.2% (95% CI 0.0051–1.1%)",
    /// not "0.2000% (95% CI 0.0051–1.1092%)" (that bound keeps its own decimals, <see cref="Bound"/>).
    /// </summary>
    private static int IntervalDecimals(double estimate, double lower, double upper)
    {
        int bounds = new[] { lower, upper }.Where(x => double.IsFinite(x) && x != 0 && x != 1)
            .Select(PercentDecimals).DefaultIfEmpty(1).Min();
        return Unblurred(Math.Max(double.IsFinite(estimate) ? PercentDecimals(estimate) : 1, bounds), estimate, lower, upper);
    }

    /// <summary>
    /// <paramref name="decimals"/>, or up to two more when a bound apart from the estimate would read as
    /// it: "0.66% (95% CI 0.63–0.70%)", not "0.7% (95% CI 0.6–0.7%)"; "+0.33 pp (95% CI +0.31 to +0.35)",
    /// not "+0.3 pp (95% CI +0.3 to +0.3)".
    /// </summary>
    private static int Unblurred(int decimals, double estimate, double lower, double upper)
    {
        bool Blurred(int d) => double.IsFinite(estimate) && new[] { lower, upper }.Any(b => double.IsFinite(b) && b != estimate
            && PercentNumber(Math.Abs(b), d) == PercentNumber(Math.Abs(estimate), d) && Math.Sign(b) == Math.Sign(estimate));
        int most = decimals + 2;
        while (decimals < most && Blurred(decimals))
        {
            decimals++;
        }

        return decimals;
    }

    /// <summary>A bound with <paramref name="decimals"/>, unless it would then read 0 or 100% without being so: then with the decimals it needs.</summary>
    private static string Bound(double probability, int decimals)
    {
        string text = PercentNumber(probability, decimals);
        bool misreads = probability > 0 && probability < 1 && (text.TrimStart('0', '.').Length == 0 || text.StartsWith("100", StringComparison.Ordinal));
        return misreads ? PercentNumber(probability, PercentDecimals(probability)) : text;
    }

    /// <summary>Decimals that show two significant digits of a positive number below 1.</summary>
    private static int TwoSignificant(double x) => Math.Min(15, 1 - (int)Math.Floor(Math.Log10(x)));

    private static string Tiered(double amount, (double Size, string Name)[] tiers)
    {
        if (!double.IsFinite(amount))
        {
            return "n/a";
        }

        if (amount == 0)
        {
            return "0";
        }

        string sign = amount < 0 ? Minus : string.Empty;
        double a = Math.Abs(amount);

        // The largest tier the amount reaches, moving up while rounding carries it into the next.
        int tier = Array.FindIndex(tiers, t => a >= t.Size);
        while (true)
        {
            double size = tier < 0 ? 1 : tiers[tier].Size;
            var (rounded, decimals) = Round(a / size);
            int up = tier < 0 ? tiers.Length - 1 : tier - 1;
            if (up >= 0 && rounded * size >= tiers[up].Size)
            {
                tier = up;
                continue;
            }

            string number = rounded.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            return tier < 0 ? sign + number : $"{sign}{number} {tiers[tier].Name}";
        }
    }

    /// <summary>Rounds to three significant digits, keeping every whole digit; returns the decimals used.</summary>
    private static (double Rounded, int Decimals) Round(double m)
    {
        int decimals = Decimals(m);
        double r = Math.Round(m, decimals, MidpointRounding.AwayFromZero);
        int after = Decimals(r);
        if (after < decimals)
        {
            decimals = after;
            r = Math.Round(m, decimals, MidpointRounding.AwayFromZero);
        }

        return (r, decimals);
    }

    private static int Decimals(double m) => m <= 0 ? 0 : Math.Clamp(2 - (int)Math.Floor(Math.Log10(m)), 0, 15);
}

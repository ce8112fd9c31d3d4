using System.Globalization;
using Simulation.Engine.Analysis;

namespace Simulation.Runner.Reports;

/// <summary>
/// Recorded inputs and PRIM's limits in words, for the report: a value in the input's own terms (a
/// trend as a percentage, a year as a year, a count as a whole number) and a limit as a phrase a
/// reader can check against the scenario file ("Semiconductors' trend is above 9.8%", "“Export
/// controls tighten” does not fire before 2028", "Yanluo (Bao'an) is not cancelled").
/// </summary>
internal static class AnalysisText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>A value of <paramref name="input"/> as people read it.</summary>
    public static string Value(SampleInput input, double value)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Kind switch
        {
            InputKind.Rate => (value * 100).ToString(Math.Abs(value) < 0.01 ? "0.00;\u22120.00" : "0.0;\u22120.0", Invariant) + "%",
            InputKind.Share => (value * 100).ToString("0", Invariant) + "%",
            InputKind.Shocks => value.ToString("+0.00;\u22120.00;0.00", Invariant) + " sd",
            InputKind.Count or InputKind.Flag or InputKind.Year => value.ToString("0", Invariant),
            InputKind.Years => value.ToString("0.0;\u22120.0", Invariant) + " yr",
            InputKind.Ratio => value.ToString("0.00;\u22120.00", Invariant),
            _ => Significant(value),
        };
    }

    /// <summary>
    /// A box limit of <paramref name="input"/> as people read it: for a whole-number input (a count, a
    /// year, a flag) the whole numbers it keeps (a lower limit of 1.5 keeps 2 and up, an upper limit of
    /// 2.5 keeps 2 and down), otherwise <see cref="Value"/>.
    /// </summary>
    public static string LimitValue(SampleInput input, double value, bool lower)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Kind is InputKind.Count or InputKind.Year or InputKind.Flag
            ? (lower ? Math.Ceiling(value) : Math.Floor(value)).ToString("0", Invariant)
            : Value(input, value);
    }

    /// <summary>A number with three significant digits and thousands separators (180, 1,250, 0.0342).</summary>
    public static string Significant(double value)
    {
        if (value == 0 || !double.IsFinite(value))
        {
            return value.ToString(Invariant);
        }

        int decimals = Math.Clamp(2 - (int)Math.Floor(Math.Log10(Math.Abs(value))), 0, 10);
        string magnitude = Math.Abs(value).ToString("N" + decimals.ToString(Invariant), Invariant);
        return value < 0 ? "\u2212" + magnitude : magnitude;
    }

    /// <summary>"Owner's quantity" (Semiconductors' trend, Smart terminals' annual shocks), or "the quantity of Owner" for an owner ending in a bracket.</summary>
    public static string Subject(SampleInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return char.IsLetterOrDigit(input.Owner[^1])
            ? (input.Owner.EndsWith('s') ? input.Owner + "'" : input.Owner + "'s") + " " + input.Quantity
            : "the " + input.Quantity + " of " + input.Owner;
    }

    /// <summary>
    /// What an input's low and high groups hold: "lowest fifth" and "highest fifth" for an input of many
    /// values; for a count, a year or a flag the values the fifths fell on ("0" vs "≥ 1", "2024–2028"
    /// vs "never").
    /// </summary>
    public static (string Low, string High) Groups(SampleInput input, (double Min, double Max) low, (double Min, double Max) high, int horizon)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Kind is not (InputKind.Count or InputKind.Year or InputKind.Flag))
        {
            return ("lowest fifth", "highest fifth");
        }

        string V(double v) => input.Kind == InputKind.Year && v > horizon ? "never" : v.ToString("0", Invariant);
        string low2 = low.Min == low.Max ? V(low.Min) : $"{V(low.Min)}–{V(low.Max)}";
        string high2 = high.Min == high.Max ? V(high.Min) : input.Kind == InputKind.Year && high.Max > horizon ? $"≥ {V(high.Min)} or never" : $"≥ {V(high.Min)}";
        return (low2, high2);
    }

    /// <summary>
    /// A limit as a condition on the paths: kept values between <paramref name="lower"/> and
    /// <paramref name="upper"/> (null: that side unrestricted). <paramref name="horizon"/> is the last
    /// simulated year (a first-firing year beyond it means "never").
    /// </summary>
    public static string Condition(SampleInput input, double? lower, double? upper, int horizon)
    {
        ArgumentNullException.ThrowIfNull(input);
        bool isEvent = input.Name.StartsWith("events.", StringComparison.Ordinal);
        switch (input.Kind)
        {
            case InputKind.Flag:
                bool set = lower is not null;
                return input.Quantity switch
                {
                    "cancelled" => input.Owner + (set ? " is cancelled" : " is not cancelled"),
                    "succeeded" => input.Owner + (set ? " succeeds" : " fails"),
                    _ => $"{Subject(input)} is {(set ? 1 : 0)}",
                };

            case InputKind.Count when isEvent:
                {
                    int? atLeast = lower is { } l ? (int)Math.Ceiling(l) : null, atMost = upper is { } u ? (int)Math.Floor(u) : null;
                    string name = "“" + input.Owner + "”";
                    return (atLeast, atMost) switch
                    {
                        (_, 0) => name + " never fires",
                        (null, { } m) => $"{name} fires at most {Times(m)}",
                        ({ } k, null) => $"{name} fires at least {Times(k)}",
                        ({ } k, { } m) when k == m => $"{name} fires {Times(k)}",
                        ({ } k, { } m) => $"{name} fires {k.ToString(Invariant)} to {Times(m)}",
                        _ => name,
                    };
                }

            case InputKind.Count:
                {
                    int? atLeast = lower is { } l ? (int)Math.Ceiling(l) : null, atMost = upper is { } u ? (int)Math.Floor(u) : null;
                    string range = (atLeast, atMost) switch
                    {
                        (null, { } m) => "at most " + m.ToString(Invariant),
                        ({ } k, null) => "at least " + k.ToString(Invariant),
                        ({ } k, { } m) when k == m => k.ToString(Invariant),
                        ({ } k, { } m) => $"{k.ToString(Invariant)} to {m.ToString(Invariant)}",
                        _ => "any number",
                    };
                    return $"{range} {input.Quantity}";
                }

            case InputKind.Year when isEvent:
                {
                    string name = "“" + input.Owner + "”";
                    int? from = lower is { } l ? (int)Math.Ceiling(l) : null, by = upper is { } u ? (int)Math.Floor(u) : null;
                    string notBefore = from is { } f ? f > horizon ? $"{name} never fires" : $"{name} does not fire before {f.ToString(Invariant)}" : string.Empty;
                    string firesBy = by is { } b ? $"{name} first fires by {b.ToString(Invariant)}" : string.Empty;
                    return (from, by) switch
                    {
                        (null, _) => firesBy,
                        (_, null) => notBefore,
                        _ => $"{name} first fires in {from.Value.ToString(Invariant)}–{by.Value.ToString(Invariant)}",
                    };
                }

            default:
                {
                    // "annual shocks (2026–2030) are", "build years are", "trend is": by the quantity's last word.
                    string noun = input.Quantity.Split(' ').LastOrDefault(w => w.Length > 0 && w.All(char.IsLetter)) ?? input.Quantity;
                    string verb = noun.EndsWith('s') ? " are " : " is ";
                    return (lower, upper) switch
                    {
                        ({ } l, null) => $"{Subject(input)}{verb}above {Value(input, l)}",
                        (null, { } u) => $"{Subject(input)}{verb}below {Value(input, u)}",
                        ({ } l, { } u) => $"{Subject(input)}{verb}between {Value(input, l)} and {Value(input, u)}",
                        _ => Subject(input) + verb + "anything",
                    };
                }
        }
    }

    /// <summary>"once", "twice", "3 times".</summary>
    private static string Times(int n) => n switch
    {
        1 => "once",
        2 => "twice",
        _ => n.ToString(Invariant) + " times",
    };

    /// <summary>"a, b and c".</summary>
    public static string List(IReadOnlyList<string> items) => items.Count switch
    {
        0 => string.Empty,
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1],
    };

    /// <summary>An index with its interval: "0.12 (95% CI 0.10–0.14)", all three with the decimals the smallest non-zero one needs ("0.008 (95% CI 0.003–0.013)").</summary>
    public static string Index(Estimate index)
    {
        ArgumentNullException.ThrowIfNull(index);
        var (value, lower, upper) = IndexNumbers(index);
        return $"{value} (95% CI {lower}–{upper})";
    }

    /// <summary>An index and its bounds as text, sharing their decimals: two, or three when one of them is below 0.01 but not 0.</summary>
    public static (string Value, string Lower, string Upper) IndexNumbers(Estimate index)
    {
        ArgumentNullException.ThrowIfNull(index);
        double[] all = [index.Value, index.Lower, index.Upper];
        string format = all.Any(v => v > 0 && v < 0.01) ? "0.000;\u22120.000" : "0.00;\u22120.00";
        string F(double v) => double.IsNaN(v) ? "n/a" : v.ToString(format, Invariant);
        return (F(index.Value), F(index.Lower), F(index.Upper));
    }

    /// <summary>A quasi-p-value: "&lt; 0.001", "0.03", "0.41".</summary>
    public static string QuasiP(double p) =>
        double.IsNaN(p) ? "n/a" : p < 0.001 ? "< 0.001" : p.ToString(p < 0.01 ? "0.000" : "0.00", Invariant);
}

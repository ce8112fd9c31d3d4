using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Simulation.Engine.Model;

namespace Simulation.Runner.Charts;

/// <summary>
/// Text on charts: number formats (invariant culture, thousands separators), threshold labels, and
/// <see cref="Drawable"/>, which rewrites Chinese money words into English when no CJK font is
/// available, so a chart never shows boxes.
/// </summary>
public static partial class ChartText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>A value-axis label: "10,000", "850", "12.5" (thousands separators, at most two decimals).</summary>
    public static string Value(double value)
    {
        if (Math.Abs(value) < 1e-9)
        {
            return "0";
        }

        return Math.Abs(value) >= 100 ? value.ToString("#,0", Invariant) : value.ToString("#,0.##", Invariant);
    }

    /// <summary>
    /// Values to label one axis with, all with one number of decimals (the most any needs, at most four):
    /// 0, 7.5, 15 → "0.0", "7.5", "15.0"; thousands separated.
    /// </summary>
    public static IReadOnlyList<string> SharedDecimalValues(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int Needed(double v)
        {
            for (int d = 0; d < 4; d++)
            {
                if (Math.Abs(Math.Round(v, d) - v) <= 1e-9 * Math.Max(1, Math.Abs(v)))
                {
                    return d;
                }
            }

            return 4;
        }

        int decimals = values.Select(Needed).DefaultIfEmpty(0).Max();
        return [.. values.Select(v => (Math.Abs(v) < 1e-12 ? 0 : v).ToString("N" + decimals.ToString(Invariant), Invariant))];
    }

    /// <summary>A value-axis tick with exactly <paramref name="decimals"/> decimals and thousands separators: (2500, 0) → "2,500", (2.5, 1) → "2.5".</summary>
    public static string ValueTick(double value, int decimals) =>
        (Math.Abs(value) < 1e-9 ? 0 : value).ToString("N" + decimals.ToString(Invariant), Invariant);

    /// <summary>A percent label without decimals: "40%".</summary>
    public static string Percent(double percent) => percent.ToString("0", Invariant) + "%";

    /// <summary>An axis tick in percent, with as many decimals as the tick needs: "0%", "0.5%", "12%".</summary>
    public static string PercentLabelTick(double percent) => (Math.Abs(percent) < 1e-9 ? 0 : percent).ToString("0.###", Invariant) + "%";

    /// <summary>A printed probability given in percent, as the report prints it: "41.7%", "0.018%" (never a non-zero value as 0).</summary>
    public static string PercentLabel(double percent) => Reports.Format.Percent(percent / 100);

    /// <summary>An axis tick in percentage points: "+8 pp", "0 pp", "−0.5 pp".</summary>
    public static string PercentagePointsTick(double pp) =>
        Math.Abs(pp) < 1e-9 ? "0 pp" : (pp > 0 ? "+" : "−") + Math.Abs(pp).ToString("0.##", Invariant) + " pp";

    /// <summary>Percentage points with sign, as the report prints them but with a true minus: "+3.2 pp", "−0.050 pp", "0.0 pp".</summary>
    public static string PercentagePoints(double pp) => Reports.Format.Points(pp / 100).Replace('-', '−') + " pp";

    /// <summary>
    /// The value labels of one panel's probabilities (percent): each estimate as the report's tables write it
    /// beside its interval (<see cref="Reports.Format.Probability(Simulation.Engine.Statistics.Proportion)"/>),
    /// all with the decimals of the one that needs most (an exact 0 or 100% aside: <see cref="PanelDecimals"/>),
    /// so one panel never mixes "0.000%" and "0.6%", and a label never shows fewer decimals than its table.
    /// </summary>
    public static IReadOnlyList<string> ProbabilityLabels(IReadOnlyList<PercentInterval> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        int d = PanelDecimals(points.Select(p => (p.Estimate is 0 or 100, Reports.Format.ProbabilityDecimals(p.Estimate / 100, p.Lower / 100, p.Upper / 100))));
        return [.. points.Select(p => Reports.Format.PercentFixed(p.Estimate / 100, d))];
    }

    /// <summary>
    /// The value labels of one panel's paired differences (pp): each as the report's tables write it
    /// (<see cref="Reports.Format.Difference"/>) with a true minus, all with the decimals of the one that needs most.
    /// </summary>
    public static IReadOnlyList<string> DifferenceLabels(IReadOnlyList<DifferencePoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        int d = PanelDecimals(points.Select(p => (p.Difference == 0, Reports.Format.DifferenceDecimals(p.Difference / 100, p.Lower / 100, p.Upper / 100))));
        return [.. points.Select(p => Reports.Format.PointsFixed(p.Difference / 100, d).Replace('-', '−') + " pp")];
    }

    /// <summary>
    /// The decimals of a panel's labels: the most any label's table text has, not counting labels of an exact
    /// 0 (or 100%), whose table decimals come from their interval (0 reads 0 at any decimals) unless all are such.
    /// </summary>
    private static int PanelDecimals(IEnumerable<(bool Exact, int Decimals)> labels)
    {
        var list = labels.ToList();
        var counted = list.Any(l => !l.Exact) ? list.Where(l => !l.Exact) : list;
        return counted.Select(l => l.Decimals).DefaultIfEmpty(1).Max();
    }

    /// <summary>A probability tick with exactly <paramref name="decimals"/> decimals: (12.5, 1) → "12.5%", (10, 1) → "10.0%".</summary>
    public static string PercentTick(double percent, int decimals) =>
        (Math.Abs(percent) < 1e-9 ? 0 : percent).ToString("F" + decimals.ToString(Invariant), Invariant) + "%";

    /// <summary>A percentage-point tick with exactly <paramref name="decimals"/> decimals: (0.5, 1) → "+0.5 pp", (-1, 1) → "−1.0 pp", (0, 1) → "0.0 pp".</summary>
    public static string PercentagePointsTick(double pp, int decimals)
    {
        string magnitude = Math.Abs(pp).ToString("F" + decimals.ToString(Invariant), Invariant);
        return Math.Abs(pp) < 1e-9 ? $"{0.0.ToString("F" + decimals.ToString(Invariant), Invariant)} pp" : (pp > 0 ? "+" : "−") + magnitude + " pp";
    }

    /// <summary>
    /// A short label for a threshold of <paramref name="value"/> in <paramref name="unit"/>: English
    /// "CNY 500 bn" / "CNY 1 tn"; Chinese "5000亿" / "1万亿" (for CNY; other currencies get the English form).
    /// </summary>
    public static ChartName ThresholdLabel(double value, ValueUnit unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        double amount = value * unit.Scale;
        string english = amount switch
        {
            >= 1e12 => $"{unit.Currency} {Short(amount / 1e12)} tn",
            >= 1e9 => $"{unit.Currency} {Short(amount / 1e9)} bn",
            >= 1e6 => $"{unit.Currency} {Short(amount / 1e6)} m",
            _ => $"{unit.Currency} {Value(amount)}",
        };
        // Chinese writes 5000亿 without a thousands separator.
        string chinese = unit.Currency != "CNY" ? english : amount switch
        {
            >= 1e12 => $"{Plain(amount / 1e12)}万亿",
            >= 1e8 => $"{Plain(amount / 1e8)}亿",
            >= 1e4 => $"{Plain(amount / 1e4)}万",
            _ => $"{Plain(amount)}元",
        };
        return new ChartName(english, chinese);
    }

    /// <summary>The value-axis title: "Value, CNY 100 million (亿元)".</summary>
    public static string ValueAxis(string unitLabel) => $"Value, {unitLabel}";

    /// <summary>Whether the text has a character only a CJK font can draw.</summary>
    public static bool HasCjk(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (char c in text)
        {
            if (IsCjk(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Text that the chart's font can draw. With a CJK font, unchanged. Without one, Chinese money
    /// amounts become English ("1 万亿" → "CNY 1 tn", "5000亿" → "CNY 500 bn"), a parenthesised
    /// Chinese gloss is dropped ("CNY 100 million (亿元)" → "CNY 100 million") and any other CJK run is
    /// removed, so no box is ever drawn.
    /// </summary>
    public static string Drawable(string text, bool cjkFont)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (cjkFont || !HasCjk(text))
        {
            return text;
        }

        string s = WanYi().Replace(text, m => $"CNY {Short(Number(m.Groups[1].Value))} tn");
        s = Yi().Replace(s, m => $"CNY {Short(Number(m.Groups[1].Value) / 10)} bn");
        s = Gloss().Replace(s, "");
        var sb = new StringBuilder(s.Length);
        foreach (char c in s)
        {
            if (!IsCjk(c))
            {
                sb.Append(c);
            }
        }

        return Spaces().Replace(sb.ToString(), " ").Trim();
    }

    private static string Plain(double x) => x.ToString("0.##", Invariant);

    private static string Short(double x) => x.ToString(x >= 100 ? "#,0" : "#,0.##", Invariant);

    private static double Number(string s) => double.Parse(s.Replace(",", "", StringComparison.Ordinal), NumberStyles.Float, Invariant);

    /// <summary>Whether a character is drawn from a CJK font (ideographs, kana, full-width forms).</summary>
    public static bool IsCjk(char c) =>
        c is (>= '\u2E80' and <= '\u9FFF') or (>= '\uF900' and <= '\uFAFF') or (>= '\uFF00' and <= '\uFFEF') or (>= '\uD840' and <= '\uD87F');

    [GeneratedRegex(@"(\d[\d,]*(?:\.\d+)?)\s*万亿(?:元)?")]
    private static partial Regex WanYi();

    [GeneratedRegex(@"(\d[\d,]*(?:\.\d+)?)\s*亿(?:元)?")]
    private static partial Regex Yi();

    [GeneratedRegex(@"\s*[(（][^()（）]*[\u2E80-\u9FFF][^()（）]*[)）]")]
    private static partial Regex Gloss();

    [GeneratedRegex(@"\s{2,}")]
    private static partial Regex Spaces();
}

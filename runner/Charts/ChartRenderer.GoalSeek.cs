using ScottPlot;

namespace Simulation.Runner.Charts;

/// <summary>The chart of a goal seek: what value of a lever gives a target a chance.</summary>
public static partial class ChartRenderer
{
    /// <summary>The answer's colour (Okabe–Ito blue) and its interval's shade.</summary>
    private static readonly Color AnswerColor = Color.FromHex("#0072B2");

    /// <summary>
    /// (h) What it would take: the target's probability at every value tried (a marker and its 95%
    /// interval; filled where it reaches the level, open where not), joined in order of value; the
    /// level sought (dashed red); the answer (blue line) with the values its Monte Carlo error cannot
    /// tell from it (blue shade); the lever's value in the scenario as it is (dotted grey, with its
    /// probability as a point when no value tried is its). The probability axis is
    /// <see cref="ProbabilityWindow"/>; the lever axis is the range searched.
    /// </summary>
    public static byte[] RenderGoalSeek(GoalSeekChartData data, ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var o = options ?? ChartOptions.Default;
        using var plt = NewPlot(o);
        double pad = 0.04 * (data.Range.Max - data.Range.Min);
        var percent = ProbabilityWindow(data);
        string Chance(double p) => Reports.Format.Percent(p / 100, Reports.Format.LevelDecimals(data.LevelPercent / 100)); // the level's decimals
        if (data.Answer is { } answer)
        {
            double low = data.AnswerLow ?? data.Range.Min - pad, high = data.AnswerHigh ?? data.Range.Max + pad;
            if (high > low)
            {
                var shade = plt.Add.Rectangle(low, high, percent.Min, percent.Max);
                shade.FillColor = AnswerColor.WithAlpha(0.13);
                shade.LineWidth = 0;
                shade.LegendText = "values the Monte Carlo error cannot tell from it (95%)";
            }

            var line = plt.Add.VerticalLine(answer, 2.5f, AnswerColor);
            line.LegendText = T(o, data.Outcome);
        }
        else
        {
            plt.Legend.ManualItems.Add(new LegendItem { LabelText = T(o, data.Outcome) }); // no answer to draw: say so
        }

        if (data.Current is { } current && data.Range.Contains(current))
        {
            var now = plt.Add.VerticalLine(current, 2, ChartStyle.Guide, LinePattern.Dotted);
            string chance = data.Points.FirstOrDefault(p => p.Value == current) is { } there ? $" ({Chance(there.Probability.Estimate)})" : string.Empty;
            now.LegendText = $"the scenario as it is: {ChartText.Value(current)}{chance}";
        }

        var level = plt.Add.HorizontalLine(data.LevelPercent, 1.8f, ChartStyle.Threshold, LinePattern.Dashed);
        level.LegendText = $"chance sought: {Chance(data.LevelPercent)}";

        double[] xs = data.Points.Select(p => p.Value).ToArray();
        var path = plt.Add.ScatterLine(xs, data.Points.Select(p => p.Probability.Estimate).ToArray(), ChartStyle.Guide);
        path.LineWidth = 1.2f;
        foreach (var p in data.Points)
        {
            var whisker = plt.Add.Line(p.Value, p.Probability.Lower, p.Value, p.Probability.Upper);
            whisker.LineColor = ChartStyle.Ink;
            whisker.LineWidth = 1.5f;
        }

        foreach (bool reaches in new[] { true, false })
        {
            var group = data.Points.Where(p => p.Reaches == reaches).ToList();
            if (group.Count == 0)
            {
                continue;
            }

            var markers = plt.Add.ScatterPoints(group.Select(p => p.Value).ToArray(), group.Select(p => p.Probability.Estimate).ToArray(), ChartStyle.Ink);
            markers.MarkerShape = reaches ? MarkerShape.FilledCircle : MarkerShape.OpenCircle;
            markers.MarkerSize = 10;
            markers.LegendText = reaches ? "value that reaches the level (bar: 95% CI)" : "value that falls short of the level";
        }

        bool zoomed = percent != SharedAxes.Percent;
        if (zoomed)
        {
            plt.Axes.Left.TickGenerator = new SharedDecimalTicks(ChartText.PercentTick, 8);
        }
        else
        {
            PercentTicks(plt.Axes.Left);
        }

        plt.Axes.Bottom.TickGenerator = new SharedDecimalTicks(ChartText.ValueTick, 10);
        plt.Axes.SetLimits(data.Range.Min - pad, data.Range.Max + pad, percent.Min, percent.Max);
        Title(plt, o, T(o, $"What it would take: “{ShortenAtWord(data.TargetName, 60)}” · {data.ScenarioId}"));
        string values = $"{Reports.Numbers.Count(data.Points.Count(p => !p.AsItIs), "value")} tried{(data.Points.Any(p => p.AsItIs) ? " and the scenario as it is" : "")}, {data.Paths.ToString("#,0", Invariant)} paths each";
        plt.XLabel(T(o, data.UnitLabel.Length > 0 ? $"{data.LeverPath}, {data.UnitLabel} ({values})" : $"{data.LeverPath} ({values})"), AxisLabelSize);
        plt.YLabel(zoomed ? "Probability the target is met, % (zoomed)" : "Probability the target is met, %", AxisLabelSize);
        plt.ShowLegend(Edge.Bottom);
        plt.Legend.FontSize = LegendSize;
        plt.Legend.SymbolWidth = LegendSymbolWidth;
        plt.Legend.Orientation = Orientation.Horizontal;
        return Png(plt, o);
    }

    /// <summary>
    /// The probability axis: the study's shared 0–100% when the values tried spread over more than half
    /// of it; else zoomed to them, their intervals and the level, to round bounds (in steps of a 1-2-5
    /// number near a quarter of their spread, with a step to spare on each side), so that the crossing
    /// can be read (the label says zoomed): 89.3–90.4% with a 90% level shows 88.5–91%.
    /// A rare chance (everything below 5%) is shown from 0, and a near-certain one (everything above 95%)
    /// up to 100%, to a round 1-2-5 bound a fifth beyond the furthest: 0.35% against 0.7% then reads
    /// as half, not as two dots on the floor of a 0–10% axis.
    /// </summary>
    internal static AxisRange ProbabilityWindow(GoalSeekChartData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        double low = Math.Min(data.LevelPercent, data.Points.Select(p => p.Probability.Lower).DefaultIfEmpty(data.LevelPercent).Min());
        double high = Math.Max(data.LevelPercent, data.Points.Select(p => p.Probability.Upper).DefaultIfEmpty(data.LevelPercent).Max());
        if (high - low > 50)
        {
            return SharedAxes.Percent;
        }

        if (high <= 5)
        {
            return new AxisRange(0, RoundUp(Math.Max(high, 0.01) * 1.2));
        }

        if (low >= 95)
        {
            return new AxisRange(100 - RoundUp(Math.Max(100 - low, 0.01) * 1.2), 100);
        }

        double step = RoundUp(Math.Max(high - low, 0.01) / 4);
        return new AxisRange(Math.Max(0, Math.Floor((low - step) / step) * step), Math.Min(100, Math.Ceiling((high + step) / step) * step));
    }

    /// <summary>The least of 1, 2, 2.5 and 5 times a power of ten at or above <paramref name="x"/> (x &gt; 0).</summary>
    private static double RoundUp(double x)
    {
        double power = Math.Pow(10, Math.Floor(Math.Log10(x)));
        return new[] { 1, 2, 2.5, 5, 10 }.Select(m => m * power).First(v => v >= x * (1 - 1e-12));
    }
}

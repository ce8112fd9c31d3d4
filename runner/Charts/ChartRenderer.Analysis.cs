using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Simulation.Runner.Charts;

/// <summary>The charts of the analysis: what drives a target (tornado), and PRIM's trajectory and chosen box.</summary>
public static partial class ChartRenderer
{
    /// <summary>The low group's colour (Okabe–Ito blue, dark in grey) and the high group's (orange, light in grey).</summary>
    private static readonly Color LowColor = Color.FromHex("#0072B2"), HighColor = Color.FromHex("#E69F00");

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>
    /// (g) What drives a target: for its inputs with the largest first-order index, two bars from the
    /// target's chance on every sampled path to its chance on the paths where the input is in its
    /// lowest fifth (blue, above) and highest fifth (orange, below), each with its 95% interval; the
    /// index is printed on the right.
    /// </summary>
    public static byte[] RenderTornado(TornadoData data, ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var o = (options ?? ChartOptions.Default) with { };
        int n = data.Bars.Length;
        o = o with { Height = Math.Max(o.Height, 190 + (n * 58)) };
        using var plt = NewPlot(o);
        var left = new NumericManual();
        var right = new NumericManual();
        for (int i = 0; i < n; i++)
        {
            var bar = data.Bars[i];
            double y = n - 1 - i;
            Segment(plt, data.Overall.Estimate, bar.Low, y + 0.2, LowColor);
            Segment(plt, data.Overall.Estimate, bar.High, y - 0.2, HighColor);
            left.AddMajor(y, T(o, bar.Label));
            var (value, lower, upper) = Reports.AnalysisText.IndexNumbers(bar.Index);
            right.AddMajor(y, $"S {value} [{lower}–{upper}]");
        }

        var overall = plt.Add.VerticalLine(data.Overall.Estimate, 2, ChartStyle.Ink, LinePattern.Dashed);
        overall.ExcludeFromLegend = true;
        plt.Axes.Left.TickGenerator = left;
        plt.Axes.Left.MajorTickStyle.Length = 0;
        plt.Axes.Right.TickGenerator = right;
        plt.Axes.Right.TickLabelStyle.FontSize = TickSize;
        plt.Axes.Right.MajorTickStyle.Length = 0;
        plt.Grid.YAxisStyle.MajorLineStyle.Width = 0;
        plt.Axes.Bottom.TickGenerator = new SharedDecimalTicks(ChartText.PercentTick, 9);
        plt.Axes.SetLimits(data.XLimits.Min, data.XLimits.Max, -0.7, n - 0.3);
        plt.Axes.SetLimitsY(-0.7, n - 0.3, plt.Axes.Right);
        Title(plt, o, T(o, $"What drives “{ShortenAtWord(data.TargetName, 64)}” · {data.ScenarioId}"));
        plt.XLabel(T(o, $"P(met) on the paths where the input is low or high, % · dashed: all {data.Paths.ToString("#,0", Invariant)} sampled paths, {ChartText.PercentLabel(data.Overall.Estimate)}"),
            AxisLabelSize);
        plt.Legend.ManualItems.Add(new LegendItem { LabelText = "input low: its lowest fifth (or the values in brackets)", FillColor = LowColor, LineWidth = 0 });
        plt.Legend.ManualItems.Add(new LegendItem { LabelText = "input high: its highest fifth (or the values in brackets)", FillColor = HighColor, LineWidth = 0 });
        plt.Legend.ManualItems.Add(new LegendItem { LabelText = "rows by S, the first-order index [95% CI]", LineWidth = 0, FillColor = Colors.Transparent });
        plt.ShowLegend(Edge.Bottom);
        plt.Legend.FontSize = LegendSize;
        plt.Legend.Orientation = Orientation.Horizontal;
        return Png(plt, o);
    }

    /// <summary>A bar from <paramref name="from"/> to a group's chance at height <paramref name="y"/>, with the group's 95% interval as a whisker.</summary>
    private static void Segment(Plot plt, double from, PercentInterval to, double y, Color color)
    {
        const double half = 0.17;
        var rect = plt.Add.Rectangle(Math.Min(from, to.Estimate), Math.Max(from, to.Estimate), y - half, y + half);
        rect.FillColor = color;
        rect.LineColor = color;
        rect.LineWidth = 1;
        var whisker = plt.Add.Line(to.Lower, y, to.Upper, y);
        whisker.LineColor = ChartStyle.Ink;
        whisker.LineWidth = 1.5f;
        foreach (double x in new[] { to.Lower, to.Upper })
        {
            var cap = plt.Add.Line(x, y - (half * 0.6), x, y + (half * 0.6));
            cap.LineColor = ChartStyle.Ink;
            cap.LineWidth = 1.5f;
        }
    }

    /// <summary>
    /// (h) PRIM's peeling trajectory: each box's coverage against its density, coloured by how many
    /// inputs it restricts; the chosen box ringed, and where pasting took it.
    /// </summary>
    public static byte[] RenderTrajectory(TrajectoryData data, ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var o = options ?? ChartOptions.Default;
        o = o with { Height = Math.Max(o.Height, 900) };
        using var plt = NewPlot(o);
        var baseLine = plt.Add.HorizontalLine(data.BaseDensity, 1.5f, ChartStyle.Guide, LinePattern.Dashed);
        baseLine.LegendText = $"all paths: density {ChartText.PercentLabel(data.BaseDensity)}";
        var line = plt.Add.ScatterLine(data.Points.Select(p => p.Coverage).ToArray(), data.Points.Select(p => p.Density).ToArray(), ChartStyle.Guide);
        line.LineWidth = 1;

        // The same boxes on the paths PRIM did not search: where they fall below the searched ones, the box fits noise.
        var held = data.Points.Where(p => double.IsFinite(p.HoldoutCoverage) && double.IsFinite(p.HoldoutDensity)).ToList();
        var holdout = plt.Add.ScatterLine(held.Select(p => p.HoldoutCoverage).ToArray(), held.Select(p => p.HoldoutDensity).ToArray(), ChartStyle.SeriesColor(1));
        holdout.LineWidth = 1.5f;
        holdout.LinePattern = LinePattern.Dashed;
        holdout.MarkerShape = MarkerShape.OpenCircle;
        holdout.MarkerSize = 7;
        holdout.LegendText = "the same boxes on the held-out paths (filled dots: the searched paths)";

        // Up to five classes of restricted inputs, light (few) to dark (many): a legend line per class, not per count.
        int most = data.Points.Max(p => p.Restricted);
        int width = Math.Max(1, (int)Math.Ceiling((most + 1) / 5.0));
        foreach (var group in data.Points.GroupBy(p => p.Restricted / width).OrderBy(g => g.Key))
        {
            int from = group.Key * width, to = Math.Min(most, from + width - 1);
            var color = Sequential(from, most);
            var points = plt.Add.ScatterPoints(group.Select(p => p.Coverage).ToArray(), group.Select(p => p.Density).ToArray(), color);
            points.MarkerShape = MarkerShape.FilledCircle;
            points.MarkerSize = 9;
            points.LegendText = (from == to ? from.ToString(Invariant) : $"{from.ToString(Invariant)}–{to.ToString(Invariant)}")
                + (to == 1 && from == 1 ? " input restricted" : " inputs restricted");
        }

        var chosen = plt.Add.Marker(data.Chosen.Coverage, data.Chosen.Density, MarkerShape.OpenCircle, 24, ChartStyle.Threshold);
        chosen.LineWidth = 2.5f;
        chosen.LegendText = $"chosen, step {data.Chosen.Step.ToString(Invariant)}: {Point(data.Chosen)}";
        if (data.Pasted.Coverage != data.Chosen.Coverage || data.Pasted.Density != data.Chosen.Density)
        {
            var pasted = plt.Add.Marker(data.Pasted.Coverage, data.Pasted.Density, MarkerShape.OpenDiamond, 22, ChartStyle.Threshold);
            pasted.LineWidth = 2.5f;
            pasted.LegendText = $"pasted: {Point(data.Pasted)}";
        }

        if (data.Pruned.Coverage != data.Pasted.Coverage || data.Pruned.Density != data.Pasted.Density)
        {
            var pruned = plt.Add.Marker(data.Pruned.Coverage, data.Pruned.Density, MarkerShape.FilledDiamond, 16, ChartStyle.Threshold);
            pruned.LegendText = $"pruned to inputs of quasi-p < 0.05 ({data.Pruned.Restricted.ToString(Invariant)}): {Point(data.Pruned)}";
        }

        plt.Axes.Bottom.TickGenerator = new SharedDecimalTicks(ChartText.PercentTick, 11);
        plt.Axes.Left.TickGenerator = new SharedDecimalTicks(ChartText.PercentTick, 9);
        plt.Axes.SetLimits(0, 102, data.YLimits.Min, data.YLimits.Max);
        Title(plt, o, T(o, $"When is “{ShortenAtWord(data.Name, 56)}” met? PRIM's peeling · {data.ScenarioId}"));
        plt.XLabel("Coverage: share of the paths that meet it that lie in the box, %", AxisLabelSize);
        plt.YLabel("Density: share of the box's paths that meet it, %", AxisLabelSize);

        // Below the plot: a trajectory may climb through any corner (a rare condition's straight up at full coverage).
        plt.ShowLegend(Edge.Bottom);
        plt.Legend.FontSize = LegendSize;
        plt.Legend.Orientation = Orientation.Horizontal;
        return Png(plt, o);
    }

    private static string Point(TrajectoryPoint p) => $"coverage {ChartText.PercentLabel(p.Coverage)}, density {ChartText.PercentLabel(p.Density)}";

    /// <summary>A light-to-dark blue for <paramref name="k"/> of <paramref name="most"/> restricted inputs (ordered, readable in grey).</summary>
    private static Color Sequential(int k, int most)
    {
        var light = Color.FromHex("#9ECAE1");
        var dark = Color.FromHex("#08306B");
        double t = most <= 0 ? 1 : (double)k / most;
        return new Color(
            (byte)Math.Round(light.R + ((dark.R - light.R) * t)),
            (byte)Math.Round(light.G + ((dark.G - light.G) * t)),
            (byte)Math.Round(light.B + ((dark.B - light.B) * t)));
    }

    /// <summary>
    /// (i) A chosen box: for each restricted input, its full sampled range (grey) and the range the box
    /// keeps (red), with the limits' values and each input's quasi-p-value.
    /// </summary>
    public static byte[] RenderBox(BoxData data, ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        int n = data.Ranges.Length;
        var o = (options ?? ChartOptions.Default) with { };
        o = o with { Height = Math.Max(420, 250 + (n * 62)) };
        using var plt = NewPlot(o);
        var left = new NumericManual();
        var right = new NumericManual();
        for (int i = 0; i < n; i++)
        {
            var r = data.Ranges[i];
            double y = n - 1 - i;
            double span = r.Max - r.Min;
            double Scale(double v) => span > 0 ? (v - r.Min) / span * 100 : 50;
            var full = plt.Add.Rectangle(0, 100, y - 0.12, y + 0.12);
            full.FillColor = Color.FromHex("#D9D9D9");
            full.LineWidth = 0;
            // The range PRIM's box keeps, pale; the range the pruned box keeps (its kept sides only), red over it.
            var prim = plt.Add.Rectangle(Scale(r.Lower), Scale(r.Upper), y - 0.22, y + 0.22);
            prim.FillColor = Color.FromHex("#F4A582").WithAlpha(0.6);
            prim.LineWidth = 0;
            if (r.Kept)
            {
                var kept = plt.Add.Rectangle(Scale(r.LowerKept ? r.Lower : r.Min), Scale(r.UpperKept ? r.Upper : r.Max), y - 0.22, y + 0.22);
                kept.FillColor = ChartStyle.Threshold.WithAlpha(0.85);
                kept.LineWidth = 0;
            }

            Label(plt, o, Minus(r.MinText), 0, y - 0.28, Alignment.UpperLeft, ChartStyle.Guide);
            Label(plt, o, Minus(r.MaxText), 100, y - 0.28, Alignment.UpperRight, ChartStyle.Guide);
            var pale = Color.FromHex("#B2182B").WithAlpha(0.6);
            if (r.LowerText.Length > 0)
            {
                Label(plt, o, "≥ " + Minus(r.LowerText), Scale(r.Lower), y + 0.26, Alignment.LowerCenter, r.LowerKept ? ChartStyle.Threshold : pale);
            }

            if (r.UpperText.Length > 0)
            {
                Label(plt, o, "≤ " + Minus(r.UpperText), Scale(r.Upper), y + 0.26, Alignment.LowerCenter, r.UpperKept ? ChartStyle.Threshold : pale);
            }

            left.AddMajor(y, T(o, r.Label));
            right.AddMajor(y, r.QuasiPText);
        }

        plt.Axes.Left.TickGenerator = left;
        plt.Axes.Left.MajorTickStyle.Length = 0;
        plt.Axes.Right.TickGenerator = right;
        plt.Axes.Right.TickLabelStyle.FontSize = TickSize;
        plt.Axes.Right.MajorTickStyle.Length = 0;
        plt.Axes.Bottom.TickGenerator = new NumericManual();
        plt.Axes.Bottom.MajorTickStyle.Length = 0;
        plt.Grid.IsVisible = false;
        plt.Axes.SetLimits(-6, 106, -0.8, n - 0.2);
        plt.Axes.SetLimitsY(-0.8, n - 0.2, plt.Axes.Right);
        Title(plt, o, T(o, $"When is “{ShortenAtWord(data.Name, 56)}” met? PRIM's box · {data.ScenarioId}"));
        plt.XLabel(T(o, "Grey: each input's sampled range · pale: the range PRIM's box keeps\n"
            + "red: what pruning keeps (limits of quasi-p 0.05 or more dropped one at a time)\n"
            + "qp: in the pruned box, or in PRIM's box for a dropped side\n"
            + $"Held-out paths in the red box: {ChartText.PercentLabel(data.Density)} meet it (all: {ChartText.PercentLabel(data.BaseDensity)}); they hold {ChartText.PercentLabel(data.Coverage)} of those that do"
            + (data.MoreDropped > 0 ? $"\n{data.MoreDropped.ToString(Invariant)} more limits PRIM's box set and pruning dropped are left out here: every limit is in the report's table" : string.Empty)), 14);
        return Png(plt, o);
    }

    /// <summary>A text cut to <paramref name="max"/> characters at a word, with "…".</summary>
    private static string ShortenAtWord(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        int cut = text.LastIndexOf(' ', max - 1);
        return string.Concat(text.AsSpan(0, cut > max / 2 ? cut : max - 1).TrimEnd(" ,:;&(".AsSpan()), "…");
    }

    /// <summary>A number's hyphen-minus as a true minus sign, as the charts print negatives.</summary>
    private static string Minus(string number) => number.Replace('-', '−');

    private static void Label(Plot plt, ChartOptions o, string text, double x, double y, Alignment alignment, Color color)
    {
        var label = plt.Add.Text(T(o, text), x, y);
        label.Alignment = alignment;
        label.LabelFontSize = 12;
        label.LabelFontColor = color;
        if (o.FontName is not null)
        {
            label.LabelFontName = o.FontName;
        }
    }
}

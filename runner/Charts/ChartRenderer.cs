using System.Collections.Immutable;
using System.Globalization;
using ScottPlot;
using ScottPlot.Plottables;
using ScottPlot.TickGenerators;
using SkiaSharp;

namespace Simulation.Runner.Charts;

/// <summary>
/// Draws chart data records with ScottPlot 5 and returns PNG bytes (the caller writes files, e.g.
/// atomically). Every <see cref="Plot"/> is disposed. Axis limits come from the records (shared
/// across scenarios by <see cref="SharedAxes"/>), never from auto-scaling. Years are integer ticks,
/// values have thousands separators, probabilities and paired differences are on ranges chosen from
/// the data, in panels where scales differ (see <see cref="SharedAxes"/>). All text passes through
/// <see cref="ChartText.Drawable"/>, so without a CJK font no box is drawn; and before a chart is drawn
/// each of its texts (title, axis titles, tick labels, legend entries, notes) is checked against the
/// fonts of <see cref="ChartOptions.Faces"/> and given the first that has all its characters, a text
/// none has being drawn in English instead and reported to <see cref="ChartOptions.OnFontGap"/>.
/// Thread safe: each call builds its own plot and surface (ScottPlot's typeface cache is a concurrent
/// dictionary, Skia's typefaces are immutable), so a report draws its charts several at a time.
/// </summary>
public static partial class ChartRenderer
{
    /// <summary>The most swept values a sweep curve marks and ticks one by one.</summary>
    private const int MarkedSweepValues = 12;

    /// <summary>The length of a legend's line sample, pixels: long enough to show a dash pattern (ScottPlot's default shows barely one dash).</summary>
    private const float LegendSymbolWidth = 46;

    private const float TitleSize = 22, AxisLabelSize = 17, TickSize = 14, LegendSize = 14, NoteSize = 13;

    /// <summary>Numbers a tick formatter is asked for, to see the characters its labels use.</summary>
    private static readonly double[] TickSamples = [-1234567.891, -12.5, -0.05, 0, 0.025, 0.5, 1, 12.5, 99.9, 2025, 1234567.891];

    /// <summary>(a) A fan chart: 5–95% and 25–75% bands, median, base-year point, thresholds and milestone years.</summary>
    public static byte[] RenderFanChart(FanChartData data, ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var o = options ?? ChartOptions.Default;
        using var plt = NewPlot(o);
        DrawFan(plt, data, o, compact: false);
        Title(plt, o, T(o, l => $"{data.Cluster.For(l)} · {data.Scenario}"));
        plt.XLabel("Year", AxisLabelSize);
        plt.YLabel(T(o, ChartText.ValueAxis(data.UnitLabel)), AxisLabelSize);
        YearTicks(plt.Axes.Bottom, data.Years, everyYear: true);
        var legend = plt.ShowLegend(Alignment.UpperLeft);
        legend.FontSize = LegendSize;
        legend.SymbolWidth = LegendSymbolWidth;
        if (!data.ThresholdsAbove.IsEmpty)
        {
            Note(plt, o, l => "Thresholds above the axis: " + string.Join(", ", data.ThresholdsAbove.Select(t => ThresholdText(l, t))), Alignment.UpperCenter);
        }

        return Png(plt, o);
    }

    /// <summary>(b) Every cluster's fan chart in one scenario on a grid; each panel on its cluster's shared scale.</summary>
    public static byte[] RenderSmallMultiples(SmallMultiplesData data, ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var o = options ?? ChartOptions.Default;
        const int columns = 5, panelWidth = 460, panelHeight = 310, header = 120, margin = 10;
        int rows = Math.Max(1, (data.Panels.Length + columns - 1) / columns);
        int width = (columns * panelWidth) + (2 * margin), height = header + (rows * panelHeight) + margin;
        var info = new SKImageInfo(width, height);
        using var surface = SKSurface.Create(info);
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        for (int i = 0; i < data.Panels.Length; i++)
        {
            var panel = data.Panels[i];
            using var plt = NewPlot(o);
            DrawFan(plt, panel, o, compact: true);
            plt.Title(Shorten(T(o, panel.Cluster.For), 52), 15);
            YearTicks(plt.Axes.Bottom, [panel.BaseYear, .. panel.Milestones], everyYear: false);
            plt.Axes.Bottom.TickLabelStyle.FontSize = 11;
            plt.Axes.Left.TickLabelStyle.FontSize = 11;
            plt.HideLegend();
            ApplyFont(plt, o);

            // Plot.Render(canvas, rect) clears the whole canvas, so each panel is drawn on a surface of its own and pasted.
            using var panelImage = Raster(plt, panelWidth, panelHeight);
            canvas.DrawImage(panelImage, margin + (i % columns * panelWidth), header + (i / columns * panelHeight));
        }

        using var ink = new SKPaint { Color = new SKColor(0x25, 0x25, 0x25), IsAntialias = true };
        using var grey = new SKPaint { Color = new SKColor(0x55, 0x55, 0x55), IsAntialias = true };
        DrawText(canvas, o, T(o, $"All clusters · {data.Scenario}"), margin + 8, 44, 30, ink);
        DrawText(canvas, o, T(o, $"{ChartText.ValueAxis(data.UnitLabel)} by year. Light band: 5–95% of paths; dark band: 25–75%; line: median; "
            + "dashed red: thresholds; dot: base-year value."), margin + 8, 78, 17, grey);
        DrawText(canvas, o, "Each panel has its own scale, starting at zero, and the same scale on every scenario's page.", margin + 8, 104, 17, grey);
        return EncodePng(surface);
    }

    /// <summary>(c) Milestone distributions as exceedance curves P(value ≥ x), thresholds marked, P(≥ threshold) printed.</summary>
    public static byte[] RenderMilestoneDistribution(MilestoneDistributionData data, ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var o = options ?? ChartOptions.Default;
        using var plt = NewPlot(o);
        if (!data.Thresholds.IsEmpty)
        {
            // Threshold names as tick labels of the top axis, above their lines and clear of the title.
            var top = plt.Axes.Top;
            var ticks = new NumericManual();
            foreach (var t in data.Thresholds)
            {
                plt.Add.VerticalLine(t.Value, 1.5f, ChartStyle.Threshold, LinePattern.Dashed).ExcludeFromLegend = true;
                ticks.AddMajor(t.Value, T(o, t.Label.For));
            }

            top.TickGenerator = ticks;
            top.TickLabelStyle.ForeColor = ChartStyle.Threshold;
            top.TickLabelStyle.FontSize = TickSize + 1;
            top.TickLabelStyle.Bold = true;
            top.MajorTickStyle.Color = ChartStyle.Threshold;
            plt.Axes.SetLimitsX(data.XLimits.Min, data.XLimits.Max, top);
        }

        for (int i = 0; i < data.Curves.Length; i++)
        {
            var c = data.Curves[i];
            var s = plt.Add.Scatter(c.Values.ToArray(), c.ExceedancePercent.ToArray(), ChartStyle.SeriesColor(i + 1));
            s.LinePattern = ChartStyle.SeriesPattern(i);
            s.LineWidth = 2.5f;
            s.MarkerShape = ChartStyle.SeriesMarker(i);
            s.MarkerSize = 9;
            s.LegendText = c.Year.ToString(CultureInfo.InvariantCulture);
        }

        Title(plt, o, T(o, l => $"{data.Cluster.For(l)} · milestone distributions · {data.ScenarioId}"));
        plt.XLabel(T(o, ChartText.ValueAxis(data.UnitLabel)), AxisLabelSize);
        plt.YLabel("P(value ≥ x)  (points: 5th to 95th percentiles)", AxisLabelSize);
        ValueTicks(plt.Axes.Bottom);
        PercentTicks(plt.Axes.Left);
        plt.Axes.SetLimits(data.XLimits.Min, data.XLimits.Max, SharedAxes.Percent.Min, SharedAxes.Percent.Max);
        LegendRight(plt);

        // P(value ≥ threshold) from exact path counts, as a table under the chart: inside the data area it
        // covered the curves whenever a cluster's medians sat far right.
        var thresholds = data.Curves.SelectMany(c => c.Thresholds.Select(t => t.Threshold)).DistinctBy(t => t.Value).OrderBy(t => t.Value).ToList();
        if (thresholds.Count == 0)
        {
            return Png(plt, o);
        }

        var rows = new List<string[]>();
        rows.Add(["P(value ≥ threshold) [95% interval]", .. data.Curves.Select(c => c.Year.ToString(CultureInfo.InvariantCulture))]);
        foreach (var t in thresholds)
        {
            rows.Add([
                T(o, l => $"≥ {ChartText.Value(t.Value)} ({t.Label.For(l)})"),
                .. data.Curves.Select(c => c.Thresholds.FirstOrDefault(x => x.Threshold.Value == t.Value)?.Probability)
                    .Select(p => p is null ? "–"
                        : Reports.Format.ProbabilityBracketed(p.Estimate / 100, p.Lower / 100, p.Upper / 100)),
            ]);
        }

        ApplyFont(plt, o);
        const int rowHeight = 22;
        int footer = 16 + (rowHeight * rows.Count);
        using var chart = Raster(plt, o.Width, o.Height - footer);
        using var surface = SKSurface.Create(new SKImageInfo(o.Width, o.Height));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        canvas.DrawImage(chart, 0, 0);
        using var ink = new SKPaint { Color = new SKColor(0x25, 0x25, 0x25), IsAntialias = true };
        using var rule = new SKPaint { Color = new SKColor(0xBD, 0xBD, 0xBD), StrokeWidth = 1 };
        float tableTop = o.Height - footer + 6, first = 90, second = 470, column = Math.Max(180, (o.Width - second - 20) / Math.Max(1, data.Curves.Length));
        canvas.DrawLine(first, tableTop, o.Width - 20, tableTop, rule);
        for (int r = 0; r < rows.Count; r++)
        {
            float y = tableTop + 16 + (r * rowHeight);
            for (int c = 0; c < rows[r].Length; c++)
            {
                DrawText(canvas, o, rows[r][c], c == 0 ? first : second + ((c - 1) * column), y, 14, ink, bold: r == 0);
            }
        }

        return EncodePng(surface);
    }

    private static byte[] EncodePng(SKSurface surface)
    {
        using var image = surface.Snapshot();
        using var encoded = image.Encode(SKEncodedImageFormat.Png, 100);
        return encoded.ToArray();
    }

    /// <summary>
    /// (d) Each target's probability by scenario, with 95% intervals: one panel per target, each on its own
    /// axis chosen from its scenarios' probabilities (<see cref="TargetProbabilities.Axis"/>), every scenario of
    /// a panel on that axis, the baseline's value drawn across it, and a cut axis said so in the panel.
    /// </summary>
    public static byte[] RenderTargetProbabilities(TargetProbabilityData data, ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var o = options ?? ChartOptions.Default;
        int n = data.ScenarioIds.Length;
        bool reference = data.Targets.Any(t => t.Scenarios.Any(s => s.ScenarioId == data.BaselineId));
        var legend = ScenarioLegend(data.ScenarioIds, line: false);
        if (reference)
        {
            legend.Add(ReferenceItem($"{data.BaselineId}'s value"));
        }

        string subtitle = $"Each target on its own scale (a cut axis says where it starts); bars: 95% intervals; "
            + $"{data.Paths.ToString("#,0", CultureInfo.InvariantCulture)} paths per scenario.";
        return Faceted(o, "Probability of meeting each target, by scenario", subtitle, data.Targets.Length, legend, (plt, i, width, height) =>
        {
            var target = data.Targets[i];
            var axis = target.Axis;
            var points = data.ScenarioIds.Select((id, s) => (S: s, Id: id, P: target.Scenarios.FirstOrDefault(x => x.ScenarioId == id)?.Probability))
                .Where(x => x.P is not null).ToList();
            var labels = ChartText.ProbabilityLabels([.. points.Select(x => x.P!)]);
            bool vertical = width / Math.Max(1, n) < 62;
            if (target.Scenarios.FirstOrDefault(s => s.ScenarioId == data.BaselineId) is { } baseline)
            {
                ReferenceLine(plt, baseline.Probability.Estimate);
            }

            for (int k = 0; k < points.Count; k++)
            {
                var p = points[k].P!;
                AddPointsWithIntervals(plt, points[k].S, points[k].Id, [points[k].S], [p.Estimate], [p.Upper - p.Estimate], [p.Estimate - p.Lower]);
                ValueLabel(plt, o, points[k].S, p.Upper, labels[k], vertical);
            }

            plt.Axes.Bottom.TickGenerator = new NumericManual();
            plt.Axes.Bottom.MajorTickStyle.Length = 0;
            plt.Grid.XAxisStyle.MajorLineStyle.Width = 0;
            TickedAxis(plt.Axes.Left, axis, v => ChartText.PercentTick(v, axis.Decimals));
            SetPanelLimits(plt, -0.6, n - 0.4, axis, height, vertical ? 68 : 24, points.Select(x => x.P!.Upper).DefaultIfEmpty(axis.Max).Max());
            PanelTitle(plt, o, $"{target.TargetId} ({target.Year.ToString(CultureInfo.InvariantCulture)})" + CutNote(axis), width);
            plt.YLabel(axis.FromZero ? "Probability, %" : "Probability, % (cut axis)", AxisLabelSize - 2);
        });
    }

    /// <summary>
    /// (e) One cluster's median and 25–75% band in every scenario, on the cluster's shared axes. Every
    /// scenario has its own colour, line pattern and marker (markers set slightly apart, so nearly equal
    /// medians stay visible); a series exactly equal to an earlier one is not drawn but named in the legend.
    /// </summary>
    public static byte[] RenderScenarioOverlay(ScenarioOverlayData data, ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var o = options ?? ChartOptions.Default;
        using var plt = NewPlot(o);
        double[] xs = data.Years.Select(y => (double)y).ToArray();
        var same = data.Same.ToDictionary(x => x.ScenarioId, x => x.SameAs, StringComparer.Ordinal);
        var first = data.Series.FirstOrDefault();
        var drawn = data.Series.Where(x => !same.ContainsKey(x.ScenarioId)).ToList();
        int n = data.ScenarioIds.Length;

        // Only the baseline's (first scenario's) band is filled; the others are drawn as thin edges in the
        // scenario's colour and pattern, because several overlapping fills blend into one muddy block.
        // Then the medians, in reverse study order so the baseline is drawn last and never hidden.
        foreach (var series in Enumerable.Reverse(drawn))
        {
            int s = data.ScenarioIds.IndexOf(series.ScenarioId);
            if (series == first)
            {
                var band = plt.Add.FillY(xs, series.P25.ToArray(), series.P75.ToArray());
                band.FillColor = ChartStyle.SeriesColor(s).WithAlpha(0.12);
                band.LineWidth = 0;
            }

            foreach (var edge in new[] { series.P25, series.P75 })
            {
                var e = plt.Add.ScatterLine(xs, edge.ToArray(), ChartStyle.SeriesColor(s).WithAlpha(0.6));
                e.LineWidth = 1;
                e.LinePattern = ChartStyle.SeriesPattern(s);
            }
        }

        ThresholdLines(plt, o, data.Thresholds, data.YLimits, "Threshold");
        foreach (var series in Enumerable.Reverse(drawn))
        {
            int s = data.ScenarioIds.IndexOf(series.ScenarioId);
            var line = plt.Add.ScatterLine(xs, series.P50.ToArray(), ChartStyle.SeriesColor(s));
            line.LineWidth = 2.5f;
            line.LinePattern = ChartStyle.SeriesPattern(s);
            var marks = plt.Add.ScatterPoints(xs.Select(x => x + MarkerOffset(s, n)).ToArray(), series.P50.ToArray(), ChartStyle.SeriesColor(s));
            marks.MarkerShape = ChartStyle.SeriesMarker(s);
            marks.MarkerSize = 8;
        }

        // The legend in study order, every scenario with its own style; one equal to an earlier one says so.
        var legend = new List<LegendItem>();
        if (first is not null)
        {
            legend.Add(new LegendItem
            {
                LabelText = $"{first.ScenarioId}: 25–75% of paths",
                FillColor = ChartStyle.SeriesColor(data.ScenarioIds.IndexOf(first.ScenarioId)).WithAlpha(0.12),
            });
        }

        if (!data.Thresholds.IsEmpty)
        {
            legend.Add(new LegendItem { LabelText = "Threshold", LineColor = ChartStyle.Threshold, LineWidth = 1.5f, LinePattern = LinePattern.Dashed });
        }

        foreach (var series in data.Series)
        {
            int s = data.ScenarioIds.IndexOf(series.ScenarioId);
            var item = SeriesItem(s, series.ScenarioId, line: true);
            if (same.TryGetValue(series.ScenarioId, out string? other))
            {
                item.LabelText = $"{series.ScenarioId} = {other} (identical)";
            }

            legend.Add(item);
        }

        plt.Legend.ManualItems.AddRange(legend);
        plt.Legend.DisplayPlottableLegendItems = false;
        // The legend here is wide: the title is sized for the data area left of it (ScottPlot centres it there).
        Title(plt, o, T(o, l => $"{data.Cluster.For(l)} · median and 25–75% band by scenario"), reserve: 620);
        plt.XLabel(same.Count > 0 ? "Year · “= x (identical)”: the same values as x here, not drawn again" : "Year", AxisLabelSize);
        plt.YLabel(T(o, ChartText.ValueAxis(data.UnitLabel)), AxisLabelSize);
        YearTicks(plt.Axes.Bottom, data.Years, everyYear: true);
        ValueTicks(plt.Axes.Left);
        plt.Axes.SetLimits(data.Years[0] - 0.5, data.Years[^1] + 0.5, data.YLimits.Min, data.YLimits.Max);
        LegendRight(plt);
        return Png(plt, o);
    }

    /// <summary>How far (years) scenario <paramref name="s"/> of <paramref name="n"/> sets its overlay markers beside the year: at most an eighth of a year either way.</summary>
    internal static double MarkerOffset(int s, int n) => n <= 1 ? 0 : (s - ((n - 1) / 2.0)) * Math.Min(0.03, 0.24 / n);

    /// <summary>
    /// (f) Paired differences from the baseline per target, percentage points with paired 95% intervals: one
    /// panel per group of scenarios whose effects are of a similar size (<see cref="PairedDifferenceData.Panels"/>),
    /// each on its own axis with the zero line, so a large effect does not flatten the small ones.
    /// </summary>
    public static byte[] RenderPairedDifferences(PairedDifferenceData data, ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var o = options ?? ChartOptions.Default;
        var panels = data.Panels;
        string baseline = data.BaselineId == "baseline" ? "the baseline" : $"the baseline ({data.BaselineId})";
        string subtitle = panels.Length > 1
            ? $"P(scenario) − P(baseline), pp, paired 95% intervals. Effects of different sizes (more than {SharedAxes.FacetRatio.ToString(CultureInfo.InvariantCulture)}×) are in separate panels, each on its own scale."
            : "P(scenario) − P(baseline), pp, paired 95% intervals; the same paths in every scenario (common random numbers).";
        var shown = panels.SelectMany(p => p.ScenarioIds).ToHashSet(StringComparer.Ordinal);
        var legend = ScenarioLegend([.. data.ScenarioIds.Where(shown.Contains)], line: false, data.ScenarioIds);
        return Faceted(o, $"Change in each target's probability vs {baseline}, paired", subtitle, panels.Length, legend, (plt, g, width, height) =>
        {
            var panel = panels[g];
            var axis = panel.Axis;
            int k = panel.ScenarioIds.Length;
            var zero = plt.Add.HorizontalLine(0, 1.5f, ChartStyle.Ink, LinePattern.Solid);
            zero.ExcludeFromLegend = true;
            var points = new List<(int S, int Target, int J, DifferencePoint P)>();
            for (int j = 0; j < k; j++)
            {
                string id = panel.ScenarioIds[j];
                for (int t = 0; t < data.Targets.Length; t++)
                {
                    if (data.Targets[t].Scenarios.FirstOrDefault(x => x.ScenarioId == id) is { } p)
                    {
                        points.Add((data.ScenarioIds.IndexOf(id), t, j, p));
                    }
                }
            }

            var labels = ChartText.DifferenceLabels([.. points.Select(x => x.P)]);
            bool vertical = width / Math.Max(1, data.Targets.Length * k) < 62;
            for (int i = 0; i < points.Count; i++)
            {
                var (s, t, j, p) = points[i];
                double x = t + Offset(j, k);
                AddPointsWithIntervals(plt, s, p.ScenarioId, [x], [p.Difference], [p.Upper - p.Difference], [p.Difference - p.Lower]);
                ValueLabel(plt, o, x, p.Upper, labels[i], vertical);
            }

            CategoryAxis(plt, o, data.Targets.Select(t => (t.TargetId, t.Year)).ToList());
            TickedAxis(plt.Axes.Left, axis, v => ChartText.PercentagePointsTick(v, axis.Decimals));
            SetPanelLimits(plt, -0.5, data.Targets.Length - 0.5, axis, height, vertical ? 86 : 24, points.Select(x => x.P.Upper).DefaultIfEmpty(axis.Max).Max());
            if (panels.Length > 1)
            {
                PanelTitle(plt, o, string.Join(" · ", panel.ScenarioIds), width);
            }
            plt.YLabel("pp vs baseline", AxisLabelSize - 2);
        }, columns: 1);
    }

    /// <summary>
    /// (g) Target probability against the swept lever value, with 95% interval bands: one panel per target,
    /// each on its own axis from its lines (<see cref="SweepCurveData.Panels"/>), the baseline's probability across it.
    /// </summary>
    public static byte[] RenderSweepCurve(SweepCurveData data, ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var o = options ?? ChartOptions.Default;

        // A short sweep has a tick and a marker at every swept value; a long one (more than a dozen
        // values) would crowd them into a smear, and gets ordinary ticks and a plain line instead.
        var swept = data.Series.SelectMany(s => s.LeverValues).Distinct().Order().ToArray();
        bool marked = swept.Length <= MarkedSweepValues;

        // A grid's lines: colour by target, line pattern and marker by the other sweeps' values.
        var targets = data.Series.Select(s => s.TargetId).Distinct(StringComparer.Ordinal).ToList();
        var helds = data.Series.Select(s => s.Held).Distinct(StringComparer.Ordinal).ToList();
        bool grid = helds.Count > 1;
        int colour(int i) => targets.IndexOf(data.Series[i].TargetId);
        int style(int i) => grid ? helds.IndexOf(data.Series[i].Held) : colour(i);
        var legend = new List<LegendItem>();
        if (grid)
        {
            legend.AddRange(helds.Select((h, k) => new LegendItem
            {
                LabelText = h,
                LineColor = ChartStyle.Ink,
                LineWidth = 2.2f,
                LinePattern = ChartStyle.SeriesPattern(k),
                MarkerShape = marked ? ChartStyle.SeriesMarker(k) : MarkerShape.None,
                MarkerFillColor = ChartStyle.Ink,
                MarkerLineColor = ChartStyle.Ink,
                MarkerSize = 9,
            }));
        }

        var panels = data.Panels;
        string? referenceId = panels.Select(p => p.Reference?.ScenarioId).FirstOrDefault(id => id is not null);
        if (grid && referenceId is not null)
        {
            legend.Add(ReferenceItem($"{referenceId}'s value"));
        }

        // A tick per swept value, unless two values stand so close that their labels would overlap
        // (0.025 and 0.03 on an axis to 0.2): then ordinary ticks, the markers still at the values.
        bool ticked = marked && TicksFit(swept);
        string xNote = ticked ? "ticks at the swept values"
            : marked ? "markers at the swept values"
            : $"{swept.Length} swept values from {ChartText.Value(swept[0])} to {ChartText.Value(swept[^1])}";
        string xLabel = T(o, data.UnitLabel.Length > 0 ? $"{data.LeverPath}, {data.UnitLabel}" : data.LeverPath);
        string subtitle = $"Each target on its own scale (a cut axis says where it starts); shade: 95% interval; {xNote}"
            + (referenceId is null ? "." : $"; dashed grey: {referenceId}'s value.");
        return Faceted(o, T(o, $"Target probability along the sweep `{data.SweepId}`"), subtitle, panels.Length, legend, (plt, p, width, height) =>
        {
            var panel = panels[p];
            var axis = panel.Axis;
            var members = Enumerable.Range(0, data.Series.Length).Where(i => data.Series[i].TargetId == panel.TargetId).ToList();
            if (panel.Reference is { } reference)
            {
                ReferenceLine(plt, reference.Probability.Estimate);
            }

            foreach (int i in members)
            {
                var s = data.Series[i];
                var band = plt.Add.FillY(s.LeverValues.ToArray(), s.Probabilities.Select(q => q.Lower).ToArray(), s.Probabilities.Select(q => q.Upper).ToArray());
                band.FillColor = ChartStyle.SeriesColor(colour(i)).WithAlpha(grid ? 0.08 : 0.15);
                band.LineWidth = 0;
            }

            foreach (int i in members)
            {
                var s = data.Series[i];
                var line = plt.Add.Scatter(s.LeverValues.ToArray(), s.Probabilities.Select(q => q.Estimate).ToArray(), ChartStyle.SeriesColor(colour(i)));
                line.LineWidth = 2.2f;
                line.LinePattern = ChartStyle.SeriesPattern(style(i));
                line.MarkerShape = marked ? ChartStyle.SeriesMarker(style(i)) : MarkerShape.None;
                line.MarkerSize = marked ? 9 : 0;
            }

            if (ticked)
            {
                var ticks = new NumericManual();
                var labels = ChartText.SharedDecimalValues(swept);
                for (int k = 0; k < swept.Length; k++)
                {
                    ticks.AddMajor(swept[k], labels[k]);
                }

                plt.Axes.Bottom.TickGenerator = ticks;
            }
            else
            {
                plt.Axes.Bottom.TickGenerator = new SharedDecimalTicks(ChartText.ValueTick, 8);
            }

            TickedAxis(plt.Axes.Left, axis, v => ChartText.PercentTick(v, axis.Decimals));
            SetPanelLimits(plt, data.XLimits.Min, data.XLimits.Max, axis, height, 8);
            string title = panel.TargetId;
            if (!grid && members.Count == 1 && data.Series[members[0]] is { Probabilities.IsEmpty: false } only)
            {
                var ends = ChartText.ProbabilityLabels([only.Probabilities[0], only.Probabilities[^1]]);
                title += $": {ends[0]} at {ChartText.Value(only.LeverValues[0])} → {ends[1]} at {ChartText.Value(only.LeverValues[^1])}";
            }

            var same = data.Same.Where(x => x.TargetId == panel.TargetId).GroupBy(x => x.SameAs, StringComparer.Ordinal).ToList();
            if (same.Count > 0)
            {
                title += " · identical: " + string.Join("; ", same.Select(g => $"{string.Join(", ", g.Select(x => x.Held))} = {g.Key}"));
            }

            PanelTitle(plt, o, T(o, title + CutNote(axis)), width);
            plt.XLabel(xLabel, AxisLabelSize - 3);
            plt.YLabel(axis.FromZero ? "Probability, %" : "Probability, % (cut axis)", AxisLabelSize - 2);
        });
    }
    /// <summary>Whether a tick labelled at each of the (ascending) swept values leaves every label room: no two closer than a twentieth of the range.</summary>
    internal static bool TicksFit(IReadOnlyList<double> swept) =>
        swept.Zip(swept.Skip(1), (a, b) => b - a).All(gap => gap >= (swept[^1] - swept[0]) / 20);

    private static void DrawFan(Plot plt, FanChartData d, ChartOptions o, bool compact)
    {
        double[] xs = d.Years.Select(y => (double)y).ToArray();
        foreach (int m in d.Milestones)
        {
            var v = plt.Add.VerticalLine(m, 1.2f, ChartStyle.Guide, LinePattern.Dotted);
            v.ExcludeFromLegend = compact || m != d.Milestones[0];
            v.LegendText = "Milestone year";
        }

        var outer = plt.Add.FillY(xs, d.P05.ToArray(), d.P95.ToArray());
        outer.FillColor = ChartStyle.OuterBand;
        outer.LineWidth = 0;
        outer.LegendText = "5–95% of paths";
        var inner = plt.Add.FillY(xs, d.P25.ToArray(), d.P75.ToArray());
        inner.FillColor = ChartStyle.InnerBand;
        inner.LineWidth = 0;
        inner.LegendText = "25–75% of paths";
        var median = plt.Add.ScatterLine(xs, d.P50.ToArray(), ChartStyle.Median);
        median.LineWidth = compact ? 2 : 3;
        median.LegendText = "Median";
        if (compact)
        {
            foreach (var t in d.Thresholds)
            {
                plt.Add.HorizontalLine(t.Value, 1, ChartStyle.Threshold, LinePattern.Dashed).ExcludeFromLegend = true;
            }
        }
        else
        {
            ThresholdLines(plt, o, d.Thresholds, d.YLimits, "Threshold (labelled on the right)");
        }

        bool observedShown = false;
        foreach (var mark in d.Observed)
        {
            // A published figure: a diamond at a value, a bar over a range, a triangle at the known end of
            // an open one (▲ at least, ▼ at most); one outside the shared axis is left to the backtest table.
            var observed = ChartStyle.Observed;
            string legend = compact || observedShown ? string.Empty : "Published figure (◆ value, bar: range, ▲ at least, ▼ at most)";
            double? at = mark.Value ?? (mark.Low is null ? mark.High : mark.High is null ? mark.Low : null);
            if (at is { } figure)
            {
                if (!d.YLimits.Contains(figure))
                {
                    continue;
                }

                var shape = mark.Value is not null ? MarkerShape.FilledDiamond : mark.Low is not null ? MarkerShape.FilledTriangleUp : MarkerShape.FilledTriangleDown;
                plt.Add.Marker(mark.Year, figure, shape, compact ? 8 : 14, observed).LegendText = legend;
            }
            else if (Math.Max(mark.Low!.Value, d.YLimits.Min) < Math.Min(mark.High!.Value, d.YLimits.Max))
            {
                var bar = plt.Add.Line(mark.Year, Math.Max(mark.Low.Value, d.YLimits.Min), mark.Year, Math.Min(mark.High.Value, d.YLimits.Max));
                bar.LineWidth = compact ? 4 : 7;
                bar.LineColor = observed;
                bar.LegendText = legend;
            }
            else
            {
                continue;
            }

            observedShown = true;
        }

        var point = plt.Add.Marker(d.BaseYear, d.BaseValue, MarkerShape.FilledCircle, compact ? 7 : 11, ChartStyle.Ink);
        point.LegendText = compact ? "" : T(o, l => $"{d.BaseYear} value: {ChartText.Value(d.BaseValue)} ({d.BaseValueName.For(l)})");
        ValueTicks(plt.Axes.Left, compact ? 5 : null);
        plt.Axes.SetLimits(d.Years[0] - 0.5, d.Years[^1] + 0.5, d.YLimits.Min, d.YLimits.Max);
    }

    private static void AddPointsWithIntervals(Plot plt, int s, string label, List<double> xs, List<double> ys, List<double> up, List<double> down)
    {
        var zeros = new double[xs.Count];
        var bars = new ErrorBar(xs, ys, zeros, zeros, up, down)
        {
            LineColor = ChartStyle.SeriesColor(s),
            LineWidth = 2,
            CapSize = 8,
        };
        plt.Add.Plottable(bars);
        var points = plt.Add.ScatterPoints(xs.ToArray(), ys.ToArray(), ChartStyle.SeriesColor(s));
        points.MarkerShape = ChartStyle.SeriesMarker(s);
        points.MarkerSize = 11;
        points.LegendText = label;
    }

    /// <summary>A point's value printed just above its interval; written upwards when the points stand too close for side-by-side labels.</summary>
    private static void ValueLabel(Plot plt, ChartOptions o, double x, double top, string text, bool vertical)
    {
        var label = plt.Add.Text(text, x, top);
        label.Alignment = vertical ? Alignment.MiddleLeft : Alignment.LowerCenter;
        label.LabelRotation = vertical ? -90 : 0;
        label.LabelFontSize = 11;
        label.OffsetY = -3;
        label.LabelFontColor = ChartStyle.Ink;
        if (o.FontName is not null)
        {
            label.LabelFontName = o.FontName;
        }
    }

    /// <summary>A panel's value axis: a tick at every step of <paramref name="axis"/>, all written with one number of decimals.</summary>
    private static void TickedAxis(IYAxis y, TickedRange axis, Func<double, string> format)
    {
        var ticks = new NumericManual();
        foreach (double v in axis.Ticks())
        {
            ticks.AddMajor(v, format(v));
        }

        y.TickGenerator = ticks;
    }

    /// <summary>
    /// The panel's limits: its ticked range, a little room below (a point at the lowest tick is not cut) and
    /// <paramref name="room"/> pixels above <paramref name="highest"/> (the top of the highest interval) for value
    /// labels (the data area is about the panel's <paramref name="height"/> less 110 pixels of titles and ticks).
    /// </summary>
    private static void SetPanelLimits(Plot plt, double xMin, double xMax, TickedRange axis, int height, int room, double highest = double.NegativeInfinity)
    {
        double span = axis.Max - axis.Min;
        double perPixel = span / Math.Max(80.0, height - 110);
        plt.Axes.SetLimits(xMin, xMax, axis.Min - (0.03 * span), Math.Max(axis.Max + (4 * perPixel), highest + (room * perPixel)));
    }

    /// <summary>" · cut axis: from 65%" when a probability axis does not start at zero; else nothing.</summary>
    private static string CutNote(TickedRange axis) => axis.FromZero ? "" : $" · cut axis: from {ChartText.PercentTick(axis.Min, axis.Decimals)}, not 0";

    /// <summary>A panel's title, smaller when long and cut with "…" only where even that would not fit the panel's <paramref name="width"/>.</summary>
    private static void PanelTitle(Plot plt, ChartOptions o, string text, int width)
    {
        string drawn = T(o, text);
        float size = Math.Clamp((width - 30) / (0.6f * Math.Max(1, drawn.Length)), 11, 15);
        plt.Title(Shorten(drawn, (int)((width - 30) / (0.6f * 11))), size);
    }

    /// <summary>The reference across a panel: a grey dashed line at the baseline's value.</summary>
    private static void ReferenceLine(Plot plt, double value)
    {
        var line = plt.Add.HorizontalLine(value, 1.5f, ChartStyle.Guide, LinePattern.Dashed);
        line.ExcludeFromLegend = true;
    }

    private static LegendItem ReferenceItem(string text) =>
        new() { LabelText = text, LineColor = ChartStyle.Guide, LineWidth = 1.5f, LinePattern = LinePattern.Dashed };

    /// <summary>A scenario's legend entry in its style (colour, marker and, with <paramref name="line"/>, line pattern) by its position <paramref name="s"/>.</summary>
    private static LegendItem SeriesItem(int s, string text, bool line) => new()
    {
        LabelText = text,
        LineColor = line ? ChartStyle.SeriesColor(s) : Colors.Transparent,
        LineWidth = line ? 2.5f : 0,
        LinePattern = ChartStyle.SeriesPattern(s),
        MarkerShape = ChartStyle.SeriesMarker(s),
        MarkerFillColor = ChartStyle.SeriesColor(s),
        MarkerLineColor = ChartStyle.SeriesColor(s),
        MarkerSize = line ? 8 : 11,
    };

    /// <summary>Legend entries for scenarios, styled by their position in <paramref name="order"/> (default: <paramref name="ids"/>).</summary>
    private static List<LegendItem> ScenarioLegend(ImmutableArray<string> ids, bool line, ImmutableArray<string>? order = null) =>
        [.. ids.Select(id => SeriesItem((order ?? ids).IndexOf(id), id, line))];

    private const int FacetHeader = 84, FacetMargin = 10, FacetMinHeight = 260;

    /// <summary>
    /// Panels on a grid (one column for one panel, else two), the figure's title and subtitle above and one
    /// legend for all panels on the right (none when <paramref name="legend"/> is empty). The figure is
    /// <see cref="ChartOptions.Width"/> × <see cref="ChartOptions.Height"/> unless that leaves a panel lower
    /// than <see cref="FacetMinHeight"/>: then it grows taller. <paramref name="draw"/> gets each panel's plot,
    /// index, width and height in pixels.
    /// </summary>
    private static byte[] Faceted(ChartOptions o, string title, string subtitle, int panels, List<LegendItem> legend, Action<Plot, int, int, int> draw, int columns = 2)
    {
        using var legendImage = legend.Count == 0 ? null : LegendImage(o, legend);
        int legendWidth = legendImage is null ? 0 : legendImage.Width + 16;
        columns = Math.Clamp(panels, 1, columns);
        int rows = Math.Max(1, (panels + columns - 1) / columns);
        int panelWidth = (o.Width - legendWidth - (2 * FacetMargin)) / columns;
        int panelHeight = Math.Max(FacetMinHeight, (o.Height - FacetHeader - FacetMargin) / rows);
        int height = Math.Max(o.Height, FacetHeader + (rows * panelHeight) + FacetMargin);
        using var surface = SKSurface.Create(new SKImageInfo(o.Width, height));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        for (int i = 0; i < panels; i++)
        {
            using var plt = NewPlot(o);
            draw(plt, i, panelWidth, panelHeight);
            plt.HideLegend();
            plt.Axes.Left.TickLabelStyle.FontSize = TickSize - 1;
            plt.Axes.Bottom.TickLabelStyle.FontSize = TickSize - 1;
            ApplyFont(plt, o);
            using var image = Raster(plt, panelWidth, panelHeight);
            canvas.DrawImage(image, FacetMargin + (i % columns * panelWidth), FacetHeader + (i / columns * panelHeight));
        }

        if (legendImage is not null)
        {
            canvas.DrawImage(legendImage, o.Width - legendWidth + 4, FacetHeader + 10);
        }

        using var ink = new SKPaint { Color = new SKColor(0x25, 0x25, 0x25), IsAntialias = true };
        using var grey = new SKPaint { Color = new SKColor(0x55, 0x55, 0x55), IsAntialias = true };
        DrawText(canvas, o, title, FacetMargin + 8, 36, Math.Clamp((o.Width - 40) / (0.6f * Math.Max(1, title.Length)), 13, TitleSize + 2), ink);
        DrawText(canvas, o, subtitle, FacetMargin + 8, 66, Math.Clamp((o.Width - 40) / (0.56f * Math.Max(1, subtitle.Length)), 11, 15), grey);
        return EncodePng(surface);
    }

    /// <summary>A legend alone, drawn from its entries, for a figure of several panels.</summary>
    private static SKImage LegendImage(ChartOptions o, List<LegendItem> items)
    {
        using var plt = NewPlot(o);
        plt.Legend.ManualItems.AddRange(items);
        plt.Legend.DisplayPlottableLegendItems = false;
        plt.ShowLegend();
        plt.Legend.FontSize = LegendSize;
        plt.Legend.SymbolWidth = LegendSymbolWidth;
        ApplyFont(plt, o);
        using var image = plt.Legend.GetImage();
        return SKImage.FromEncodedData(image.GetImageBytes());
    }
    private static double Offset(int s, int n) => n <= 1 ? 0 : -0.35 + (0.7 * s / (n - 1));

    private static void CategoryAxis(Plot plt, ChartOptions o, List<(string Id, int Year)> categories)
    {
        var ticks = new NumericManual();
        for (int i = 0; i < categories.Count; i++)
        {
            ticks.AddMajor(i, T(o, $"{categories[i].Id}\n({categories[i].Year.ToString(CultureInfo.InvariantCulture)})"));
            if (i > 0)
            {
                var sep = plt.Add.VerticalLine(i - 0.5, 1, ChartStyle.Guide.WithAlpha(0.5), LinePattern.Solid);
                sep.ExcludeFromLegend = true;
            }
        }

        plt.Axes.Bottom.TickGenerator = ticks;
        plt.Axes.Bottom.MajorTickStyle.Length = 0;
        plt.Axes.Bottom.MinorTickStyle.Length = 0;
        plt.Grid.XAxisStyle.MajorLineStyle.Width = 0;
    }

    private static void YearTicks(IXAxis axis, IEnumerable<int> years, bool everyYear)
    {
        var ticks = new NumericManual();
        var list = years.Distinct().Order().ToList();
        if (everyYear && list.Count > 1)
        {
            list = Enumerable.Range(list[0], list[^1] - list[0] + 1).ToList();
        }

        foreach (int y in list)
        {
            ticks.AddMajor(y, y.ToString(CultureInfo.InvariantCulture));
        }

        axis.TickGenerator = ticks;
    }

    private static void ValueTicks(IAxis axis, int? target = null) =>
        axis.TickGenerator = new SharedDecimalTicks(ChartText.ValueTick, target ?? 11);

    private static void PercentTicks(IYAxis axis)
    {
        var ticks = new NumericManual();
        for (int p = 0; p <= 100; p += 20)
        {
            ticks.AddMajor(p, ChartText.Percent(p));
        }

        for (int p = 10; p < 100; p += 20)
        {
            ticks.AddMinor(p);
        }

        axis.TickGenerator = ticks;
    }

    private static void LegendRight(Plot plt)
    {
        plt.ShowLegend(Edge.Right);
        plt.Legend.FontSize = LegendSize;
        plt.Legend.SymbolWidth = LegendSymbolWidth;
    }

    /// <summary>Dashed threshold lines, named by horizontal tick labels of the right axis: aligned with their lines, never over the data.</summary>
    private static void ThresholdLines(Plot plt, ChartOptions o, IReadOnlyList<ThresholdLine> thresholds, AxisRange yLimits, string legend)
    {
        if (thresholds.Count == 0)
        {
            return;
        }

        var ticks = new NumericManual();
        var labels = thresholds.Select(t => T(o, t.Label.For)).ToList();
        for (int i = 0; i < thresholds.Count; i++)
        {
            var h = plt.Add.HorizontalLine(thresholds[i].Value, 1.5f, ChartStyle.Threshold, LinePattern.Dashed);
            h.ExcludeFromLegend = i > 0;
            h.LegendText = legend;
            ticks.AddMajor(thresholds[i].Value, labels[i]);
        }

        var right = plt.Axes.Right;
        right.TickGenerator = ticks;
        right.TickLabelStyle.ForeColor = ChartStyle.Threshold;
        right.TickLabelStyle.FontSize = TickSize + 1;
        right.TickLabelStyle.Bold = true;
        right.MajorTickStyle.Color = ChartStyle.Threshold;

        // The layout measures labels in the axis font, but CJK characters are drawn by a fallback font
        // about one em wide each, so "5000亿" ran into the figure's edge: reserve their width.
        var cjk = labels.Where(l => l.Any(ChartText.IsCjk)).ToList();
        if (cjk.Count > 0)
        {
            float size = right.TickLabelStyle.FontSize;
            right.MinimumSize = Math.Max(right.MinimumSize, cjk.Max(l => l.Sum(c => ChartText.IsCjk(c) ? size : 0.62f * size)) + 36);
        }

        plt.Axes.SetLimitsY(yLimits.Min, yLimits.Max, right);
    }

    private static void Note(Plot plt, ChartOptions o, string text, Alignment alignment) => Note(plt, o, _ => text, alignment);

    private static void Note(Plot plt, ChartOptions o, Func<ChartLanguage, string> compose, Alignment alignment)
    {
        var a = plt.Add.Annotation(T(o, compose), alignment);
        a.LabelFontSize = NoteSize;
        a.LabelBackgroundColor = Colors.White.WithAlpha(0.85);
        a.LabelBorderColor = ChartStyle.Guide;
        a.LabelFontColor = ChartStyle.Ink;
        a.LabelShadowColor = Colors.Transparent;
        if (o.FontName is not null)
        {
            a.LabelFontName = o.FontName;
        }
    }

    private static string ThresholdText(ChartLanguage language, ThresholdLine t) =>
        $"{ChartText.Value(t.Value)} ({t.Label.For(language)})";

    /// <summary>A title centred on the whole figure (not the data area, which legends and right axes shift), smaller when long.</summary>
    private static void Title(Plot plt, ChartOptions o, string text, int reserve = 320)
    {
        // DejaVu Sans averages about 0.62 em per character; the title is centred over the data area, which
        // axes and an outside legend narrow to about the width less 320 pixels (more with a wide legend).
        plt.Title(text, Math.Clamp((o.Width - reserve) / (0.62f * Math.Max(1, text.Length)), 13, TitleSize));
        plt.Axes.Title.FullFigureCenter = true;
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1).TrimEnd(), "…");

    private static string T(ChartOptions o, string text) => T(o, _ => text);

    /// <summary>
    /// A text composed in the chart's language (<paramref name="compose"/> is given it), as drawn: as
    /// composed when one font of the run has all its characters; else composed in English, Chinese money
    /// words rewritten and glosses dropped (<see cref="ChartText.Drawable"/>), and reported as a gap.
    /// </summary>
    private static string T(ChartOptions o, Func<ChartLanguage, string> compose)
    {
        string text = ChartText.Drawable(compose(o.EffectiveLanguage), o.CanDrawCjk);
        if (o.Faces.IsEmpty || o.FaceFor(text) is not null)
        {
            return text;
        }

        string english = ChartText.Drawable(compose(ChartLanguage.English), cjkFont: false);
        if (english != text)
        {
            // The same text with nothing to draw instead is left to ApplyFont, which reports it with its boxes.
            o.Report(text, english, boxes: o.FaceFor(english) is null);
        }

        return english;
    }

    private static Plot NewPlot(ChartOptions o)
    {
        var plt = new Plot();
        plt.Axes.Left.TickLabelStyle.FontSize = TickSize;
        plt.Axes.Bottom.TickLabelStyle.FontSize = TickSize;
        plt.Grid.MajorLineColor = Color.FromHex("#E5E5E5");
        plt.Axes.Color(ChartStyle.Ink);
        _ = o;
        return plt;
    }

    /// <summary>
    /// Sets the chart's font (<see cref="ChartOptions.FontName"/>) on every text, then checks each text
    /// against the font it would be drawn in: one that lacks some of its characters is given the first
    /// of <see cref="ChartOptions.Faces"/> that has them all (a text left with none is reported, and
    /// drawn in the face that has most of it). Call it once the plot holds all its texts.
    /// </summary>
    private static void ApplyFont(Plot plt, ChartOptions o)
    {
        if (o.FontName is not null)
        {
            plt.Font.Set(o.FontName);
        }

        if (o.Faces.IsEmpty)
        {
            return;
        }

        Fit(o, plt.Axes.Title.Label, [plt.Axes.Title.Label.Text]);
        foreach (var axis in plt.Axes.GetAxes())
        {
            Fit(o, axis.Label, [axis.Label.Text]);
            Fit(o, axis.TickLabelStyle, TickLabels(axis.TickGenerator));
        }

        foreach (var plottable in plt.PlottableList)
        {
            var label = plottable switch
            {
                ScottPlot.Plottables.Text t => t.LabelStyle,
                Annotation a => a.LabelStyle,
                _ => null,
            };
            if (label is not null)
            {
                Fit(o, label, [label.Text]);
            }
        }

        if (plt.Legend.IsVisible)
        {
            // A plottable makes its legend entries afresh at each render: a font set on one would not
            // last, so when an entry needs another font the entries are fixed as the legend's own.
            var items = plt.Legend.GetItems();
            bool changed = false;
            foreach (var item in items)
            {
                changed |= Fit(o, item.LabelStyle, [item.LabelText]);
            }

            if (changed)
            {
                plt.Legend.ManualItems = [.. items];
                plt.Legend.DisplayPlottableLegendItems = false;
            }
        }
    }

    /// <summary>The labels a tick generator draws: a manual one's major ticks; an automatic one's formatter on sample numbers.</summary>
    private static List<string> TickLabels(ITickGenerator generator) => generator switch
    {
        NumericManual manual => manual.Ticks.Where(t => t.IsMajor).Select(t => t.Label).ToList(),
        NumericAutomatic automatic => TickSamples.Select(automatic.LabelFormatter).ToList(),
        SharedDecimalTicks shared => TickSamples.Select(v => shared.Format(v, 2)).ToList(),
        _ => [],
    };

    /// <summary>
    /// Gives <paramref name="label"/> a font that has every character of <paramref name="texts"/> (its
    /// texts: one, or an axis's tick labels) unless its own has; reports any text no face has whole.
    /// Returns whether the font changed.
    /// </summary>
    private static bool Fit(ChartOptions o, LabelStyle label, IReadOnlyList<string> texts)
    {
        var drawn = texts.Where(t => !string.IsNullOrEmpty(t)).Distinct(StringComparer.Ordinal).ToList();
        var current = label.Font ?? Fonts.GetTypeface(label.FontName, label.Bold, label.Italic); // cached by ScottPlot: not disposed

        // A label keeps a font of the run that draws it (in whichever weight it was given). Another font
        // is one ScottPlot's global default left on the label from a chart drawn with other options.
        bool ours = o.Faces.Any(f => string.Equals(f.Typeface.FamilyName, current.FamilyName, StringComparison.Ordinal));
        if (drawn.Count == 0 || (ours && drawn.All(t => ChartFace.Covers(current, t))))
        {
            return false;
        }

        var face = o.Faces.FirstOrDefault(f => drawn.All(f.Covers))
            ?? o.Faces.MaxBy(f => (drawn.Count(f.Covers), -drawn.Sum(t => f.Missing(t).Length)))!;
        foreach (string text in drawn.Where(t => !face.Covers(t)))
        {
            o.Report(text, text, boxes: true);
        }

        if (ReferenceEquals(face.Typeface, current))
        {
            return false;
        }

        label.Font = face.Typeface;
        label.FontName = face.Family;
        return true;
    }

    /// <summary>Text drawn straight on a canvas (outside a plot), in the first face that has all its characters.</summary>
    private static void DrawText(SKCanvas canvas, ChartOptions o, string text, float x, float y, float size, SKPaint paint, bool bold = false)
    {
        var primary = Fonts.GetTypeface(o.FontName ?? Fonts.Default, false, false); // cached by ScottPlot: not disposed
        var typeface = primary;
        if (!o.Faces.IsEmpty && !ChartFace.Covers(primary, text))
        {
            var face = o.FaceFor(text);
            if (face is null)
            {
                o.Report(text, text, boxes: true);
            }

            typeface = face?.Typeface ?? primary;
        }

        using var font = new SKFont(typeface, size) { Embolden = bold };
        canvas.DrawText(text, x, y, SKTextAlign.Left, font, paint);
    }

    private static byte[] Png(Plot plt, ChartOptions o)
    {
        ApplyFont(plt, o);
        return plt.GetImageBytes(o.Width, o.Height, ImageFormat.Png);
    }

    /// <summary>The plot drawn in memory, not encoded: for pasting into a larger figure.</summary>
    private static SKImage Raster(Plot plt, int width, int height)
    {
        if (width < 1 || height < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(height), $"a plot of {width} × {height} pixels has no room to draw in");
        }

        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        plt.Render(surface.Canvas, width, height);
        return surface.Snapshot();
    }
}

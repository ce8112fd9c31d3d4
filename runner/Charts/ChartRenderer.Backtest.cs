using System.Collections.Immutable;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Simulation.Runner.Charts;

/// <summary>One fact of the backtest chart: where it fell in the projection, as percentiles.</summary>
/// <param name="Label">The fact's name and year.</param>
/// <param name="Low">Its percentile (a point) or its lower end's (an interval), 0–100.</param>
/// <param name="High">Its upper end's percentile for an interval, 0–100; null for a point.</param>
/// <param name="Inside90">Whether it lies inside the 90% band.</param>
/// <param name="Detail">Observed against projected, for the right-hand axis.</param>
public sealed record BacktestRow(string Label, double Low, double? High, bool Inside90, string Detail);

/// <summary>The backtest chart's data: one row per out-of-sample fact.</summary>
/// <param name="ScenarioId">The scenario whose projection the facts are set beside.</param>
/// <param name="BaseYear">The dataset's base year.</param>
/// <param name="Summary">The summary line.</param>
/// <param name="Rows">The facts, in dataset order.</param>
public sealed record BacktestChartData(string ScenarioId, int BaseYear, string Summary, ImmutableArray<BacktestRow> Rows);

/// <summary>The chart of the backtest.</summary>
public static partial class ChartRenderer
{
    /// <summary>
    /// (i) How the projection fared: every fact on one axis, the projection's percentile where it fell
    /// (the same scale for a total in 亿元 and a count of clusters), over the projection's 5–95% and
    /// 25–75% bands and its median. A point fact is a marker; an interval fact a bar from its lower
    /// end's percentile to its upper end's. Red: outside the 90% band.
    /// </summary>
    public static byte[] RenderBacktest(BacktestChartData data, ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        int n = data.Rows.Length;
        var o = (options ?? ChartOptions.Default) with { };
        o = o with { Width = Math.Max(o.Width, 1500), Height = Math.Max(480, 330 + (n * 58)) };
        using var plt = NewPlot(o);
        double top = n - 0.4, bottom = -0.6;
        var outer = plt.Add.Rectangle(5, 95, bottom, top);
        outer.FillColor = ChartStyle.OuterBand.WithAlpha(0.6);
        outer.LineWidth = 0;
        outer.LegendText = "90% band (5–95% of paths)";
        var inner = plt.Add.Rectangle(25, 75, bottom, top);
        inner.FillColor = ChartStyle.InnerBand.WithAlpha(0.45);
        inner.LineWidth = 0;
        inner.LegendText = "50% band (25–75%)";
        var median = plt.Add.VerticalLine(50, 2, ChartStyle.Median);
        median.LegendText = "median";
        var left = new NumericManual();
        var right = new NumericManual();
        bool pointShown = false, intervalShown = false, missShown = false;
        for (int i = 0; i < n; i++)
        {
            var r = data.Rows[i];
            double y = n - 1 - i;
            var color = r.Inside90 ? ChartStyle.Ink : ChartStyle.Threshold;
            if (r.High is { } high && high - r.Low >= 1)
            {
                var bar = plt.Add.Line(r.Low, y, high, y);
                bar.LineWidth = 9;
                bar.LineColor = color.WithAlpha(0.75);
                bar.LegendText = !intervalShown ? "interval fact: its ends' percentiles" : string.Empty;
                intervalShown = true;
            }
            else
            {
                // A point, or an interval no path falls in (its ends at one percentile): a marker there.
                var marker = plt.Add.Marker(r.Low, y, r.High is null ? MarkerShape.FilledDiamond : MarkerShape.FilledSquare, 16, color);
                marker.LegendText = r.High is null && !pointShown ? "point fact: its percentile" : string.Empty;
                pointShown |= r.High is null;
            }

            if (!r.Inside90 && !missShown)
            {
                plt.Legend.ManualItems.Add(new LegendItem { LabelText = "red: outside the 90% band", LineColor = ChartStyle.Threshold, LineWidth = 6 });
                missShown = true;
            }

            left.AddMajor(y, T(o, r.Label));
            right.AddMajor(y, T(o, r.Detail));
        }

        plt.Axes.Left.TickGenerator = left;
        plt.Axes.Left.MajorTickStyle.Length = 0;
        plt.Axes.Left.TickLabelStyle.FontSize = TickSize;
        plt.Axes.Right.TickGenerator = right;
        plt.Axes.Right.TickLabelStyle.FontSize = TickSize - 1;
        plt.Axes.Right.MajorTickStyle.Length = 0;
        var ticks = new NumericManual();
        foreach (int p in new[] { 0, 5, 25, 50, 75, 95, 100 })
        {
            ticks.AddMajor(p, p.ToString(Invariant));
        }

        plt.Axes.Bottom.TickGenerator = ticks;
        plt.Grid.IsVisible = false;
        plt.Axes.SetLimits(-2, 102, bottom, top);
        plt.Axes.SetLimitsY(bottom, top, plt.Axes.Right);
        Title(plt, o, T(o, $"How the projection fared: facts after {data.BaseYear} · {data.ScenarioId}"));
        plt.XLabel(T(o, "Percentile of the projection at which the published figure fell\n" + data.Summary), 15);
        plt.ShowLegend(Edge.Bottom);
        plt.Legend.FontSize = LegendSize - 1;
        plt.Legend.Orientation = Orientation.Horizontal;
        return Png(plt, o);
    }
}

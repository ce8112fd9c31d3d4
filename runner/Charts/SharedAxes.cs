using System.Collections.Immutable;
using Simulation.Engine.Model;
using Simulation.Engine.Statistics;

namespace Simulation.Runner.Charts;

/// <summary>
/// Axis limits for charts that are meant to be compared. Rules:
/// <list type="bullet">
/// <item>Value axes are LINEAR and start at zero. Within one cluster the values of 2023–2035 span at
/// most about one order of magnitude, where a linear axis reads growth honestly; a zero origin keeps
/// the band widths and the distance to a threshold proportional.</item>
/// <item>The same cluster gets the same value range in every scenario of a study (fan charts,
/// small-multiples panels and milestone distributions), so a wider or higher fan means a wider or
/// higher distribution, never a different axis. The scenario overlay, which draws only the 25–75%
/// band, is scaled to the highest 75th percentile instead (one range for all its scenarios).</item>
/// <item>The small-multiples page of all clusters does NOT share one scale across clusters (values
/// run from ~50 to ~20,000 亿元; one linear scale would flatten the small clusters, one log scale would
/// hide the spread inside each): each panel has its cluster's shared range, the same on every
/// scenario's page.</item>
/// <item>Probabilities and paired differences are drawn on ranges chosen from the data
/// (<see cref="ProbabilityRange"/>, <see cref="DifferenceRange"/>): a fixed 0–100% axis flattened every
/// effect that matters. Every scenario in one panel shares its range; a range never spans less than a
/// minimum (and several times the widest 95% interval), so Monte Carlo noise is never blown up to
/// full height; a probability range that does not start at zero says so on the chart.</item>
/// <item>Paired differences whose sizes differ by more than <see cref="FacetRatio"/> go to separate
/// panels (<see cref="Facets"/>), so a ±20 pp adverse world does not squash a +0.5 pp policy to zero.</item>
/// <item>A cluster's thresholds are those some target counts it against (<see cref="CountedThresholds"/>).</item>
/// </list>
/// Pure and thread safe.
/// </summary>
public static class SharedAxes
{
    /// <summary>
    /// A threshold just above the data (up to this factor above the highest 95th percentile) is
    /// pulled into the range, so a near miss is visible; thresholds further up are only named.
    /// </summary>
    public const double ThresholdReach = 1.25;

    /// <summary>Headroom above the highest plotted value before rounding up.</summary>
    public const double Headroom = 1.05;

    /// <summary>
    /// The value range of one cluster across every given scenario result: from zero to a round number
    /// above the highest 95th percentile of any year (and any threshold within <see cref="ThresholdReach"/> of it).
    /// </summary>
    public static AxisRange ClusterValueLimits(IEnumerable<ScenarioResult> results, string clusterId) => ClusterValueLimits(results, clusterId, 0.95);

    /// <summary>
    /// As <see cref="ClusterValueLimits(IEnumerable{ScenarioResult}, string)"/>, but up to the quantile
    /// <paramref name="upperLevel"/>: the scenario overlay draws the 25–75% band only, so it is scaled to the
    /// highest 75th percentile (still the same range for every scenario in it).
    /// </summary>
    public static AxisRange ClusterValueLimits(IEnumerable<ScenarioResult> results, string clusterId, double upperLevel)
    {
        ArgumentNullException.ThrowIfNull(results);
        double top = 0;
        var thresholds = new List<double>();
        foreach (var result in results)
        {
            var cluster = result.Clusters.FirstOrDefault(c => c.ClusterId == clusterId);
            if (cluster is null)
            {
                continue;
            }

            int upper = ChartDataBuilder.LevelIndex(result.QuantileLevels, upperLevel);
            foreach (var y in cluster.Years)
            {
                top = Math.Max(top, y.Quantiles[upper]);
            }

            thresholds.AddRange(CountedThresholds(result.Scenario, clusterId));
        }

        if (!(top > 0))
        {
            throw new ArgumentException($"No scenario result has cluster `{clusterId}`.", nameof(clusterId));
        }

        double reach = top;
        foreach (double t in thresholds)
        {
            if (t > reach && t <= top * ThresholdReach)
            {
                reach = t;
            }
        }

        return new AxisRange(0, NiceCeiling(reach * Headroom));
    }

    /// <summary>A range symmetric about zero covering every value, at least ±<paramref name="minimum"/>.</summary>
    public static AxisRange Symmetric(IEnumerable<double> values, double minimum)
    {
        ArgumentNullException.ThrowIfNull(values);
        double m = minimum;
        foreach (double v in values)
        {
            if (double.IsFinite(v))
            {
                m = Math.Max(m, Math.Abs(v));
            }
        }

        double top = NiceCeiling(m * 1.1);
        return new AxisRange(-top, top);
    }

    /// <summary>The percent axis, 0–100 with a little room so points at 0% or 100% are not cut.</summary>
    public static AxisRange Percent { get; } = new(-3, 103);

    /// <summary>The smallest "round" number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10ᵏ) at least <paramref name="value"/>.</summary>
    public static double NiceCeiling(double value)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            return 1;
        }

        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (double step in (ReadOnlySpan<double>)[1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10])
        {
            double candidate = step * magnitude;
            if (candidate >= value * (1 - 1e-12))
            {
                return candidate;
            }
        }

        return 10 * magnitude;
    }

    /// <summary>The narrowest probability range drawn, percentage points: differences below it are not blown up to full height.</summary>
    public const double MinimumProbabilitySpan = 2;

    /// <summary>The narrowest paired-difference range drawn, percentage points (a panel of zeros still shows ±0.5 pp).</summary>
    public const double MinimumDifferenceSpan = 1;

    /// <summary>A range spans at least this many times the widest 95% interval in it, so an interval never fills the panel.</summary>
    public const double NoiseSpan = 6;

    /// <summary>Paired differences whose largest sizes differ by more than this factor are drawn in separate panels.</summary>
    public const double FacetRatio = 4;

    /// <summary>
    /// The probability axis of one panel, percent, from its points' estimates and 95% intervals: their
    /// span, widened to at least <see cref="MinimumProbabilitySpan"/> and <see cref="NoiseSpan"/> times the
    /// widest interval, padded by a tenth each side, rounded out to a nice tick step and kept within 0–100%.
    /// </summary>
    public static TickedRange ProbabilityRange(IEnumerable<PercentInterval> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var list = points.Where(p => double.IsFinite(p.Estimate)).ToList();
        if (list.Count == 0)
        {
            return Ticked(0, 100, 0, 100);
        }

        double lo = list.Min(p => Math.Min(p.Estimate, Finite(p.Lower, p.Estimate)));
        double hi = list.Max(p => Math.Max(p.Estimate, Finite(p.Upper, p.Estimate)));
        double widest = list.Max(p => Finite(p.Upper, p.Estimate) - Finite(p.Lower, p.Estimate));
        (lo, hi) = Widen(lo, hi, Math.Max(MinimumProbabilitySpan, NoiseSpan * widest), 0, 100);
        return Ticked(lo, hi, 0, 100);
    }

    /// <summary>
    /// The axis of one panel of paired differences, percentage points: the intervals and zero, widened to
    /// at least <see cref="MinimumDifferenceSpan"/> and <see cref="NoiseSpan"/> times the widest interval,
    /// padded and rounded out to a nice tick step. Zero is always inside.
    /// </summary>
    public static TickedRange DifferenceRange(IEnumerable<DifferencePoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var list = points.Where(p => double.IsFinite(p.Difference)).ToList();
        double lo = list.Select(p => Math.Min(p.Difference, Finite(p.Lower, p.Difference))).Append(0).Min();
        double hi = list.Select(p => Math.Max(p.Difference, Finite(p.Upper, p.Difference))).Append(0).Max();
        double widest = list.Select(p => Finite(p.Upper, p.Difference) - Finite(p.Lower, p.Difference)).Append(0).Max();
        (lo, hi) = Widen(lo, hi, Math.Max(MinimumDifferenceSpan, NoiseSpan * widest), -100, 100);
        return Ticked(lo, hi, -100, 100);
    }

    /// <summary>
    /// Groups of series to draw in one panel each, from each series' size (the largest absolute value it
    /// reaches; below <paramref name="floor"/> counted as <paramref name="floor"/>): in ascending size, a
    /// series joins the current group while its size is at most <see cref="FacetRatio"/> times the group's
    /// smallest. Groups are returned in the order of their first member, members in their given order.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<int>> Facets(IReadOnlyList<double> sizes, double floor)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        var groups = new List<List<int>>();
        double start = 0;
        foreach (int i in Enumerable.Range(0, sizes.Count).OrderBy(i => Size(i)).ThenBy(i => i))
        {
            if (groups.Count == 0 || Size(i) > FacetRatio * start)
            {
                groups.Add([]);
                start = Size(i);
            }

            groups[^1].Add(i);
        }

        return [.. groups.Select(g => (IReadOnlyList<int>)[.. g.Order()]).OrderBy(g => g[0])];

        double Size(int i) => double.IsFinite(sizes[i]) ? Math.Max(floor, Math.Abs(sizes[i])) : floor;
    }

    /// <summary>
    /// The thresholds of <paramref name="scenario"/> that some target counts <paramref name="clusterId"/>
    /// against (a count or single-cluster condition with that value over that cluster), ascending. When no
    /// target counts any cluster against any value, nothing tells the thresholds apart: all of them.
    /// </summary>
    public static ImmutableArray<double> CountedThresholds(Scenario scenario, string clusterId)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        int index = scenario.Dataset.IndexOf(clusterId);
        var counted = new List<(int Cluster, double Value)>();
        foreach (var target in scenario.Targets)
        {
            Collect(target.Condition, counted);
        }

        return counted.Count == 0
            ? [.. scenario.Thresholds.Order()]
            : [.. scenario.Thresholds.Where(t => counted.Contains((index, t))).Distinct().Order()];
    }

    private static void Collect(TargetCondition condition, List<(int Cluster, double Value)> counted)
    {
        foreach (var part in condition.Parts())
        {
            switch (part)
            {
                case ClusterAtLeast c:
                    counted.Add((c.ClusterIndex, c.Value));
                    break;
                case CountAtLeast c:
                    counted.AddRange(c.ClusterIndices.Select(i => (i, c.Value)));
                    break;
            }
        }
    }

    /// <summary>The tick step for about five ticks over <paramref name="span"/>: 1, 2, 2.5 or 5 × 10ᵏ.</summary>
    public static double NiceStep(double span)
    {
        if (!(span > 0) || !double.IsFinite(span))
        {
            return 1;
        }

        double raw = span / 5;
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        foreach (double step in (ReadOnlySpan<double>)[1, 2, 2.5, 5, 10])
        {
            if (step * magnitude >= raw * (1 - 1e-12))
            {
                return step * magnitude;
            }
        }

        return 10 * magnitude;
    }

    private static double Finite(double value, double otherwise) => double.IsFinite(value) ? value : otherwise;

    /// <summary>[lo, hi] widened about its middle to at least <paramref name="span"/>, shifted to stay within [min, max].</summary>
    private static (double Lo, double Hi) Widen(double lo, double hi, double span, double min, double max)
    {
        if (hi - lo < span)
        {
            double mid = (lo + hi) / 2;
            (lo, hi) = (mid - (span / 2), mid + (span / 2));
            if (lo < min)
            {
                (lo, hi) = (min, hi + (min - lo));
            }

            if (hi > max)
            {
                (lo, hi) = (lo - (hi - max), max);
            }
        }

        return (Math.Max(min, lo), Math.Min(max, hi));
    }

    /// <summary>[lo, hi] padded by a tenth of its span each side, rounded out to a nice step, within [min, max].</summary>
    private static TickedRange Ticked(double lo, double hi, double min, double max)
    {
        double pad = (hi - lo) / 10;
        lo = Math.Max(min, lo - pad);
        hi = Math.Min(max, hi + pad);
        double step = NiceStep(hi - lo);
        double from = Math.Max(min, Math.Floor((lo / step) + 1e-9) * step);
        double to = Math.Min(max, Math.Ceiling((hi / step) - 1e-9) * step);
        return new TickedRange(Math.Round(from, 12), Math.Round(to, 12), step);
    }
}

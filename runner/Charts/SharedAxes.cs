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
/// <item>Probabilities are always drawn on 0–100%; paired differences on a range symmetric about zero.</item>
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

            thresholds.AddRange(result.Scenario.Thresholds);
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
}

using System.Collections.Immutable;
using Simulation.Engine.Model;
using Simulation.Engine.Statistics;
using Simulation.Runner.Reports;

namespace Simulation.Runner.Charts;

/// <summary>
/// Builds the chart data records from engine results: pure functions, no drawing, no I/O, thread
/// safe. Charts of one study share axes by <see cref="SharedAxes"/>' rules.
/// </summary>
public static class ChartDataBuilder
{
    /// <summary>The index of <paramref name="level"/> among the reported quantile levels.</summary>
    public static int LevelIndex(ImmutableArray<double> levels, double level)
    {
        for (int i = 0; i < levels.Length; i++)
        {
            if (Math.Abs(levels[i] - level) < 1e-9)
            {
                return i;
            }
        }

        throw new ArgumentException($"The results do not report the {level} quantile.", nameof(levels));
    }

    /// <summary>A cluster's definition and statistics in a result, with the value limits to draw it on.</summary>
    private static (Dataset Dataset, Cluster Cluster, ClusterResult Stats, AxisRange Limits) Lookup(ScenarioResult result, string clusterId, AxisRange? limits)
    {
        ArgumentNullException.ThrowIfNull(result);
        var dataset = result.Scenario.Dataset;
        int index = dataset.IndexOf(clusterId);
        if (index < 0)
        {
            throw new ArgumentException($"Unknown cluster `{clusterId}`.", nameof(clusterId));
        }

        return (dataset, dataset.Clusters[index], result.Clusters.Single(c => c.ClusterId == clusterId),
            limits ?? SharedAxes.ClusterValueLimits([result], clusterId));
    }

    /// <summary>A fan chart of one cluster in one scenario of a study, on the cluster's limits shared across the study.</summary>
    public static FanChartData FanChart(StudyResult study, string scenarioId, string clusterId)
    {
        ArgumentNullException.ThrowIfNull(study);
        var fan = FanChart(Scenario(study, scenarioId), clusterId, SharedAxes.ClusterValueLimits(study.Scenarios, clusterId));
        if (scenarioId != study.Study.TestedScenarioId)
        {
            return fan;
        }

        // The cluster's own published figures, in the dataset's measure: one cluster, weight 1.
        var dataset = Scenario(study, scenarioId).Scenario.Dataset;
        int index = dataset.IndexOf(clusterId);
        return fan with
        {
            Observed = [.. dataset.Observations
                .Where(o => o.Quantity.Form == ObservedForm.Sum && o.Quantity.ClusterIndices is [var c] && c == index && o.Quantity.Weights[0] == 1 && fan.Years.Contains(o.Year))
                .Select(o => new ObservedMark(o.Year, o.Value, o.AtLeast, o.AtMost))],
        };
    }

    /// <summary>A fan chart of one cluster; without <paramref name="yLimits"/>, the limits of this result alone.</summary>
    public static FanChartData FanChart(ScenarioResult result, string clusterId, AxisRange? yLimits = null)
    {
        var (dataset, cluster, stats, limits) = Lookup(result, clusterId, yLimits);
        var levels = result.QuantileLevels;
        ImmutableArray<double> Series(double level)
        {
            int q = LevelIndex(levels, level);
            return stats.Years.Select(y => y.Quantiles[q]).ToImmutableArray();
        }

        var thresholds = SharedAxes.CountedThresholds(result.Scenario, clusterId).Select(t => new ThresholdLine(t, ChartText.ThresholdLabel(t, dataset.Unit))).ToList();
        return new FanChartData(
            clusterId,
            new ChartName(cluster.NameEn, cluster.NameZh),
            result.Scenario.Id,
            result.Scenario.Name,
            dataset.Unit.Label,
            dataset.BaseYear,
            cluster.BaseValue,
            ChartText.ThresholdLabel(cluster.BaseValue, dataset.Unit),
            stats.Years.Select(y => y.Year).ToImmutableArray(),
            Series(0.05),
            Series(0.25),
            Series(0.50),
            Series(0.75),
            Series(0.95),
            thresholds.Where(t => limits.Contains(t.Value)).ToImmutableArray(),
            thresholds.Where(t => t.Value > limits.Max).ToImmutableArray(),
            result.Scenario.Milestones,
            limits);
    }

    /// <summary>Every cluster's fan chart in one scenario; each panel on its cluster's limits shared across the study.</summary>
    public static SmallMultiplesData SmallMultiples(StudyResult study, string scenarioId)
    {
        ArgumentNullException.ThrowIfNull(study);
        var result = Scenario(study, scenarioId);
        var panels = result.Clusters.Select(c => FanChart(study, scenarioId, c.ClusterId)).ToImmutableArray();
        return new SmallMultiplesData(result.Scenario.Id, result.Scenario.Name, result.Scenario.Dataset.Unit.Label, panels);
    }

    /// <summary>The milestone distributions of one cluster in one scenario, on the cluster's shared value range.</summary>
    public static MilestoneDistributionData MilestoneDistribution(StudyResult study, string scenarioId, string clusterId)
    {
        ArgumentNullException.ThrowIfNull(study);
        return MilestoneDistribution(Scenario(study, scenarioId), clusterId, SharedAxes.ClusterValueLimits(study.Scenarios, clusterId));
    }

    /// <summary>The milestone distributions of one cluster; without <paramref name="xLimits"/>, the limits of this result alone.</summary>
    public static MilestoneDistributionData MilestoneDistribution(ScenarioResult result, string clusterId, AxisRange? xLimits = null)
    {
        var (dataset, cluster, stats, limits) = Lookup(result, clusterId, xLimits);
        var counted = SharedAxes.CountedThresholds(result.Scenario, clusterId);
        var curves = stats.Milestones.OrderBy(m => m.Year).Select(m =>
        {
            var pairs = m.Quantiles.Zip(result.QuantileLevels).OrderBy(p => p.Second).ToList();
            return new MilestoneCurve(
                m.Year,
                pairs.Select(p => p.First).ToImmutableArray(),
                pairs.Select(p => 100 * (1 - p.Second)).ToImmutableArray(),
                m.Thresholds.Where(t => counted.Contains(t.Threshold)).Select(t => new ThresholdProbability(new ThresholdLine(t.Threshold, ChartText.ThresholdLabel(t.Threshold, dataset.Unit)),
                    Percent(t.Probability))).ToImmutableArray());
        }).ToImmutableArray();
        var thresholds = counted.Where(limits.Contains)
            .Select(t => new ThresholdLine(t, ChartText.ThresholdLabel(t, dataset.Unit))).ToImmutableArray();
        return new MilestoneDistributionData(clusterId, new ChartName(cluster.NameEn, cluster.NameZh), result.Scenario.Id, result.Scenario.Name,
            dataset.Unit.Label, curves, thresholds, limits);
    }

    /// <summary>Each scenario's probability of each target, percent with the engine's 95% interval.</summary>
    public static TargetProbabilityData TargetProbabilities(StudyResult study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var targets = new List<TargetProbabilities>();
        foreach (var (id, name, year) in TargetOrder(study))
        {
            var points = Compared(study)
                .Select(s => (s.Scenario.Id, Result: s.Targets.FirstOrDefault(t => t.Target.Id == id)))
                .Where(p => p.Result is not null)
                .Select(p => new ScenarioProbability(p.Id, Percent(p.Result!.Probability)))
                .ToImmutableArray();
            targets.Add(new TargetProbabilities(id, name, year, points));
        }

        return new TargetProbabilityData(study.Study.Name, ScenarioIds(study), [.. targets], study.Scenarios.IsEmpty ? 0 : study.Scenarios[0].Paths)
        {
            BaselineId = study.Study.BaselineId,
        };
    }

    /// <summary>One cluster's median and 25–75% band in every compared scenario, on one range up to the highest 75th percentile.</summary>
    public static ScenarioOverlayData ScenarioOverlay(StudyResult study, string clusterId)
    {
        ArgumentNullException.ThrowIfNull(study);
        var limits = SharedAxes.ClusterValueLimits(Compared(study), clusterId, 0.75);
        var series = new List<OverlaySeries>();
        ChartName? name = null;
        ImmutableArray<int> years = [];
        string unit = "";
        foreach (var result in Compared(study))
        {
            var stats = result.Clusters.FirstOrDefault(c => c.ClusterId == clusterId);
            if (stats is null)
            {
                continue;
            }

            var dataset = result.Scenario.Dataset;
            var cluster = dataset.Clusters[dataset.IndexOf(clusterId)];
            name ??= new ChartName(cluster.NameEn, cluster.NameZh);
            unit = dataset.Unit.Label;
            if (years.IsDefaultOrEmpty)
            {
                years = stats.Years.Select(y => y.Year).ToImmutableArray();
            }

            int q25 = LevelIndex(result.QuantileLevels, 0.25), q50 = LevelIndex(result.QuantileLevels, 0.5), q75 = LevelIndex(result.QuantileLevels, 0.75);
            series.Add(new OverlaySeries(result.Scenario.Id,
                stats.Years.Select(y => y.Quantiles[q25]).ToImmutableArray(),
                stats.Years.Select(y => y.Quantiles[q50]).ToImmutableArray(),
                stats.Years.Select(y => y.Quantiles[q75]).ToImmutableArray()));
        }

        var first = Compared(study).First();
        var thresholds = SharedAxes.CountedThresholds(first.Scenario, clusterId).Where(limits.Contains)
            .Select(t => new ThresholdLine(t, ChartText.ThresholdLabel(t, first.Scenario.Dataset.Unit))).ToImmutableArray();
        return new ScenarioOverlayData(clusterId, name!, unit, years, ScenarioIds(study), [.. series], thresholds, limits);
    }

    /// <summary>Each non-baseline scenario's paired difference from the baseline, per target, in percentage points.</summary>
    public static PairedDifferenceData PairedDifferences(StudyResult study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var targets = new List<TargetDifferences>();
        foreach (var (id, name, year) in TargetOrder(study))
        {
            var points = ScenarioIds(study)
                .Select(s => study.Differences.FirstOrDefault(d => d.TargetId == id && d.ScenarioId == s))
                .Where(d => d is not null)
                .Select(d => new DifferencePoint(d!.ScenarioId, 100 * d.Difference, 100 * d.Lower, 100 * d.Upper,
                    100 * Proportion.Z95 * d.UnpairedStandardError))
                .ToImmutableArray();
            if (!points.IsEmpty)
            {
                targets.Add(new TargetDifferences(id, name, year, points));
            }
        }

        return new PairedDifferenceData(study.Study.Name, study.Study.BaselineId, ScenarioIds(study), [.. targets]);
    }

    /// <summary>The sweeps of a study, by id, in order of first appearance.</summary>
    public static ImmutableArray<string> SweepIds(StudyResult study)
    {
        ArgumentNullException.ThrowIfNull(study);
        return study.Study.Scenarios.SelectMany(s => s.Sweep).Select(p => p.SweepId).Distinct(StringComparer.Ordinal).ToImmutableArray();
    }

    /// <summary>Each target's probability against the value of the swept lever, with 95% intervals.</summary>
    public static SweepCurveData SweepCurve(StudyResult study, string sweepId)
    {
        ArgumentNullException.ThrowIfNull(study);
        var members = study.Study.Scenarios
            .Select((s, i) => (Point: s.Sweep.FirstOrDefault(p => p.SweepId == sweepId), Scenario: s, Result: study.Scenarios[i]))
            .Where(m => m.Point is not null)
            .OrderBy(m => m.Point!.Value)
            .ToList();
        if (members.Count == 0)
        {
            throw new ArgumentException($"The study has no sweep `{sweepId}`.", nameof(sweepId));
        }

        // In a grid a variant also carries the other sweeps' values: one line per combination of
        // them, so that no line zig-zags between variants that differ in another lever.
        var held = members.Select(m => Held(m.Scenario, sweepId)).Distinct(StringComparer.Ordinal).ToList();
        var series = members[0].Result.Scenario.Targets.SelectMany(target => held.Select(h =>
        {
            var points = members
                .Where(m => Held(m.Scenario, sweepId) == h)
                .Select(m => (m.Point!.Value, Result: m.Result.Targets.FirstOrDefault(t => t.Target.Id == target.Id)))
                .Where(p => p.Result is not null)
                .ToList();
            return new SweepSeries(target.Id, target.Name, points.Select(p => p.Value).ToImmutableArray(),
                points.Select(p => Percent(p.Result!.Probability)).ToImmutableArray(), h);
        })).ToImmutableArray();
        double min = members[0].Point!.Value, max = members[^1].Point!.Value;
        double pad = max > min ? 0.04 * (max - min) : Math.Max(1, Math.Abs(min) * 0.1);
        // A rate, a count or a number of years has no currency unit: only amounts the schema puts in the dataset's unit get one.
        string path = members[0].Point!.LeverPath;
        string unit = Loading.ScenarioSchema.Instance.IsInDatasetUnit(path.Split('.')) ? members[0].Result.Scenario.Dataset.Unit.Label : "";
        var baseline = study.Scenarios.FirstOrDefault(s => s.Scenario.Id == study.Study.BaselineId);
        var references = baseline is null ? [] : series.Select(s => s.TargetId).Distinct(StringComparer.Ordinal)
            .Select(id => baseline.Targets.FirstOrDefault(t => t.Target.Id == id))
            .Where(t => t is not null)
            .Select(t => new SweepReference(t!.Target.Id, baseline.Scenario.Id, Percent(t.Probability)))
            .ToImmutableArray();
        return new SweepCurveData(sweepId, path, unit, series,
            new AxisRange(min - pad, max + pad))
        {
            References = references,
        };
    }

    /// <summary>
    /// The values a variant's other sweeps set, by the last part of their lever paths: "reimbursement-rate 0.1";
    /// empty outside a grid. Written exactly (round-trip), so that values which round alike stay apart.
    /// </summary>
    private static string Held(StudyScenario scenario, string sweepId) =>
        string.Join(", ", CsvTables.PointsOf(scenario, sweepId).Skip(1).Select(p => $"{p.LeverPath[(p.LeverPath.LastIndexOf('.') + 1)..]} {Numbers.Format(p.Value)}"));

    /// <summary>A probability as percent with its 95% interval.</summary>
    public static PercentInterval Percent(Proportion probability)
    {
        ArgumentNullException.ThrowIfNull(probability);
        return new PercentInterval(100 * probability.Estimate, 100 * probability.Lower, 100 * probability.Upper);
    }

    private static ScenarioResult Scenario(StudyResult study, string scenarioId) =>
        study.Scenarios.FirstOrDefault(s => s.Scenario.Id == scenarioId)
        ?? throw new ArgumentException($"The study has no scenario `{scenarioId}`.", nameof(scenarioId));

    /// <summary>
    /// The scenarios compared side by side (target, overlay and difference charts): the baseline and
    /// every scenario that is not a sweep point, in study order. Sweep points have their own chart
    /// (<see cref="SweepCurve"/>); a study of sweep points only compares them all when they are at
    /// most <see cref="MostCompared"/> (beyond that the charts crowd out, and the curve carries the sweep).
    /// </summary>
    public static ImmutableArray<string> ComparedScenarioIds(StudyResult study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var ids = study.Study.Scenarios.Where(s => s.Sweep.IsEmpty || s.Scenario.Id == study.Study.BaselineId).Select(s => s.Scenario.Id).ToImmutableArray();
        return ids.Length > 1 || study.Study.Scenarios.Length > MostCompared ? ids : study.Study.Scenarios.Select(s => s.Scenario.Id).ToImmutableArray();
    }

    /// <summary>The most scenarios a study of sweep points compares side by side: a baseline and a dozen variants.</summary>
    public const int MostCompared = 13;

    private static ImmutableArray<string> ScenarioIds(StudyResult study) => ComparedScenarioIds(study);

    private static IEnumerable<ScenarioResult> Compared(StudyResult study)
    {
        var ids = ComparedScenarioIds(study);
        return study.Scenarios.Where(s => ids.Contains(s.Scenario.Id));
    }

    /// <summary>Targets by id: the baseline's in its order, then any other scenario's in study order.</summary>
    private static List<(string Id, string Name, int Year)> TargetOrder(StudyResult study)
    {
        var order = new List<(string, string, int)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var ordered = study.Scenarios.Where(s => s.Scenario.Id == study.Study.BaselineId)
            .Concat(study.Scenarios.Where(s => s.Scenario.Id != study.Study.BaselineId));
        foreach (var target in ordered.SelectMany(s => s.Scenario.Targets))
        {
            if (seen.Add(target.Id))
            {
                order.Add((target.Id, target.Name, target.Year));
            }
        }

        return order;
    }
}

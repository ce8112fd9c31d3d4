using System.Collections.Immutable;
using Simulation.Engine.Analysis;
using Simulation.Engine.Model;

namespace Simulation.Engine.Statistics;

/// <summary>Quantiles of one cluster's value in one year, at <see cref="ScenarioResult.QuantileLevels"/>.</summary>
/// <param name="Year">The year.</param>
/// <param name="Quantiles">Values in the dataset's unit, one per quantile level.</param>
public sealed record YearQuantiles(int Year, ImmutableArray<double> Quantiles);

/// <summary>The probability that a cluster reaches a threshold in a milestone year.</summary>
public sealed record ThresholdResult(double Threshold, Proportion Probability);

/// <summary>Statistics of one cluster in one milestone year (values in the dataset's unit).</summary>
/// <param name="Year">The milestone year.</param>
/// <param name="Mean">Mean value (exact up to 2⁻²⁴ of the base value per path).</param>
/// <param name="Sd">Standard deviation.</param>
/// <param name="Quantiles">Quantiles at <see cref="ScenarioResult.QuantileLevels"/>, to the stated relative accuracy.</param>
/// <param name="Thresholds">P(value ≥ threshold) for each threshold, from exact counts.</param>
public sealed record MilestoneResult(int Year, double Mean, double Sd, ImmutableArray<double> Quantiles, ImmutableArray<ThresholdResult> Thresholds);

/// <summary>Everything reported about one cluster.</summary>
/// <param name="ClusterId">The cluster.</param>
/// <param name="Years">Quantiles for every year from the base year to the horizon.</param>
/// <param name="Milestones">Statistics for each milestone year.</param>
public sealed record ClusterResult(string ClusterId, ImmutableArray<YearQuantiles> Years, ImmutableArray<MilestoneResult> Milestones);

/// <summary>The probability of meeting one target.</summary>
public sealed record TargetResult(Target Target, Proportion Probability);

/// <summary>The result of running one scenario.</summary>
/// <param name="Scenario">The scenario run.</param>
/// <param name="Paths">Paths simulated.</param>
/// <param name="Seed">The seed.</param>
/// <param name="QuantileLevels">The quantile levels reported (0.05 … 0.95).</param>
/// <param name="RelativeAccuracy">Bound on the relative error of every quantile from binning (not Monte Carlo error).</param>
/// <param name="Clusters">Per-cluster statistics, in dataset order.</param>
/// <param name="Targets">Per-target probabilities, in scenario order.</param>
/// <param name="OutOfRange">Path-years whose value fell outside the quantile histogram's range (quantiles there are clamped).</param>
public sealed record ScenarioResult(Scenario Scenario, long Paths, ulong Seed, ImmutableArray<double> QuantileLevels, double RelativeAccuracy,
    ImmutableArray<ClusterResult> Clusters, ImmutableArray<TargetResult> Targets, long OutOfRange)
{
    /// <summary>The analysis of the scenario's recorded paths, when the study analyses it.</summary>
    public ScenarioAnalysis? Analysis { get; init; }
}

/// <summary>The result of a study: each scenario's result and paired differences from the baseline.</summary>
/// <param name="Study">The study run.</param>
/// <param name="Scenarios">Results in study order.</param>
/// <param name="Differences">For each non-baseline scenario and each target it shares with the baseline (by id).</param>
public sealed record StudyResult(Study Study, ImmutableArray<ScenarioResult> Scenarios, ImmutableArray<PairedDifference> Differences)
{
    /// <summary>How a run to a precision ended, when it was one.</summary>
    public PrecisionOutcome? Precision { get; init; }

    /// <summary>
    /// For each non-baseline scenario, each cluster and milestone year it shares with the baseline: the
    /// paired difference in the cluster's value and in its chance of each threshold (scenario order, then milestone, then cluster).
    /// </summary>
    public ImmutableArray<ClusterDifference> ClusterDifferences { get; init; } = [];

    /// <summary>The answers of the study's goal seeks, in study order, once <see cref="Simulator.SeekGoals"/> has run them.</summary>
    public ImmutableArray<GoalSeekResult> GoalSeeks { get; init; } = [];

    /// <summary>The backtest scenario's projection scored against its dataset's out-of-sample observations (null: none within the horizon).</summary>
    public BacktestResult? Backtest { get; init; }

    /// <summary>
    /// Every statistic a precision applies to, with its 95% interval's half-width: each target's
    /// probability in each scenario ("P(target) in scenario") and each paired difference ("P(target) in
    /// scenario − baseline"), in study order.
    /// </summary>
    public IEnumerable<(string Statistic, double HalfWidth)> HalfWidths() =>
        Scenarios.SelectMany(s => s.Targets.Select(t => ($"P(`{t.Target.Id}`) in `{s.Scenario.Id}`", (t.Probability.Upper - t.Probability.Lower) / 2)))
            .Concat(Differences.Select(d => ($"P(`{d.TargetId}`) in `{d.ScenarioId}` − baseline", (d.Upper - d.Lower) / 2)));
}

/// <summary>How a run to a precision ended.</summary>
/// <param name="Precision">The half-width asked for (a probability).</param>
/// <param name="Paths">The paths the run took (every scenario the same, so that differences stay paired).</param>
/// <param name="Checks">How many times the run stopped to check (after each round of blocks).</param>
/// <param name="Widest">The widest statistic at the end, and its half-width: the last to reach the precision, or one that did not.</param>
/// <param name="Unmet">Statistics still wider than the precision: empty unless the run stopped at its most paths.</param>
public sealed record PrecisionOutcome(double Precision, long Paths, int Checks, (string Statistic, double HalfWidth) Widest, ImmutableArray<(string Statistic, double HalfWidth)> Unmet)
{
    /// <summary>True when the run stopped at its most paths before every statistic reached the precision.</summary>
    public bool StoppedAtMaximum => !Unmet.IsEmpty;
}

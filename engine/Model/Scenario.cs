using System.Collections.Immutable;
using Simulation.Engine.Analysis;

namespace Simulation.Engine.Model;

/// <summary>A dataset with policies, thresholds, targets and the years to report.</summary>
/// <param name="Id">Identifier (kebab-case).</param>
/// <param name="Name">Readable name.</param>
/// <param name="Description">What the scenario stands for.</param>
/// <param name="Dataset">The baseline it projects.</param>
/// <param name="Levers">The policies it sets.</param>
/// <param name="Horizon">The last simulated year.</param>
/// <param name="Milestones">Years reported in the tables, ascending, within base year + 1 .. horizon.</param>
/// <param name="Thresholds">Values whose probability of being reached is reported per cluster and milestone.</param>
/// <param name="Targets">Goals evaluated on each path.</param>
public sealed record Scenario(string Id, string Name, string Description, Dataset Dataset, Levers Levers, int Horizon,
    ImmutableArray<int> Milestones, ImmutableArray<double> Thresholds, ImmutableArray<Target> Targets)
{
    /// <summary>Number of simulated years (base year excluded).</summary>
    public int Years => Horizon - Dataset.BaseYear;
}

/// <summary>How many paths to run, from which seed, on how many threads.</summary>
/// <param name="Paths">Number of Monte Carlo paths (at least 1); with a <paramref name="Precision"/>, the run decides it.</param>
/// <param name="Seed">The seed every random stream derives from.</param>
/// <param name="Threads">Worker threads; results do not depend on it.</param>
/// <param name="BlockSize">Paths per block; results do not depend on it.</param>
/// <param name="Precision">
/// When set, run blocks until every target's and every paired difference's 95% interval is at most
/// this half-width (a probability: 0.005 for ±0.5 percentage points), or until <paramref name="MaxPaths"/>.
/// </param>
/// <param name="MaxPaths">The most paths a run to a precision may take.</param>
public sealed record RunOptions(int Paths, ulong Seed, int Threads = 0, int BlockSize = 1024, double? Precision = null, int MaxPaths = RunOptions.DefaultMaxPaths)
{
    /// <summary>The default most paths of a run to a precision: 10⁷.</summary>
    public const int DefaultMaxPaths = 10_000_000;
}

/// <summary>Where a sweep variant came from: the sweep, the lever path it sets and the value.</summary>
public sealed record SweepPoint(string SweepId, string LeverPath, double Value);

/// <summary>A scenario of a study, with its sweep coordinates if it came from a sweep.</summary>
public sealed record StudyScenario(Scenario Scenario, ImmutableArray<SweepPoint> Sweep);

/// <summary>A named set of scenarios run with one seed, one of them the baseline for paired differences.</summary>
/// <param name="Id">Identifier (kebab-case); names the report folder.</param>
/// <param name="Name">Readable name.</param>
/// <param name="Description">What the study asks.</param>
/// <param name="Scenarios">Its scenarios, sweep variants included.</param>
/// <param name="BaselineId">The scenario paired differences are taken from.</param>
/// <param name="Options">Paths, seed and threads.</param>
/// <param name="Analysis">Which scenarios record their first paths for sensitivity analysis and scenario discovery, or null for none.</param>
public sealed record Study(string Id, string Name, string Description, ImmutableArray<StudyScenario> Scenarios, string BaselineId, RunOptions Options,
    AnalysisOptions? Analysis = null)
{
    /// <summary>The lever values to seek once the scenarios have run, on the same paths (<see cref="Simulator.SeekGoals"/>).</summary>
    public ImmutableArray<GoalSeekSpec> GoalSeeks { get; init; } = [];

    /// <summary>The scenario whose projection is scored against the dataset's observations (null: the baseline, whose policies were the ones in force).</summary>
    public string? BacktestScenarioId { get; init; }

    /// <summary>The scenario the backtest scores: <see cref="BacktestScenarioId"/>, or the baseline.</summary>
    public string TestedScenarioId => BacktestScenarioId ?? BaselineId;
}

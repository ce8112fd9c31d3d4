using Simulation.Engine.Analysis;
using Simulation.Engine.Model;
using static Simulation.Engine.Tests.TestScenarios;

namespace Simulation.Engine.Tests;

/// <summary>Runs to a precision: where they stop, and that their results are those of a run of that many paths.</summary>
public class PrecisionTests
{
    /// <summary>A baseline and a policy with two targets near 50% and 20%: their half-widths shrink as 1/√paths.</summary>
    private static Study TwoScenarios(double precision, int maxPaths = RunOptions.DefaultMaxPaths, int threads = 1)
    {
        var dataset = Dataset([Cluster("a", 100, trend: 0.03, volatility: 0.1), Cluster("b", 100, trend: 0.02, volatility: 0.15)]);
        Target[] targets = [new("half", "a ≥ 143", 2035, new ClusterAtLeast(0, 143)), new("fifth", "b ≥ 160", 2035, new ClusterAtLeast(1, 160))];
        var baseline = Scenario(dataset, targets: targets, id: "base");
        var policy = Scenario(dataset, Levers.None with { Attraction = new AttractionLever(2024, 2035, 2, [new ClusterWeight("a", 1)], Distribution.Fixed(3), 1) },
            targets: targets, id: "policy");
        return Study([baseline, policy], Options(1, seed: 8, threads: threads) with { Precision = precision, MaxPaths = maxPaths });
    }

    [Fact]
    public void Run_StopsAtTheFirstRoundWhereEveryHalfWidthIsWithinThePrecision()
    {
        var result = Simulator.Run(TwoScenarios(0.005));
        var outcome = result.Precision!;
        Assert.False(outcome.StoppedAtMaximum);
        Assert.All(result.HalfWidths(), h => Assert.True(h.HalfWidth <= 0.005, $"{h.Statistic}: ±{h.HalfWidth}"));

        // ±0.5 pp on a probability near 50% needs about 1.96² · 0.25 / 0.005² ≈ 38,400 paths: the run stops in the round after.
        Assert.InRange(outcome.Paths, 38_000, 38_000 + (Simulator.PrecisionRoundBlocks * 1024));
        Assert.Equal(0, outcome.Paths % (Simulator.PrecisionRoundBlocks * 1024));
        Assert.Equal(outcome.Paths, result.Scenarios[0].Paths);

        // One round fewer was not enough.
        long fewer = outcome.Paths - (Simulator.PrecisionRoundBlocks * 1024);
        var before = Simulator.Run(TwoScenarios(0.005).With(fewer));
        Assert.Contains(before.HalfWidths(), h => h.HalfWidth > 0.005);
        Assert.StartsWith("P(`half`)", outcome.Widest.Statistic, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ToAPrecision_ReportsProgressTowardsAProjection_ThenItsEnd()
    {
        var reports = new List<RunProgress>();
        var (_, outcome) = Simulator.RunToPrecision(TwoScenarios(0.005), new SynchronousProgress(reports.Add));

        // One report per check; before the last, the total is projected from the widest half-width (h ∝ 1/√n),
        // at least a round beyond and within the most paths; the last is the run's end.
        Assert.Equal(outcome.Checks, reports.Count);
        Assert.All(reports[..^1], r =>
        {
            Assert.True(r.Projected);
            Assert.InRange(r.PathsTotal, r.PathsDone + (2L * Simulator.PrecisionRoundBlocks * 1024), 2L * RunOptions.DefaultMaxPaths);
        });
        Assert.Equal(new RunProgress(2 * outcome.Paths, 2 * outcome.Paths), reports[^1]);

        // ±0.5 pp near 50% needs ≈ 38,400 paths: the projection after the first check is near it, not at 10⁷.
        Assert.InRange(reports[0].PathsTotal / 2, 30_000, 50_000);
    }

    private sealed class SynchronousProgress(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }

    [Fact]
    public void Run_ToAPrecision_IsExactlyTheRunOfThePathsItStoppedAt_AtAnyThreadCount()
    {
        var adaptive = Simulator.Run(TwoScenarios(0.01, threads: 2));
        var fixedRun = Simulator.Run(TwoScenarios(0.01).With(adaptive.Precision!.Paths));
        Assert.Equal(Bits(fixedRun), Bits(adaptive));
        Assert.Equal(Bits(adaptive), Bits(Simulator.Run(TwoScenarios(0.01, threads: 1))));
    }

    [Fact]
    public void Run_ReachingTheMostPaths_StopsThere_AndSaysWhatIsStillWide()
    {
        var result = Simulator.Run(TwoScenarios(0.001, maxPaths: 50_000));
        var outcome = result.Precision!;
        Assert.True(outcome.StoppedAtMaximum);
        Assert.Equal(50_000, outcome.Paths);
        Assert.Equal(50_000, result.Scenarios[1].Paths);
        Assert.All(outcome.Unmet, u => Assert.True(u.HalfWidth > 0.001));
        Assert.Contains(outcome.Unmet, u => u.Statistic.Contains("`policy` − baseline", StringComparison.Ordinal) || u.Statistic.Contains("in `policy`", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_ToAPrecision_RecordsTheWholeAnalysisSample()
    {
        var study = TwoScenarios(0.02);
        var analysis = new AnalysisOptions(20_000, [new ScenarioAnalysisSpec("base", [])], Sensitivity: false, PrimOptions.Default);
        var result = Simulator.Run(study with { Analysis = analysis });
        Assert.True(result.Precision!.Paths >= 20_000);
        Assert.Equal(20_000, result.Scenarios[0].Analysis!.Sample.Paths);
    }
}

/// <summary>Helpers for studies of a fixed number of paths.</summary>
internal static class StudyExtensions
{
    /// <summary>The study run for exactly <paramref name="paths"/> paths, without a precision.</summary>
    public static Study With(this Study study, long paths) => study with { Options = study.Options with { Paths = (int)paths, Precision = null } };
}

using MathNet.Numerics.Distributions;
using Simulation.Engine.Model;
using Simulation.Engine.Statistics;
using static Simulation.Engine.Tests.TestScenarios;

namespace Simulation.Engine.Tests;

public class SimulatorTests
{
    /// <summary>
    /// With levers, events and correlation off and a fixed log trend, ln V_T ~ N(ln V₀ + μT, σ²T): the
    /// probability of a threshold, the quantiles and the mean have closed forms. Tolerances are four
    /// Monte Carlo standard errors (fixed seed), plus one histogram bin for quantiles.
    /// </summary>
    [Theory]
    [InlineData(100.0, 0.05, 0.10, 150.0)]
    [InlineData(2000.0, 0.12, 0.20, 3000.0)]
    [InlineData(50.0, -0.02, 0.05, 45.0)]
    [InlineData(8800.0, 0.04, 0.08, 10000.0)]
    public void Run_LogNormalPath_MatchesClosedForms(double v0, double mu, double sigma, double threshold)
    {
        const int paths = 40_000;
        var scenario = Scenario(Dataset([Cluster("a", v0, mu, sigma)]), thresholds: [threshold], milestones: [2025, 2035]);
        var result = Simulator.Run(scenario, Options(paths, seed: 7, threads: 2));

        foreach (var m in result.Clusters[0].Milestones)
        {
            int t = m.Year - BaseYear;
            double logMean = Math.Log(v0) + (mu * t), logSd = sigma * Math.Sqrt(t);

            double p = 1 - Normal.CDF(logMean, logSd, Math.Log(threshold));
            var observed = m.Thresholds[0].Probability;
            double seP = Math.Sqrt(p * (1 - p) / paths);
            Assert.InRange(observed.Estimate, p - (4 * seP), p + (4 * seP));

            double mean = Math.Exp(logMean + (logSd * logSd / 2));
            double sd = mean * Math.Sqrt(Math.Exp(logSd * logSd) - 1);
            Assert.InRange(m.Mean, mean - (4 * sd / Math.Sqrt(paths)), mean + (4 * sd / Math.Sqrt(paths)));
            Assert.InRange(m.Sd, sd * 0.95, sd * 1.05); // sd of a log-normal sd estimate at n=40k is < 1.2% for these σ

            for (int i = 0; i < result.QuantileLevels.Length; i++)
            {
                double level = result.QuantileLevels[i];
                double z = Normal.InvCDF(0, 1, level);
                double expected = logMean + (logSd * z);

                // SE of an empirical quantile in log space: √(p(1−p)/n) / φ(z) × σ√T.
                double se = Math.Sqrt(level * (1 - level) / paths) / Normal.PDF(0, 1, z) * logSd;
                double tolerance = (4 * se) + ScenarioAccumulator.BinWidth;
                Assert.InRange(Math.Log(m.Quantiles[i]), expected - tolerance, expected + tolerance);
            }
        }
    }

    [Fact]
    public void Run_ArithmeticRates_MeanGrowsByOnePlusG()
    {
        // An arithmetic trend g with rate sd d: E[V_T] = V₀ (1+g)^T exactly (the model's exact conversion).
        const int paths = 40_000;
        var scenario = Scenario(Dataset([Cluster("a", 100, 0.08, 0.15, RateKind.Arithmetic)]), milestones: [2035]);
        var m = Simulator.Run(scenario, Options(paths)).Clusters[0].Milestones[0];
        double expected = 100 * Math.Pow(1.08, 12);
        double logSd = Math.Sqrt(12 * Math.Log(1 + (0.15 * 0.15 / (1.08 * 1.08))));
        double se = expected * Math.Sqrt(Math.Exp(logSd * logSd) - 1) / Math.Sqrt(paths);
        Assert.InRange(m.Mean, expected - (4 * se), expected + (4 * se));
    }

    [Fact]
    public void Run_UncertainTrend_AddsParameterVarianceToTheLog()
    {
        // Trend μ ~ N(m, s²) drawn once per path: ln V_T ~ N(ln V₀ + mT, s²T² + σ²T).
        const int paths = 40_000;
        var cluster = Cluster("a", 100, volatility: 0.1, trendDistribution: Distribution.Normal(0.05, 0.02));
        var scenario = Scenario(Dataset([cluster]), thresholds: [200], milestones: [2035]);
        var m = Simulator.Run(scenario, Options(paths)).Clusters[0].Milestones[0];
        double logMean = Math.Log(100) + (0.05 * 12), logSd = Math.Sqrt((0.02 * 0.02 * 144) + (0.01 * 12));
        double p = 1 - Normal.CDF(logMean, logSd, Math.Log(200));
        double se = Math.Sqrt(p * (1 - p) / paths);
        Assert.InRange(m.Thresholds[0].Probability.Estimate, p - (4 * se), p + (4 * se));
    }

    [Fact]
    public void Run_SameSeed_IdenticalAtAnyThreadCountAndBlockSize()
    {
        var study = ReproducibilityStudy(3_000);
        var reference = Bits(Simulator.Run(study with { Options = study.Options with { Threads = 1, BlockSize = 1024 } }));
        foreach (var (threads, block) in new[] { (2, 1024), (3, 100), (16, 64), (2, 3000), (1, 7) })
        {
            var other = Bits(Simulator.Run(study with { Options = study.Options with { Threads = threads, BlockSize = block } }));
            Assert.Equal(reference, other);
        }
    }

    [Fact]
    public void RunBlocks_DisjointRangesMerged_EqualTheWholeRun()
    {
        var study = ReproducibilityStudy(2_500) is var s ? s with { Options = s.Options with { BlockSize = 250 } } : null!;
        int blocks = Simulator.BlockCount(study.Options);
        var whole = Bits(Simulator.Run(study));
        var first = Simulator.RunBlocks(study, 0, 3);
        var second = Simulator.RunBlocks(study, 3, 4);
        var third = Simulator.RunBlocks(study, 7, blocks - 7);
        third.Merge(first);
        third.Merge(second);
        Assert.Equal(whole, Bits(Simulator.Finish(third)));
    }

    [Fact]
    public void RunBlocks_AccumulatorSetsSharedByWorkers_EqualPrivateSets()
    {
        // A long sweep shares accumulator sets among the workers (small budgets force it here).
        var study = ReproducibilityStudy(3_000) is var s ? s with { Options = s.Options with { BlockSize = 100, Threads = 4 } } : null!;
        int blocks = Simulator.BlockCount(study.Options);
        var reference = Bits(Simulator.Finish(Simulator.RunBlocks(study, 0, blocks, Simulator.AccumulatorBudget)));

        Assert.Equal(reference, Bits(Simulator.Finish(Simulator.RunBlocks(study, 0, blocks, accumulatorBudget: 0))));

        // Two sets for four workers: workers 0 and 2 share one, 1 and 3 the other.
        long oneSet = study.Scenarios.Sum(x => ScenarioAccumulator.BytesFor(x.Scenario));
        Assert.Equal(reference, Bits(Simulator.Finish(Simulator.RunBlocks(study, 0, blocks, accumulatorBudget: 2 * oneSet))));
    }

    [Fact]
    public void Run_DifferentSeed_DifferentResult()
    {
        var study = ReproducibilityStudy(2_000);
        var a = Bits(Simulator.Run(study));
        var b = Bits(Simulator.Run(study with { Options = study.Options with { Seed = 43 } }));
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Run_PairedDifference_MuchNarrowerThanUnpaired()
    {
        var dataset = Dataset([Cluster("a", 100, 0.05, 0.1), Cluster("b", 100, 0.05, 0.1)]);
        var target = new Target("t", "a ≥ 150 in 2030", 2030, new ClusterAtLeast(0, 150));
        var baseline = Scenario(dataset, targets: [target], id: "base");
        var park = new ParkLever("p", "p", [new ClusterWeight("a", 1)], 1, 2024, Distribution.Fixed(1), 0, Distribution.Fixed(1),
            Distribution.Fixed(5), Distribution.Fixed(0));
        var withPark = Scenario(dataset, Levers.None with { Parks = [park] }, targets: [target], id: "park");
        var result = Simulator.Run(Study([baseline, withPark], Options(20_000, threads: 2)));
        var d = Assert.Single(result.Differences);
        Assert.Equal("park", d.ScenarioId);
        Assert.True(d.Difference > 0);
        Assert.Equal(0, d.OnlyBaseline); // a park never lowers a path
        Assert.True(d.StandardError < 0.5 * d.UnpairedStandardError, $"paired {d.StandardError} vs unpaired {d.UnpairedStandardError}");
        double p1 = result.Scenarios[1].Targets[0].Probability.Estimate, p0 = result.Scenarios[0].Targets[0].Probability.Estimate;
        Assert.Equal(p1 - p0, d.Difference, 12);
    }

    /// <summary>
    /// A scenario whose cluster a grows δ faster on the same shocks has V = V_b·e^{δt} path by path, so the
    /// paired difference d = V_b (e^{δt} − 1) has closed forms: E d = E V_b (e^{δt} − 1) and sd d =
    /// sd V_b (e^{δt} − 1); P(V ≥ v) − P(V_b ≥ v) = Φ-differences of ln V_b. Tolerances: four Monte Carlo
    /// standard errors (fixed seed). Cluster b, which nothing changes, is identical on every path.
    /// </summary>
    [Fact]
    public void Run_ClusterDifference_MatchesClosedFormsAndLeavesUntouchedClustersIdentical()
    {
        const int paths = 40_000;
        const double v0 = 100, mu = 0.05, sigma = 0.1, delta = 0.02, threshold = 160;
        var baseline = Scenario(Dataset([Cluster("a", v0, mu, sigma), Cluster("b", 200, 0.03, 0.2)]), thresholds: [threshold], id: "base");
        var faster = Scenario(Dataset([Cluster("a", v0, mu + delta, sigma), Cluster("b", 200, 0.03, 0.2)]), thresholds: [threshold], id: "faster");

        var result = Simulator.Run(Study([baseline, faster], Options(paths, seed: 5, threads: 2)));

        Assert.Equal(4, result.ClusterDifferences.Length); // two clusters × two milestones
        foreach (var d in result.ClusterDifferences.Where(d => d.ClusterId == "a"))
        {
            int t = d.Year - BaseYear;
            double logMean = Math.Log(v0) + (mu * t), logSd = sigma * Math.Sqrt(t), lift = Math.Exp(delta * t) - 1;
            double meanB = Math.Exp(logMean + (logSd * logSd / 2)), sdB = meanB * Math.Sqrt(Math.Exp(logSd * logSd) - 1);
            double sdD = sdB * lift;
            Assert.False(d.Identical);
            Assert.InRange(d.MeanDifference, (meanB * lift) - (4 * sdD / Math.Sqrt(paths)), (meanB * lift) + (4 * sdD / Math.Sqrt(paths)));
            Assert.InRange(d.StandardError * Math.Sqrt(paths), sdD * 0.95, sdD * 1.05);

            // The paired mean difference is the difference of the reported means (the same fixed-point values).
            int m = faster.Milestones.IndexOf(d.Year);
            double means = result.Scenarios[1].Clusters[0].Milestones[m].Mean - result.Scenarios[0].Clusters[0].Milestones[m].Mean;
            Assert.Equal(means, d.MeanDifference, 1e-9 * v0);

            // Each threshold's pair counts add up to both scenarios' own counts.
            var p = Assert.Single(d.Thresholds);
            Assert.Equal(result.Scenarios[1].Clusters[0].Milestones[m].Thresholds[0].Probability.Successes, p.BothMet + p.OnlyScenario);
            Assert.Equal(result.Scenarios[0].Clusters[0].Milestones[m].Thresholds[0].Probability.Successes, p.BothMet + p.OnlyBaseline);
            Assert.Equal(0, p.OnlyBaseline); // a faster trend never lowers a path
            double expected = Normal.CDF(logMean, logSd, Math.Log(threshold)) - Normal.CDF(logMean, logSd, Math.Log(threshold) - (delta * t));
            double se = Math.Sqrt(expected * (1 - expected) / paths);
            Assert.InRange(p.Difference, expected - (4 * se), expected + (4 * se));
        }

        foreach (var d in result.ClusterDifferences.Where(d => d.ClusterId == "b"))
        {
            Assert.True(d.Identical);
            Assert.Equal((0.0, 0.0), (d.MeanDifference, d.StandardError));
            Assert.All(d.Thresholds, p => Assert.True(p.Identical));
        }
    }

    [Fact]
    public void Run_TargetOfTheSameIdButAnotherGoal_HasNoPairedDifference()
    {
        // Pairs are by goal, not by id alone: the same goal built from its own arrays pairs, a changed
        // value (as an extending file may give) does not, and neither reports a count it never made.
        var dataset = Dataset([Cluster("a", 100, 0.05, 0.1), Cluster("b", 100, 0.05, 0.1)]);
        var baseline = Scenario(dataset, targets: [new Target("t", "t", 2030, new TotalAtLeast(250, [0, 1])), new Target("u", "u", 2030, new TotalAtLeast(250, [0, 1]))], id: "base");
        var other = Scenario(dataset, targets: [new Target("t", "renamed", 2030, new TotalAtLeast(250, [0, 1])), new Target("u", "u", 2030, new TotalAtLeast(300, [0, 1]))], id: "other");

        var result = Simulator.Run(Study([baseline, other], Options(2_000)));

        var d = Assert.Single(result.Differences);
        Assert.Equal(("other", "t", 0L, 0L), (d.ScenarioId, d.TargetId, d.OnlyScenario, d.OnlyBaseline));
        Assert.Equal([0, -1], Simulator.BaselinePairing(other, baseline));
    }

    [Fact]
    public void Run_StageOneTarget_CountsOnPaths()
    {
        // Deterministic paths (σ = 0): four clusters at 1.2 tn and four more at 0.6 tn meet the goal; three at 1.2 tn do not.
        var clusters = Enumerable.Range(0, 8).Select(i => Cluster("c" + i, i < 4 ? 12000 : 6000, 0, 0)).ToList();
        var stageOne = new AllOf([new CountAtLeast(4, 10000, [.. Enumerable.Range(0, 8)]), new CountAtLeast(8, 5000, [.. Enumerable.Range(0, 8)])]);
        var met = Simulator.Run(Scenario(Dataset(clusters), targets: [new Target("s1", "s1", 2025, stageOne)]), Options(10));
        Assert.Equal(10, met.Targets[0].Probability.Successes);

        clusters[3] = Cluster("c3", 9000, 0, 0);
        var missed = Simulator.Run(Scenario(Dataset(clusters), targets: [new Target("s1", "s1", 2025, stageOne)]), Options(10));
        Assert.Equal(0, missed.Targets[0].Probability.Successes);
    }

    [Fact]
    public void Run_MemoryDoesNotGrowWithPaths()
    {
        // Accumulators are fixed-size; the per-path loop allocates nothing, so a run of 10⁶ paths
        // allocates no more than one of 10⁴ (one thread, so everything runs on this thread).
        var scenario = Scenario(Dataset([Cluster("a"), Cluster("b")]), thresholds: [150], horizon: 2030, milestones: [2025, 2030]);
        Simulator.Run(scenario, Options(1_000));
        long Allocated(int paths)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            Simulator.Run(scenario, Options(paths, blockSize: 4096));
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        long small = Allocated(10_000);
        long large = Allocated(1_000_000);
        Assert.True(large <= small * 1.05 + 4096, $"10⁴ paths allocated {small} bytes, 10⁶ paths {large}");
    }

    private static Study ReproducibilityStudy(int paths)
    {
        var correlation = new CorrelationSpec(0.3, [new GroupCorrelation("x", 0.7)], [new PairCorrelation("a", "d", -0.2)]);
        var ev = new EventSpec("slump", "slump", 0.2, 2025, 2032, ["a", "b"], Distribution.Uniform(-0.2, -0.05), Distribution.Normal(-0.02, 0.01), 2);
        var dataset = Dataset(
            [Cluster("a", 100, group: "x", trendDistribution: Distribution.Normal(0.05, 0.02)), Cluster("b", 300, group: "x"), Cluster("c", 50, ceiling: 400),
             Cluster("d", 1000, 0.03, 0.08, RateKind.Arithmetic)],
            correlation, [ev]);
        var targets = new[]
        {
            new Target("t1", "t1", 2030, new TotalAtLeast(2000, [0, 1, 2, 3])),
            new Target("t2", "t2", 2035, new AnyOf([new ClusterAtLeast(0, 200), new CountAtLeast(2, 500, [0, 1, 2, 3])])),
        };
        var baseline = Scenario(dataset, targets: targets, thresholds: [150, 500], id: "base");
        var levers = LeverTests.AllLevers(budget: 30);
        var policy = Scenario(dataset, levers, targets: targets, thresholds: [150, 500], id: "policy");
        return Study([baseline, policy], Options(paths, seed: 99, threads: 1));
    }
}

using Simulation.Engine.Analysis;
using Simulation.Engine.Kernel;
using Simulation.Engine.Model;
using static Simulation.Engine.Tests.TestScenarios;

namespace Simulation.Engine.Tests.Analysis;

/// <summary>
/// The recorded inputs are the ones the kernel used: in scenarios built so that one input alone
/// decides a path, the input read back from the recorder explains the path the kernel simulated.
/// </summary>
public class RecordingTests
{
    private const int Paths = 300;

    /// <summary>A cluster that stands still unless something moves it: no trend, no shocks.</summary>
    private static Cluster Still(string id = "a", double baseValue = 100) => Cluster(id, baseValue, trend: 0, volatility: 0);

    /// <summary>The recorder's inputs and the scalar kernel's log values for each of the first <see cref="Paths"/> paths.</summary>
    private static IEnumerable<(long Path, Func<string, double> Input, double[] Logs)> Walk(Scenario scenario, ulong seed = 7)
    {
        var plan = new CompiledScenario(scenario);
        var layout = SampleLayout.For(scenario, []);
        var recorder = new InputRecorder(plan, seed, layout);
        var kernel = new PathSimulator(plan, seed);
        for (long p = 0; p < Paths; p++)
        {
            recorder.Draw(p);
            kernel.Simulate(p);
            var logs = (double[])kernel.LogValues.Clone();
            yield return (p, name => recorder.Value(layout.Inputs.Single(i => i.Name == name)), logs);
        }
    }

    [Theory]
    [InlineData(RateKind.Logarithmic)]
    [InlineData(RateKind.Arithmetic)]
    public void Trend_IsTheDriftTheKernelApplied(RateKind kind)
    {
        var cluster = Cluster("a", 100, volatility: 0, kind: kind, trendDistribution: Distribution.Normal(0.05, 0.02));
        var scenario = Scenario(Dataset([cluster]));
        foreach (var (path, input, logs) in Walk(scenario))
        {
            double g = input("clusters.a.trend");
            double drift = kind == RateKind.Logarithmic ? g : Math.Log(1 + g);
            int years = scenario.Years;
            Assert.True(Math.Abs(logs[years] - logs[0] - (years * drift)) < 1e-9, $"path {path}: trend {g}");
        }
    }

    [Fact]
    public void Shocks_AreTheKernelsCorrelatedShocks_SummedOverEachPeriodUpToAYearAnOutcomeIsReadIn()
    {
        // Milestones 2025 and 2035: periods 2024–2025 and 2026–2035.
        var data = Dataset([Cluster("a", 100, trend: 0, volatility: 0.1), Cluster("b", 200, trend: 0, volatility: 0.2)], new CorrelationSpec(0.6, [], []));
        var scenario = Scenario(data);
        Assert.Equal([(2024, 2025), (2026, 2035)], SampleLayout.For(scenario, []).ShockPeriods.ToArray());
        double[] sigma = [0.1, 0.2];
        var spread = new List<double>();
        foreach (var (path, input, logs) in Walk(scenario))
        {
            foreach (var (from, to) in new[] { (2024, 2025), (2026, 2035) })
            {
                for (int c = 0; c < 2; c++)
                {
                    double total = (logs[((to - BaseYear) * 2) + c] - logs[((from - 1 - BaseYear) * 2) + c]) / (sigma[c] * Math.Sqrt(to - from + 1));
                    double recorded = input($"clusters.{(c == 0 ? "a" : "b")}.shocks.{from}-{to}");
                    Assert.True(Math.Abs(total - recorded) < 1e-9, $"path {path}, cluster {c}, {from}-{to}: {recorded} recorded, {total} simulated");
                    spread.Add(recorded);
                }
            }
        }

        // A sum of standard normals over √years is standard normal.
        Assert.InRange(Math.Sqrt(spread.Select(v => v * v).Average()), 0.9, 1.1);
    }

    [Fact]
    public void EventCountAndFirstYear_AreItsFiringsInTheKernel()
    {
        var ev = new EventSpec("slump", "Slump", 0.3, 2026, 2032, ["a"], Distribution.Fixed(-0.1), null, 1);
        var scenario = Scenario(Dataset([Still()], events: [ev]));
        bool some = false, none = false;
        foreach (var (path, input, logs) in Walk(scenario))
        {
            double count = input("events.slump.count");
            double first = input("events.slump.first-year");
            Assert.True(Math.Abs(logs[^1] - logs[0] - (count * Math.Log(0.9))) < 1e-9, $"path {path}: {count} firings");
            int dropped = Enumerable.Range(1, scenario.Years).FirstOrDefault(t => logs[t] < logs[t - 1] - 1e-12);
            Assert.Equal(dropped == 0 ? scenario.Horizon + 1 : BaseYear + dropped, first);
            some |= count > 0;
            none |= count == 0;
        }

        Assert.True(some && none);
    }

    [Fact]
    public void ParkInputs_AreWhatBuiltItsCapacity()
    {
        // An occupancy ramp below 1.5 years rounds to one year, so every input's slot is read and the park fills at once.
        var park = new ParkLever("p", "Park P", [new ClusterWeight("a", 1)], 2, 2024, Distribution.Uniform(0.6, 3.4), 0.4, Distribution.Uniform(0.6, 1.4),
            Distribution.Uniform(10, 20), Distribution.Uniform(0.2, 0.3));
        var scenario = Scenario(Dataset([Still()]), Levers.None with { Parks = [park] });
        foreach (var (path, input, logs) in Walk(scenario))
        {
            bool cancelled = input("levers.parks.sites.p.cancelled") == 1;
            Assert.InRange(input("levers.parks.sites.p.occupancy-ramp-years"), 0.6, 1.4);
            double added = Math.Exp(logs[^1]) - 100;
            double expected = cancelled ? 0 : 2 * input("levers.parks.sites.p.output-density") * (1 - input("levers.parks.sites.p.displacement"));
            Assert.True(Math.Abs(added - expected) < 1e-9, $"path {path}: cancelled {cancelled}, added {added}");
            if (!cancelled)
            {
                int opening = 2024 + (int)Math.Round(input("levers.parks.sites.p.build-years"), MidpointRounding.AwayFromZero);
                Assert.True(Math.Exp(logs[opening - BaseYear - 1]) - 100 < 1e-9 && Math.Exp(logs[opening - BaseYear]) - 100 > 1, $"path {path}: opens in {opening}");
            }
        }
    }

    [Fact]
    public void RevivalInputs_AreItsSuccessAndUplift()
    {
        var revival = new RevivalLever("r", "Revival", ["a"], 2025, 0.5, Distribution.Normal(0.03, 0.01), 1);
        var scenario = Scenario(Dataset([Still()]), Levers.None with { Revivals = [revival] });
        foreach (var (path, input, logs) in Walk(scenario))
        {
            double uplift = input("levers.revival.r.succeeded") * input("levers.revival.r.uplift");
            Assert.True(Math.Abs(logs[^1] - logs[0] - (11 * uplift)) < 1e-9, $"path {path}");
        }
    }

    [Fact]
    public void AttractionArrivals_AreTheProjectsThatArrived()
    {
        var attraction = new AttractionLever(2024, 2035, 1.5, [new ClusterWeight("a", 1), new ClusterWeight("b", 3)], Distribution.Fixed(10), 1);
        var scenario = Scenario(Dataset([Still("a"), Still("b")]), Levers.None with { Attraction = attraction });
        foreach (var (path, input, logs) in Walk(scenario))
        {
            double a = input("levers.attraction.clusters.a.arrivals"), b = input("levers.attraction.clusters.b.arrivals");
            Assert.Equal(a + b, input("levers.attraction.arrivals"));
            Assert.True(Math.Abs(Math.Exp(logs[^2]) - 100 - (10 * a)) < 1e-9, $"path {path}: a");
            Assert.True(Math.Abs(Math.Exp(logs[^1]) - 100 - (10 * b)) < 1e-9, $"path {path}: b");
        }
    }

    [Fact]
    public void SubsidyInputs_ScaleItsOutput()
    {
        // Every project invests 10 and claims 1 (10%), so with leverage ℓ ≤ 10 each project adds ℓ × output ratio: the
        // output added over the recorded ℓ × ratio must be a whole number of projects on every path.
        var subsidy = new SubsidyLever(2024, 2030, YearSchedule.Constant(1e6), 0.1, 100, 5, 3, [new ClusterWeight("a", 1)], Distribution.Fixed(10),
            Distribution.Uniform(1, 5), Distribution.Uniform(0.5, 2), 1);
        var scenario = Scenario(Dataset([Still()]), Levers.None with { Subsidy = subsidy });
        foreach (var (path, input, logs) in Walk(scenario))
        {
            double projects = (Math.Exp(logs[^1]) - 100) / (input("levers.subsidy.induced-investment-per-subsidy") * input("levers.subsidy.output-per-investment"));
            Assert.True(Math.Abs(projects - Math.Round(projects)) < 1e-6 && projects > 0, $"path {path}: {projects} projects");
        }
    }

    [Fact]
    public void Layout_LeavesOutWhatNeverVaries_AndNamesInputsByTheirPlaceInTheLanguage()
    {
        var data = Dataset([Cluster("a", trendDistribution: Distribution.Normal(0.05, 0.01)), Cluster("b", volatility: 0)],
            events: [new EventSpec("never", "Never", 0, null, null, ["a"], Distribution.Fixed(-0.1), null, 1), new EventSpec("e", "E", 0.1, null, null, ["a"], null, Distribution.Fixed(-0.01), 1)]);
        var levers = Levers.None with
        {
            Parks = [new ParkLever("p", "P", [new ClusterWeight("a", 1)], 1, 2024, Distribution.Fixed(2), 0, Distribution.Fixed(1), Distribution.Normal(10, 1), Distribution.Fixed(0))],
            Revivals = [new RevivalLever("r", "R", ["b"], 2025, 1, Distribution.Fixed(0.01), 1)],
        };
        var target = new Target("t", "T", 2030, new ClusterAtLeast(0, 120));
        var condition = new Target("c", "C", 2031, new ClusterAtLeast(1, 90));
        var layout = SampleLayout.For(Scenario(data, levers, [target]), [condition]);
        Assert.Equal(
            ["clusters.a.trend", "clusters.a.shocks.2024-2025", "clusters.a.shocks.2026-2030", "clusters.a.shocks.2031", "clusters.a.shocks.2032-2035",
                "events.e.count", "events.e.first-year", "levers.parks.sites.p.output-density"],
            layout.Inputs.Select(i => i.Name));
        Assert.Equal(["clusters.a.2025", "clusters.b.2025", "clusters.a.2035", "clusters.b.2035", "targets.t", "conditions.c"], layout.Outcomes.Select(o => o.Name));
    }

    private static AnalysisOptions Analyse(Scenario scenario, int paths, params Target[] conditions) =>
        new(paths, [new ScenarioAnalysisSpec(scenario.Id, [.. conditions.Select(c => new Discovery(c.Id, c, IsTarget: false))])], Sensitivity: false, PrimOptions.Default);

    private static Scenario Busy() => Scenario(
        Data(),
        LeverTests.AllLevers(20),
        [new Target("t", "T", 2030, new CountAtLeast(2, 150, [0, 1, 2, 3]))]);

    private static Dataset Data() => Dataset(
        [Cluster("a", 100, group: "x", trendDistribution: Distribution.Normal(0.05, 0.02)), Cluster("b", 300, group: "x"), Cluster("c", 50, -0.01, 0.05), Cluster("d", 1000, 0.03, 0.08, RateKind.Arithmetic)],
        new CorrelationSpec(0.3, [], []),
        [new EventSpec("e", "e", 0.2, null, null, ["a"], Distribution.Uniform(-0.2, -0.05), null, 1)]);

    private static double[][] Columns(PathSample sample) =>
        [.. Enumerable.Range(0, sample.Layout.Columns).Select(c => sample.Column(c).ToArray())];

    [Fact]
    public void Sample_HoldsTheKernelsOutcomesAndTheRecordersInputs()
    {
        var scenario = Busy();
        var condition = new Target("b-2031", "b at 2031", 2031, new ClusterAtLeast(1, 400));
        var study = Study([scenario], Options(700, seed: 3, threads: 2, blockSize: 64)) with { Analysis = Analyse(scenario, 500, condition) };
        var sample = Simulator.Run(study).Scenarios[0].Analysis!.Sample;
        Assert.Equal(500, sample.Paths);
        var plan = new CompiledScenario(scenario);
        var kernel = new PathSimulator(plan, 3);
        var recorder = new InputRecorder(plan, 3, sample.Layout);
        var layout = sample.Layout;
        foreach (long path in new long[] { 0, 1, 7, 63, 64, 499 })
        {
            kernel.Simulate(path);
            recorder.Draw(path);
            for (int i = 0; i < layout.Inputs.Length; i++)
            {
                Assert.Equal(recorder.Value(layout.Inputs[i]), sample.Input(i)[(int)path]);
            }

            var values = Enumerable.Range(0, 4).Select(c => DetMath.Exp(kernel.LogValues[((2035 - BaseYear) * 4) + c])).ToArray();
            Assert.Equal(values[2], sample.Outcome(layout.Outcomes.IndexOf(layout.Outcomes.Single(o => o.Name == "clusters.c.2035")))[(int)path]);
            double[] at2030 = [.. Enumerable.Range(0, 4).Select(c => DetMath.Exp(kernel.LogValues[((2030 - BaseYear) * 4) + c]))];
            double[] at2031 = [.. Enumerable.Range(0, 4).Select(c => DetMath.Exp(kernel.LogValues[((2031 - BaseYear) * 4) + c]))];
            Assert.Equal(scenario.Targets[0].Condition.IsMet(at2030) ? 1 : 0, sample.Outcome(layout.Outcomes.Length - 2)[(int)path]);
            Assert.Equal(condition.Condition.IsMet(at2031) ? 1 : 0, sample.Outcome(layout.Outcomes.Length - 1)[(int)path]);
        }
    }

    [Fact]
    public void Sample_IsTheSameAtAnyThreadCountBlockSizeOrSplitIntoShards()
    {
        var scenario = Busy();
        var reference = Study([scenario], Options(900, threads: 1, blockSize: 1024)) with { Analysis = Analyse(scenario, 600) };
        var expected = Columns(Simulator.Run(reference).Scenarios[0].Analysis!.Sample);
        foreach (var (threads, block) in new[] { (2, 64), (3, 100), (2, 1024) })
        {
            var study = reference with { Options = reference.Options with { Threads = threads, BlockSize = block } };
            Assert.Equal(expected, Columns(Simulator.Run(study).Scenarios[0].Analysis!.Sample));
        }

        // Four shards of 100-path blocks, saved and imported as `simulate merge` does.
        var sharded = reference with { Options = reference.Options with { BlockSize = 100 } };
        int blocks = Simulator.BlockCount(sharded.Options);
        StudyAccumulator? merged = null;
        for (int shard = 0; shard < 4; shard++)
        {
            var (first, count) = Simulator.ShardBlocks(blocks, shard, 4);
            var part = Simulator.RunBlocks(sharded, first, count);
            var rows = part.Samples.Select(s => s?.Export((long)first * 100, (long)count * 100)).ToList();
            var imported = StudyAccumulator.Import(sharded, [.. part.Scenarios.Select(a => a.Export())], rows);
            if (merged is null)
            {
                merged = imported;
            }
            else
            {
                merged.Merge(imported);
            }
        }

        Assert.Equal(expected, Columns(Simulator.Finish(merged!).Scenarios[0].Analysis!.Sample));
    }

    [Fact]
    public void Recording_ChangesNoResult()
    {
        var scenario = Busy();
        var plain = Study([scenario], Options(1500, threads: 2, blockSize: 256));
        var analysed = plain with { Analysis = Analyse(scenario, 1000) };
        Assert.Equal(Bits(Simulator.Run(plain)), Bits(Simulator.Run(analysed)));
    }

    [Fact]
    public void Finish_RefusesAnIncompleteSample()
    {
        var scenario = Busy();
        var study = Study([scenario], Options(1000, blockSize: 100)) with { Analysis = Analyse(scenario, 500) };
        var part = Simulator.RunBlocks(study, 0, 3);
        Assert.Throws<InvalidOperationException>(() => Simulator.Finish(part));
    }

    [Fact]
    public void SamplePaths_AreAtMostTheRunsPaths()
    {
        var scenario = Busy();
        var study = Study([scenario], Options(250)) with { Analysis = Analyse(scenario, AnalysisOptions.DefaultPaths) };
        Assert.Equal(250, Simulator.Run(study).Scenarios[0].Analysis!.Sample.Paths);
        Assert.Null(Simulator.Run(study with { Analysis = null }).Scenarios[0].Analysis);
    }
}

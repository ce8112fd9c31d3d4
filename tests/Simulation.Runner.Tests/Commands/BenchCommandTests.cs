using Microsoft.Extensions.Logging.Abstractions;
using Simulation.Engine.Model;
using Simulation.Runner.Commands;
using Simulation.Runner.Loading;

namespace Simulation.Runner.Tests.Commands;

/// <summary>The bench command's breakdown: which runs it times, and how it turns their times into each part's cost.</summary>
public sealed class BenchCommandTests
{
    /// <summary>The tiny study's baseline (every lever), with an event back in its dataset.</summary>
    private static Scenario TinyBaseline()
    {
        var scenario = new ScenarioLoader().Load(TestPaths.Data("tiny-study.yaml")).Study!.Scenarios.Single(s => s.Scenario.Id == "baseline").Scenario;
        var slump = new EventSpec("slump", "slump", 0.2, null, null, ["alpha"], Distribution.Uniform(-0.2, -0.05), null, 1);
        return scenario with { Dataset = scenario.Dataset with { Events = [slump] } };
    }

    [Fact]
    public void Variants_EveryLeverAndEvents_EachLeftOutAloneThenTheCore()
    {
        var scenario = TinyBaseline();

        var variants = BenchBreakdown.Variants(scenario);

        Assert.Equal(
            ["everything", "without subsidy", "without parks", "without revivals", "without attraction", "without events", "core only (no lever, no event)"],
            variants.Select(v => v.Label));
        Assert.Same(scenario, variants[0].Scenario);
        var byPart = variants.Skip(1).ToDictionary(v => v.Part!, v => v.Scenario);
        Assert.Null(byPart["subsidy"].Levers.Subsidy);
        Assert.Equal(scenario.Levers with { Subsidy = null }, byPart["subsidy"].Levers);
        Assert.Empty(byPart["parks"].Levers.Parks);
        Assert.Same(scenario.Levers.Subsidy, byPart["parks"].Levers.Subsidy);
        Assert.Empty(byPart["revivals"].Levers.Revivals);
        Assert.Equal(scenario.Levers.Parks, byPart["revivals"].Levers.Parks);
        Assert.Null(byPart["attraction"].Levers.Attraction);
        Assert.Equal(scenario.Levers.Revivals, byPart["attraction"].Levers.Revivals);
        Assert.Empty(byPart["events"].Dataset.Events);
        Assert.Same(scenario.Levers, byPart["events"].Levers);
        Assert.Equal(Levers.None, byPart[BenchBreakdown.Core].Levers);
        Assert.Empty(byPart[BenchBreakdown.Core].Dataset.Events);
        Assert.All(variants, v => Assert.Equal(scenario.Targets, v.Scenario.Targets));
    }

    [Fact]
    public void Variants_NothingToLeaveOut_OnlyTheWholeScenario()
    {
        var scenario = TinyBaseline();
        var bare = scenario with { Levers = Levers.None, Dataset = scenario.Dataset with { Events = [] } };

        var only = Assert.Single(BenchBreakdown.Variants(bare));

        Assert.Null(only.Part);
    }

    [Fact]
    public void Variants_OnePart_TheRunWithoutItIsTheCore()
    {
        var scenario = TinyBaseline();
        var subsidyOnly = scenario with { Levers = Levers.None with { Subsidy = scenario.Levers.Subsidy }, Dataset = scenario.Dataset with { Events = [] } };

        Assert.Equal(["everything", "without subsidy"], BenchBreakdown.Variants(subsidyOnly).Select(v => v.Label));
    }

    [Fact]
    public void Costs_WholeLessEachRunWithoutThePart_CoreItsOwn_InterplayTheRest()
    {
        var variants = FourVariants();

        var costs = BenchBreakdown.Costs(variants, [10, 6, 8, 3]);

        Assert.Equal(["subsidy", "parks", BenchBreakdown.Core, BenchBreakdown.Interplay], costs.Select(c => c.Part));
        Assert.Equal([4, 2, 3, 1], costs.Select(c => c.Seconds));
        Assert.Equal([0.4, 0.2, 0.3, 0.1], costs.Select(c => c.Share), (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Empty(BenchBreakdown.Costs(variants[..1], [10]));
        Assert.Throws<ArgumentException>(() => BenchBreakdown.Costs(variants, [10, 6]));
        Assert.Throws<ArgumentException>(() => BenchBreakdown.Costs(variants[1..], [6, 8, 3]));
    }

    [Fact]
    public void Costs_OnePart_TheRunWithoutItIsTheCore_NoInterplay()
    {
        var costs = BenchBreakdown.Costs(FourVariants()[..2], [10, 6]);

        Assert.Equal([("subsidy", 4.0), (BenchBreakdown.Core, 6.0)], costs.Select(c => (c.Part, c.Seconds)));
    }

    [Fact]
    public void MedianCosts_EachRoundsCostsThenTheMedian_NotTheCostOfTheMedians()
    {
        // Round 2 ran in a busy minute (every run twice as slow), round 3 had a slow "without subsidy" run.
        double[][] rounds = [[10, 6, 8, 3], [20, 10, 16, 6], [12, 9, 9, 3]];

        var costs = BenchBreakdown.MedianCosts(FourVariants(), rounds);

        // Subsidy per round: 4, 10, 3 → 4 (the medians' difference, 12 − 9, would say 3); parks 2, 4, 3;
        // core 3, 6, 3; interplay 1, 0, 3.
        Assert.Equal([4, 3, 3, 1], costs.Select(c => c.Seconds));
        Assert.Equal(0.4, costs[0].Share, 12);
        Assert.Throws<ArgumentException>(() => BenchBreakdown.MedianCosts(FourVariants(), []));
    }

    [Fact]
    public void Bench_Breakdown_PrintsEveryRunAndEveryPart()
    {
        var (code, text, err) = Bench(TestPaths.Data("tiny-study.yaml"), "--repeat", "1");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(string.Empty, err);
        Assert.Contains("throughput: ", text, StringComparison.Ordinal);
        Assert.Contains("run 1 (without attraction): ", text, StringComparison.Ordinal);
        Assert.Contains("ns = wall nanoseconds × 1 workers per cluster-year", text, StringComparison.Ordinal);
        foreach (string line in new[] { "everything", "core only (no lever, no event)", "subsidy", "parks", "revivals", "attraction", "core (its own run)", "interplay (the rest)" })
        {
            Assert.Contains("\n  " + line + " ", text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("\n  events ", text, StringComparison.Ordinal); // the tiny baseline removes its dataset's event
        Assert.Contains("fewer than 3 rounds", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_BreakdownOfAScenarioWithoutParts_SaysThereIsNothingToBreakDown()
    {
        string folder = Path.Combine(Path.GetTempPath(), "bench-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string extends = TestPaths.Data("tiny-baseline.yaml").Replace('\\', '/');
            File.WriteAllText(Path.Combine(folder, "bare.yaml"),
                $"kind: scenario\nid: bare\nextends: {extends}\nlevers: {{ subsidy: null, parks: null, revival: null, attraction: null }}\n");
            File.WriteAllText(Path.Combine(folder, "study.yaml"), "kind: study\nid: b\nbaseline: bare\nscenarios: [bare.yaml]\n");

            var (code, text, _) = Bench(Path.Combine(folder, "study.yaml"), "--repeat", "3");

            Assert.Equal(ExitCodes.Ok, code);
            Assert.Contains("\nnothing to break down: the scenario has no lever and no event", text, StringComparison.Ordinal);
            Assert.DoesNotContain("where the time goes", text, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static BenchBreakdown.Variant[] FourVariants()
    {
        var scenario = TinyBaseline();
        return
        [
            new BenchBreakdown.Variant(null, "everything", scenario),
            new BenchBreakdown.Variant("subsidy", "without subsidy", scenario),
            new BenchBreakdown.Variant("parks", "without parks", scenario),
            new BenchBreakdown.Variant(BenchBreakdown.Core, "core", scenario),
        ];
    }

    private static (int Code, string Out, string Err) Bench(string study, params string[] more)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = Simulation.Runner.Cli.Run(
            ["bench", "--study", study, "--paths", "16", "--threads", "1", "--breakdown", .. more],
            output, error, NullLogger.Instance, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }
}

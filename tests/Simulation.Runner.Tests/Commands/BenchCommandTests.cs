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
    public void Costs_WholeLessEachRunWithoutThePart_CoreItsOwn_InterplayTheRest()
    {
        var scenario = TinyBaseline();
        var variants = new[]
        {
            new BenchBreakdown.Variant(null, "everything", scenario),
            new BenchBreakdown.Variant("subsidy", "without subsidy", scenario),
            new BenchBreakdown.Variant("parks", "without parks", scenario),
            new BenchBreakdown.Variant(BenchBreakdown.Core, "core", scenario),
        };

        var costs = BenchBreakdown.Costs(variants, [10, 6, 8, 3]);

        Assert.Equal(["subsidy", "parks", BenchBreakdown.Core, BenchBreakdown.Interplay], costs.Select(c => c.Part));
        Assert.Equal([4, 2, 3, 1], costs.Select(c => c.Seconds));
        Assert.Equal([0.4, 0.2, 0.3, 0.1], costs.Select(c => c.Share), (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Empty(BenchBreakdown.Costs(variants[..1], [10]));
        Assert.Throws<ArgumentException>(() => BenchBreakdown.Costs(variants, [10, 6]));
        Assert.Throws<ArgumentException>(() => BenchBreakdown.Costs(variants[1..], [6, 8, 3]));
    }

    [Fact]
    public void Bench_Breakdown_PrintsEveryRunAndEveryPart()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        int code = Simulation.Runner.Cli.Run(
            ["bench", "--study", TestPaths.Data("tiny-study.yaml"), "--paths", "16", "--repeat", "1", "--threads", "1", "--breakdown"],
            output, error, NullLogger.Instance, CancellationToken.None);

        string text = output.ToString();
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(string.Empty, error.ToString());
        Assert.Contains("throughput: ", text, StringComparison.Ordinal);
        Assert.Contains("run 1 (without attraction): ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("events", text, StringComparison.Ordinal); // the tiny baseline removes its dataset's event
        foreach (string line in new[] { "everything", "core only (no lever, no event)", "subsidy", "parks", "revivals", "attraction", "interplay" })
        {
            Assert.Contains("\n  " + line + " ", text, StringComparison.Ordinal);
        }
    }
}

using Simulation.Engine.Statistics;
using Simulation.Runner.Output;
using Simulation.Runner.Reports;
using Simulation.Runner.Tests.Reports;

namespace Simulation.Runner.Tests.Output;

/// <summary>A scenario's own page: its levers, targets with paired differences, the charts of its folder, its files and the way back.</summary>
public class ScenarioPageTests
{
    private static StudyResult Study => ReportFixtures.StudyResult;

    /// <summary>Charts as the study's charts would name them: the baseline's small multiples and one cluster's two, an alternative's page, one chart of a kind the page does not know.</summary>
    private static StudyCharts.Index Charts => new(
        "charts/targets.png", "charts/differences.png", new Dictionary<string, string>(), new Dictionary<string, string>(),
        new Dictionary<string, string> { ["baseline"] = "baseline/charts/clusters.png", ["faster-chips"] = "faster-chips/charts/clusters.png" },
        new Dictionary<string, IReadOnlyList<(string, string)>>
        {
            ["chips"] = [("Fan chart, baseline", "baseline/charts/fan-chips.png"), ("Milestone distribution, baseline", "baseline/charts/milestones-chips.png"), ("Scenarios compared", "charts/overlay-chips.png")],
        },
        new Dictionary<string, StudyCharts.AnalysisIndex>(), new Dictionary<string, string>());

    private static List<string> Files =>
    [
        .. ReportTables.ForStudy(Study).Select(f => f.RelativePath),
        "baseline/samples.csv", "baseline/charts/clusters.png", "baseline/charts/fan-chips.png", "baseline/charts/milestones-chips.png", "baseline/charts/new-kind.png",
        "faster-chips/charts/clusters.png",
    ];

    [Fact]
    public void Markdown_Baseline_MatchesGolden() => Golden.Verify("study.baseline.page.md", ScenarioPage.Markdown(Study, "baseline", Charts, Files));

    [Fact]
    public void Markdown_Alternative_PairedDifferences_ItsOwnChartsOnly_AndTheWayBack()
    {
        string md = ScenarioPage.Markdown(Study, "faster-chips", Charts, Files);

        Assert.StartsWith("# Faster chips\n\nScenario `faster-chips` of the study [Tiny study](../report.md), compared with the baseline [`baseline`](../baseline/report.md).", md, StringComparison.Ordinal);
        var d = Study.Differences.First(x => x.ScenarioId == "faster-chips" && x.TargetId == "chips-3000");
        Assert.Contains(" | " + Format.Difference(d) + " |", md, StringComparison.Ordinal);
        Assert.Contains("![All clusters, faster-chips](charts/clusters.png)\n", md, StringComparison.Ordinal);
        Assert.DoesNotContain("fan-chips", md, StringComparison.Ordinal);
        Assert.Contains("- `targets.csv`: ", md, StringComparison.Ordinal);
        Assert.DoesNotContain("samples.csv", md, StringComparison.Ordinal);
        Assert.EndsWith("Back to the study: [Tiny study](../report.md).\n", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_Baseline_ShowsEveryChartOfItsFolder_EvenOfAKindItDoesNotKnow()
    {
        string md = ScenarioPage.Markdown(Study, "baseline", Charts, Files);

        Assert.Contains("![Fan chart, baseline](charts/fan-chips.png)\n![Milestone distribution, baseline](charts/milestones-chips.png)\n", md, StringComparison.Ordinal);
        Assert.DoesNotContain("overlay-chips", md, StringComparison.Ordinal);
        Assert.Contains("### Other charts\n\n![new-kind](charts/new-kind.png)\n", md, StringComparison.Ordinal);
        Assert.Contains("| Chips, the \"big\" target `chips-3000` | 2027 | ", md, StringComparison.Ordinal);
        Assert.Contains(" | baseline |", md, StringComparison.Ordinal);
        Assert.Contains("- `samples.csv`: ", md, StringComparison.Ordinal);
    }
}

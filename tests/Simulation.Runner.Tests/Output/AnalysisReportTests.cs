using Simulation.Engine.Statistics;
using Simulation.Runner.Output;
using Simulation.Runner.Tests.Reports;

namespace Simulation.Runner.Tests.Output;

/// <summary>The report's analysis sections for the tiny study's baseline (300 recorded paths, two correlated clusters).</summary>
public class AnalysisReportTests
{
    private static StudyResult Study => ReportFixtures.StudyResult;

    private static string Markdown()
    {
        var baseline = Study.Scenarios[0];
        var charts = new StudyCharts.AnalysisIndex(new Dictionary<string, string>(), new Dictionary<string, (string?, string?)>());
        return AnalysisReport.Markdown(baseline, charts, Study.Study.Analysis!);
    }

    [Fact]
    public void Sections_NameTheScenario_AndTheFilesBehindThem()
    {
        string md = Markdown();
        Assert.Contains("## What drives each target: Baseline, as announced", md, StringComparison.Ordinal);
        Assert.Contains("## When is it met: Baseline, as announced", md, StringComparison.Ordinal);
        Assert.Contains("`baseline/sensitivity.csv`", md, StringComparison.Ordinal);
        Assert.Contains("`baseline/discovery-chips-2600.csv`", md, StringComparison.Ordinal);
    }

    [Fact]
    public void DependentInputs_AreSaidToOverlap_NotPresentedAsADecomposition()
    {
        // The two clusters' shocks are correlated 0.5 (one group): their indices must not be read as shares that add up.
        Assert.NotEmpty(Study.Scenarios[0].Analysis!.Correlated);
        string md = Markdown();
        Assert.Contains("**The inputs are not all independent.**", md, StringComparison.Ordinal);
        Assert.Contains("must not be added up", md, StringComparison.Ordinal);
        Assert.Matches(@"chips: annual shocks (\d{4}–)?\d{4} and Software and information services: annual shocks (\d{4}–)?\d{4} \(ρ = \+0\.", md);
    }

    [Fact]
    public void TargetNeverMet_SaysSo_AndPrimHasNothingToFind()
    {
        string md = Markdown();
        Assert.Contains("Met on none of the 300 sampled paths: nothing varies, so there is nothing to rank.", md, StringComparison.Ordinal);
        Assert.Contains("No sampled path meets it, so there is nothing to tell its paths from the others.", md, StringComparison.Ordinal);
    }

    [Fact]
    public void EachExplainedTarget_GetsASentenceWithItsLimitsAndTheirCoverage()
    {
        var discovery = Study.Scenarios[0].Analysis!.Discoveries.Single(d => d.Discovery.Id == "chips-2600");
        Assert.NotEmpty(discovery.Pruned!.Limits);
        string md = Markdown();
        int at = md.IndexOf("### Chips ≥ 2,600 亿 in 2026\n", md.IndexOf("## When is it met", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.True(at > 0);
        string section = md[at..];
        Assert.Contains(". On the held-out paths where ", section, StringComparison.Ordinal);
        Assert.Contains("of the held-out paths that meet it (coverage)", section, StringComparison.Ordinal);
        Assert.Contains("| Input | Kept by PRIM's box | Sampled range | qp in PRIM's box | Kept after pruning (qp) |", section, StringComparison.Ordinal);
    }
}

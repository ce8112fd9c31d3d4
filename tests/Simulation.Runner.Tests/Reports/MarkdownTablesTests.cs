using Simulation.Runner.Reports;

namespace Simulation.Runner.Tests.Reports;

public class MarkdownTablesTests
{
    [Fact]
    public void Comparison_TinyStudy_MatchesGolden() => Golden.Verify("study.comparison.md", MarkdownTables.Comparison(ReportFixtures.StudyResult));

    [Fact]
    public void Milestones_TinyScenario_MatchesGolden() =>
        Golden.Verify("scenario.milestones.md", MarkdownTables.Milestones(ReportFixtures.ScenarioResult, Format.Both));

    [Fact]
    public void Milestones_Chinese_UsesChineseNames()
    {
        string md = MarkdownTables.Milestones(ReportFixtures.ScenarioResult, Format.Chinese);
        Assert.Contains("| 半导体与集成电路 | 2025 |", md, StringComparison.Ordinal);
        Assert.DoesNotContain(" bn", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Comparison_BaselineRows_SayBaseline()
    {
        var lines = MarkdownTables.Comparison(ReportFixtures.StudyResult).Split('\n');
        Assert.All(lines.Where(l => l.StartsWith("| Baseline, as announced |", StringComparison.Ordinal)), l => Assert.EndsWith("| baseline |", l, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Chips ≥ 4,000 亿 by 2027", StringComparison.Ordinal) && l.EndsWith("| n/a |", StringComparison.Ordinal));
    }

    [Fact]
    public void DifferenceCell_BaselineOrPairedOrNotApplicable()
    {
        var result = ReportFixtures.StudyResult;
        var d = result.Differences[0];

        Assert.Equal("baseline", MarkdownTables.DifferenceCell(result, result.Study.BaselineId, d.TargetId));
        Assert.Equal(Format.Difference(d), MarkdownTables.DifferenceCell(result, d.ScenarioId, d.TargetId));
        Assert.Equal("n/a", MarkdownTables.DifferenceCell(result, "faster-chips", "chips-4000")); // the baseline has no such target
    }
}

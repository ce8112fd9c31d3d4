using Simulation.Engine;
using Simulation.Engine.Model;
using Simulation.Engine.Statistics;
using Simulation.Runner.Reports;

namespace Simulation.Runner.Tests.Reports;

public class ClusterEffectsTests
{
    private static StudyResult Study => ReportFixtures.StudyResult;

    [Fact]
    public void Csv_FasterChips_MatchesGolden() => Golden.Verify("study.faster-chips.differences.csv", ClusterEffects.Csv(Study, "faster-chips"));

    [Fact]
    public void Csv_HasTheDocumentedHeader_AndARowPerClusterYearAndStatistic()
    {
        string csv = ClusterEffects.Csv(Study, "faster-chips");
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', ClusterEffects.Header), lines[0]);

        // Two clusters × two milestones × (median, mean, one row per threshold of two).
        Assert.Equal(2 * 2 * 4, lines.Length - 1);
        Assert.All(lines.Skip(1).Where(l => l.StartsWith("faster-chips,software,", StringComparison.Ordinal)), l => Assert.Contains(",true,", l, StringComparison.Ordinal));
        Assert.All(lines.Skip(1).Where(l => l.StartsWith("faster-chips,chips,", StringComparison.Ordinal) && l.Contains(",mean,", StringComparison.Ordinal)),
            l => Assert.Contains(",false,", l, StringComparison.Ordinal));
    }

    [Fact]
    public void Touched_FasterChips_IsChipsOnly()
    {
        Assert.Equal<string>(["chips"], ClusterEffects.Touched(Study, "faster-chips").AsEnumerable());
        Assert.False(ClusterEffects.HasDifferences(Study, "baseline"));
    }

    [Fact]
    public void ForStudy_WritesDifferencesForEveryScenarioButTheBaseline()
    {
        var paths = ReportTables.ForStudy(Study).Select(f => f.RelativePath).Where(p => p.EndsWith("/" + ClusterEffects.File, StringComparison.Ordinal)).ToList();
        Assert.Equal(Study.Scenarios.Skip(1).Select(s => s.Scenario.Id + "/" + ClusterEffects.File), paths);
    }

    [Fact]
    public void Markdown_NamesTheClustersChanged_AndLeavesTheOthersOut()
    {
        string md = ClusterEffects.Markdown(Study, "faster-chips");
        Assert.Contains("It changes 1 of 2 clusters (Semiconductors, \"ICs\" & chips); the others are the baseline's on every path.", md, StringComparison.Ordinal);
        Assert.DoesNotContain("Software", md, StringComparison.Ordinal);

        // The mean difference is the paired one, with its interval, in 亿 tiers; the median moves up.
        var chips2027 = Study.ClusterDifferences.Single(d => d.ScenarioId == "faster-chips" && d.ClusterId == "chips" && d.Year == 2027);
        Assert.True(chips2027.Lower > 0);
        Assert.Contains(Format.SignedValue(chips2027.MeanDifference, ReportFixtures.Yi, Format.Chinese) + " (95% CI ", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_ScenarioWhoseTargetsDoNotMove_SaysWhy()
    {
        // The alternative changes chips only; the one target counts software: it is met on exactly the baseline's paths.
        var target = ReportFixtures.Targets()[0];
        Scenario Make(string id, double chipsTrend) => ReportFixtures.Scenario(id, id, ReportFixtures.Dataset(chipsTrend)) with { Targets = [target] };
        var study = new Study("s", "s", "", [new StudyScenario(Make("base", 0.06), []), new StudyScenario(Make("revival", 0.09), [])], "base", ReportFixtures.Options(500));
        var result = Simulator.Run(study);

        string md = ClusterEffects.Markdown(result, "revival");
        Assert.True(Assert.Single(result.Differences).Identical);
        Assert.Contains("Its targets are met on exactly the baseline's paths: no target counts a cluster it changes, so none can move.", md, StringComparison.Ordinal);

        // The console says so too, beside the difference's interval.
        Assert.Contains(Runner.Output.StudyReport.Headline(result), l => l.StartsWith("    revival", StringComparison.Ordinal) && l.EndsWith(", met on exactly the baseline's paths", StringComparison.Ordinal));
    }

    [Fact]
    public void Markdown_CountedClusterChangedTooLittleToTipATarget_SaysSo()
    {
        // The one target asks chips for 10,000 亿 by 2025, out of reach in both: chips changes, the target does not.
        var target = ReportFixtures.Targets()[3];
        Scenario Make(string id, double chipsTrend) => ReportFixtures.Scenario(id, id, ReportFixtures.Dataset(chipsTrend)) with { Targets = [target] };
        var study = new Study("s", "s", "", [new StudyScenario(Make("base", 0.06), []), new StudyScenario(Make("faster", 0.07), [])], "base", ReportFixtures.Options(500));

        string md = ClusterEffects.Markdown(Simulator.Run(study), "faster");
        Assert.Contains("the clusters it changes that a target counts do not change enough to tip one on any path.", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_Limit_ShowsTheLargestChangesAndSaysWhereTheRestAre()
    {
        // Both clusters change; with a limit of one, the larger relative change (chips, +3 pp a year) is shown, software is named as the rest.
        Scenario Make(string id, double chipsTrend, double softwareTrend)
        {
            var d = ReportFixtures.Dataset(chipsTrend);
            return ReportFixtures.Scenario(id, id, d with { Clusters = [d.Clusters[0], new Cluster("software", "Software and information services", "软件与信息服务", "electronic-information", 9000, Distribution.Fixed(softwareTrend), 0.05, RateKind.Logarithmic)] });
        }

        var study = new Study("s", "s", "", [new StudyScenario(Make("base", 0.06, 0.05), []), new StudyScenario(Make("both", 0.09, 0.051), [])], "base", ReportFixtures.Options(500));
        string md = ClusterEffects.Markdown(Simulator.Run(study), "both", limit: 1, rest: "are in `both/differences.csv`", lastYearOnly: true);
        Assert.Contains("It changes all 2 clusters.", md, StringComparison.Ordinal);
        Assert.Contains("| Semiconductors", md, StringComparison.Ordinal);
        Assert.DoesNotContain("| Software", md, StringComparison.Ordinal);
        Assert.DoesNotContain("| 2025 |", md, StringComparison.Ordinal);
        Assert.Contains("1 more cluster are in `both/differences.csv`.", md, StringComparison.Ordinal);
    }
}

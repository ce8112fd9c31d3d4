using System.Globalization;
using CsvHelper;
using Simulation.Engine;
using Simulation.Engine.Statistics;
using Simulation.Runner.Reports;

namespace Simulation.Runner.Tests.Reports;

public class CsvTablesTests
{
    private static ScenarioResult Scenario => ReportFixtures.ScenarioResult;

    private static StudyResult Study => ReportFixtures.StudyResult;

    [Fact]
    public void Clusters_TinyScenario_MatchesGolden() => Golden.Verify("scenario.clusters.csv", CsvTables.Clusters(Scenario));

    [Fact]
    public void Bands_TinyScenario_MatchesGolden() => Golden.Verify("scenario.bands.csv", CsvTables.Bands(Scenario));

    [Fact]
    public void Targets_TinyScenario_MatchesGolden() => Golden.Verify("scenario.targets.csv", CsvTables.Targets(Scenario));

    [Fact]
    public void Comparison_TinyStudy_MatchesGolden() => Golden.Verify("study.comparison.csv", CsvTables.Comparison(Study));

    [Fact]
    public void Sweep_TinyStudy_MatchesGolden() => Golden.Verify("study.sweep-chips-trend.csv", CsvTables.Sweep(Study, "chips-trend"));

    [Fact]
    public void GoalSeeks_TinyStudy_MatchesGolden() => Golden.Verify("study.goal-seeks.csv", GoalSeekTables.Summary(Study.GoalSeeks));

    [Fact]
    public void GoalSeekEvaluations_TinyStudy_MatchesGolden() => Golden.Verify("study.goal-seek-chips-even-odds.csv", GoalSeekTables.Evaluations(Study.GoalSeeks[0]));

    [Fact]
    public void Backtest_TinyStudy_MatchesGolden() =>
        Golden.Verify("study.backtest.csv", BacktestTables.Render(Study.Backtest!, Study.Scenarios[0].Scenario.Dataset));

    [Fact]
    public void Backtest_Header_IsTheDocumentedContract_WithOneRowPerFactAfterTheBaseYear()
    {
        string csv = BacktestTables.Render(Study.Backtest!, Study.Scenarios[0].Scenario.Dataset);
        Assert.Equal(BacktestTables.Header, CsvHeader(csv));
        Assert.Equal(3, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1);
    }

    [Fact]
    public void GoalSeeks_Header_IsTheDocumentedContract()
    {
        Assert.Equal(GoalSeekTables.SummaryHeader, CsvHeader(GoalSeekTables.Summary(Study.GoalSeeks)));
        Assert.Equal(GoalSeekTables.EvaluationsHeader, CsvHeader(GoalSeekTables.Evaluations(Study.GoalSeeks[0])));
    }

    private static string[] CsvHeader(string csv) => csv[..csv.IndexOf('\n', StringComparison.Ordinal)].Split(',');

    [Theory]
    [InlineData(56.25, 2.0, false, "56")]
    [InlineData(0.125, 0.005, false, "0.125")]
    [InlineData(0.1, 0.001, false, "0.1")]
    [InlineData(-0.0001, 0.01, false, "0")]
    [InlineData(12345.6, 5, false, "12,346")]
    [InlineData(3, 1, true, "3")]
    public void GoalSeekValue_ShowsTheDecimalsTheToleranceKnows(double value, double tolerance, bool whole, string expected)
    {
        var spec = new Engine.Analysis.GoalSeekSpec("g", "s", "p", "t", 0.5, false, 0, 1, tolerance, Engine.Analysis.SeekDirection.Smallest, whole, null, _ => throw new InvalidOperationException());
        Assert.Equal(expected, GoalSeekTables.Value(value, spec));
    }

    [Fact]
    public void ClustersHeader_TwoThresholds_IsTheDocumentedContract()
    {
        Assert.Equal(
            "scenario,cluster,name,name_zh,year,mean,sd,p05,p10,p25,p50,p75,p90,p95,"
            + "p_ge_2500,p_ge_2500_low,p_ge_2500_high,p_ge_10000,p_ge_10000_low,p_ge_10000_high,unit",
            string.Join(',', CsvTables.ClustersHeader(Scenario)));
        Assert.Equal("scenario,cluster,year,p05,p10,p25,p50,p75,p90,p95,unit", string.Join(',', CsvTables.BandsHeader(Scenario)));
        Assert.Equal("scenario,target,name,year,probability,ci_low,ci_high,standard_error,method,successes,paths", string.Join(',', CsvTables.TargetsHeader));
        Assert.Equal("scenario,target,target_name,year,probability,ci_low,ci_high,difference,difference_low,difference_high,paired_se,unpaired_se",
            string.Join(',', CsvTables.ComparisonHeader));
    }

    [Fact]
    public void Clusters_Rows_AreClusterByMilestoneInDatasetOrder()
    {
        var rows = Read(CsvTables.Clusters(Scenario));
        Assert.Equal(
            ["chips/2025", "chips/2027", "software/2025", "software/2027"],
            rows.Select(r => r["cluster"] + "/" + r["year"]).ToArray());
    }

    [Fact]
    public void Clusters_Numbers_RoundTripToTheResultsBits()
    {
        var rows = Read(CsvTables.Clusters(Scenario));
        int i = 0;
        foreach (var cluster in Scenario.Clusters)
        {
            foreach (var m in cluster.Milestones)
            {
                var row = rows[i++];
                Assert.Equal(m.Mean, Parse(row["mean"]));
                Assert.Equal(m.Sd, Parse(row["sd"]));
                Assert.Equal(m.Quantiles[3], Parse(row["p50"]));
                Assert.Equal(m.Thresholds[1].Probability.Upper, Parse(row["p_ge_10000_high"]));
            }
        }
    }

    [Fact]
    public void Bands_Rows_RunFromBaseYearToHorizon()
    {
        var rows = Read(CsvTables.Bands(Scenario));
        Assert.Equal(2 * 5, rows.Count);
        Assert.Equal(["2023", "2024", "2025", "2026", "2027"], rows.Take(5).Select(r => r["year"]).ToArray());
        Assert.Equal("2000", rows[0]["p05"]);
    }

    [Fact]
    public void Comparison_BaselineRows_LeaveDifferenceCellsEmpty()
    {
        var rows = Read(CsvTables.Comparison(Study));
        var baseline = rows.Where(r => r["scenario"] == "baseline").ToList();
        Assert.Equal(4, baseline.Count);
        Assert.All(baseline, r => Assert.Equal("", r["difference"] + r["difference_low"] + r["difference_high"] + r["paired_se"] + r["unpaired_se"]));
    }

    [Fact]
    public void Comparison_TargetMissingFromBaseline_LeavesDifferenceEmpty()
    {
        var row = Read(CsvTables.Comparison(Study)).Single(r => r["scenario"] == "faster-chips" && r["target"] == "chips-4000");
        Assert.Equal("", row["difference"]);
        Assert.NotEqual("", row["probability"]);
    }

    [Fact]
    public void Comparison_NonBaselineRows_CarryTheEnginesPairedDifference()
    {
        var rows = Read(CsvTables.Comparison(Study));
        foreach (var d in Study.Differences)
        {
            var row = rows.Single(r => r["scenario"] == d.ScenarioId && r["target"] == d.TargetId);
            Assert.Equal(d.Difference, Parse(row["difference"]));
            Assert.Equal(d.Lower, Parse(row["difference_low"]));
            Assert.Equal(d.Upper, Parse(row["difference_high"]));
            Assert.Equal(d.StandardError, Parse(row["paired_se"]));
            Assert.Equal(d.UnpairedStandardError, Parse(row["unpaired_se"]));
        }

        Assert.Equal(Study.Scenarios.Sum(s => s.Targets.Length), rows.Count);
    }

    [Fact]
    public void Sweep_OneRowPerVariant_WithLeverValueAndTargets()
    {
        Assert.Equal(["chips-trend"], CsvTables.SweepIds(Study.Study).ToArray());
        var header = CsvTables.SweepHeader(Study, "chips-trend");
        Assert.Equal(["scenario", "clusters.chips.trend.mean", "software-1tn_probability", "software-1tn_ci_low"], header.Take(4).ToArray());
        Assert.Equal(2 + (4 * 6), header.Length);
        var rows = Read(CsvTables.Sweep(Study, "chips-trend"));
        Assert.Equal(["chips-trend-0.07", "chips-trend-0.08"], rows.Select(r => r["scenario"]).ToArray());
        Assert.Equal(["0.07", "0.08"], rows.Select(r => r["clusters.chips.trend.mean"]).ToArray());
    }

    [Fact]
    public void Sweep_UnknownId_Throws() => Assert.Throws<ArgumentException>(() => CsvTables.Sweep(Study, "nope"));

    [Theory]
    [InlineData("Plain")]
    [InlineData("Comma, inside")]
    [InlineData("Quote \"inside\"")]
    [InlineData("Line\nbreak")]
    [InlineData("CRLF\r\nbreak")]
    [InlineData(" leading and trailing ")]
    [InlineData("=1+2, \"all\" of it\n半导体, \"芯片\"")]
    public void Clusters_AwkwardNames_RoundTripThroughACsvReader(string name)
    {
        var scenario = ReportFixtures.Scenario(dataset: ReportFixtures.Dataset(chipsName: name, chipsNameZh: name + " 中文"));
        var result = Simulator.Run(scenario, ReportFixtures.Options(64));
        string csv = CsvTables.Clusters(result);
        var rows = Read(csv);
        Assert.Equal(4, rows.Count);
        Assert.Equal(name, rows[0]["name"]);
        Assert.Equal(name + " 中文", rows[0]["name_zh"]);
        Assert.Equal("Software and information services", rows[2]["name"]);
    }

    [Fact]
    public void Targets_AwkwardNames_RoundTripThroughACsvReader()
    {
        var rows = Read(CsvTables.Targets(Scenario));
        Assert.Equal(Scenario.Targets.Select(t => t.Target.Name), rows.Select(r => r["name"]));
        Assert.Equal("Chips, the \"big\" target", rows[1]["name"]);
    }

    [Fact]
    public void AllTables_UseLfOnly_AndEndWithANewline()
    {
        foreach (string text in new[]
        {
            CsvTables.Clusters(Scenario), CsvTables.Bands(Scenario), CsvTables.Targets(Scenario),
            CsvTables.Comparison(Study), CsvTables.Sweep(Study, "chips-trend"),
        })
        {
            Assert.DoesNotContain('\r', text);
            Assert.EndsWith("\n", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Targets_ZeroSuccesses_WritesClopperPearsonInterval()
    {
        var row = Read(CsvTables.Targets(Scenario)).Single(r => r["target"] == "chips-10000");
        Assert.Equal("0", row["probability"]);
        Assert.Equal("0", row["successes"]);
        Assert.Equal("clopper-pearson", row["method"]);
        Assert.True(Parse(row["ci_high"]) > 0);
    }

    internal static List<Dictionary<string, string>> Read(string csv)
    {
        using var reader = new StringReader(csv);
        using var parser = new CsvReader(reader, CultureInfo.InvariantCulture);
        Assert.True(parser.Read());
        Assert.True(parser.ReadHeader());
        string[] header = parser.HeaderRecord!;
        var rows = new List<Dictionary<string, string>>();
        while (parser.Read())
        {
            Assert.Equal(header.Length, parser.Parser.Count);
            rows.Add(header.Select((h, i) => (h, v: parser.GetField(i)!)).ToDictionary(x => x.h, x => x.v, StringComparer.Ordinal));
        }

        return rows;
    }

    private static double Parse(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
}

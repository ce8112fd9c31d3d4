using System.Globalization;
using CsvHelper;
using Simulation.Engine.Analysis;
using Simulation.Engine.Statistics;
using Simulation.Runner.Reports;

namespace Simulation.Runner.Tests.Reports;

/// <summary>The analysis tables of the tiny study's baseline (its first 300 paths, every target and one condition).</summary>
public class AnalysisTablesTests
{
    private static ScenarioResult Baseline => ReportFixtures.StudyResult.Scenarios[0];

    private static ScenarioAnalysis Analysis => Baseline.Analysis!;

    [Fact]
    public void Sensitivity_MatchesGolden() => Golden.Verify("study.baseline.sensitivity.csv", AnalysisTables.Sensitivity(Baseline));

    [Fact]
    public void Discovery_MatchesGolden()
    {
        var discovery = Analysis.Discoveries.Single(d => d.Discovery.Id == "chips-2600");
        Golden.Verify("study.baseline.discovery-chips-2600.csv", AnalysisTables.Discovery(Baseline, discovery)!);
    }

    [Fact]
    public void Summary_OfTheAnalysedBaseline_MatchesGolden()
    {
        string hash = AnalysisTables.Sha256(AnalysisTables.Samples(Analysis.Sample));
        Golden.Verify("study.baseline.summary.json", SummaryJson.Render(Baseline, [], hash));
    }

    [Fact]
    public void Samples_HoldEveryRecordedValue_AsTheyRoundTrip()
    {
        var sample = Analysis.Sample;
        using var reader = new StringReader(ReportFile.Utf8NoBom.GetString(AnalysisTables.Samples(sample)));
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        Assert.True(csv.Read() && csv.ReadHeader());
        Assert.Equal(["path", .. sample.Layout.Inputs.Select(i => i.Name), .. sample.Layout.Outcomes.Select(o => o.Name)], csv.HeaderRecord!);
        int rows = 0;
        while (csv.Read())
        {
            Assert.Equal(rows, int.Parse(csv.GetField(0)!, CultureInfo.InvariantCulture));
            var row = sample.Row(rows);
            for (int c = 0; c < row.Length; c++)
            {
                Assert.Equal(row[c], double.Parse(csv.GetField(c + 1)!, CultureInfo.InvariantCulture));
            }

            rows++;
        }

        Assert.Equal(300, rows);
    }

    [Fact]
    public void Sensitivity_HasARowPerInputForEveryOutcomeThatVaries_InRankOrder()
    {
        var lines = AnalysisTables.Sensitivity(Baseline).TrimEnd('\n').Split('\n');
        Assert.Equal(string.Join(",", AnalysisTables.SensitivityHeader), lines[0]);
        int varying = Analysis.Sensitivity.Count(o => !o.IsConstant);
        Assert.Equal((varying * Analysis.Sample.Layout.Inputs.Length) + 1, lines.Length);

        // The out-of-reach target (chips ≥ 10,000 by 2025) is met on no path: it has no rows.
        Assert.DoesNotContain(lines, l => l.Contains(",targets.chips-10000,", StringComparison.Ordinal));
        var first = Analysis.Sensitivity.First(o => !o.IsConstant);
        string[] top = lines[1].Split(',');
        Assert.Equal(Analysis.Sample.Layout.Inputs[first.Ranking[0]].Name, top[4]);
        Assert.Equal("1", top[6]);
    }

    [Fact]
    public void Tables_OfTheStudy_IncludeTheAnalysisTables_OfAnalysedScenariosOnly()
    {
        var files = ReportTables.ForStudy(ReportFixtures.StudyResult, new Dictionary<string, string> { ["baseline"] = new string('0', 64) })
            .Select(f => f.RelativePath).ToList();
        Assert.DoesNotContain("baseline/samples.csv", files); // streamed to disk apart
        Assert.Contains("baseline/sensitivity.csv", files);
        Assert.Contains("baseline/discovery-chips-2600.csv", files);
        Assert.DoesNotContain("baseline/discovery-chips-10000.csv", files); // never met: nothing for PRIM to explain
        Assert.DoesNotContain(files, f => f.StartsWith("faster-chips/", StringComparison.Ordinal) && f.EndsWith("samples.csv", StringComparison.Ordinal));
    }

    [Fact]
    public void Summary_OfAnAnalysedScenario_NeedsTheSamplesHash() =>
        Assert.Throws<ArgumentException>(() => SummaryJson.Render(Baseline));
}

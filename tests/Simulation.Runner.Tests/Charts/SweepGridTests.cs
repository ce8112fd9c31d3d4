using Simulation.Engine;
using Simulation.Engine.Statistics;
using Simulation.Runner.Charts;
using Simulation.Runner.Loading;
using Simulation.Runner.Reports;

namespace Simulation.Runner.Tests.Charts;

/// <summary>
/// A grid (tiny-study.yaml: budget [0, 2.5] × park delay 0, 1, 2): each sweep's chart, table and CSV
/// must show the other sweep's value too, or variants that differ only in it look like duplicates.
/// </summary>
public sealed class SweepGridTests
{
    private static readonly Lazy<StudyResult> Grid = new(() =>
    {
        var result = ScenarioLoader.LoadFile(TestPaths.Data("tiny-study.yaml"));
        Assert.True(result.IsValid, string.Join("\n", result.Diagnostics));
        return Simulator.Run(result.Study!);
    });

    [Fact]
    public void SweepCurve_Grid_OneLinePerTargetAndValueOfTheOtherSweep()
    {
        var data = ChartDataBuilder.SweepCurve(Grid.Value, "budget");
        int targets = Grid.Value.Scenarios[0].Targets.Length;

        Assert.Equal(targets * 3, data.Series.Length);
        Assert.Equal(["delay-years 0", "delay-years 1", "delay-years 2"], data.Series.Select(s => s.Held).Distinct().ToArray());
        foreach (var series in data.Series)
        {
            // Each line holds the delay fixed and runs over the budget alone.
            Assert.Equal([0, 2.5], series.LeverValues.ToArray());
            string delay = series.Held["delay-years ".Length..];
            for (int i = 0; i < 2; i++)
            {
                string id = $"baseline--budget-{ScenarioLoader.FormatVariantValue(series.LeverValues[i])}--delay-{delay}";
                var p = Grid.Value.Scenarios.Single(s => s.Scenario.Id == id).Targets.Single(t => t.Target.Id == series.TargetId).Probability;
                Assert.Equal(ChartDataBuilder.Percent(p), series.Probabilities[i]);
            }
        }

        Assert.NotEmpty(ChartRenderer.RenderSweepCurve(data));

        // A budget is money in the dataset's unit; a delay in years is not.
        Assert.Equal(Grid.Value.Scenarios[0].Scenario.Dataset.Unit.Label, data.UnitLabel);
        Assert.Equal("", ChartDataBuilder.SweepCurve(Grid.Value, "delay").UnitLabel);
    }

    [Fact]
    public void SweepCsv_Grid_CarriesTheOtherSweepsLeverToo()
    {
        var header = CsvTables.SweepHeader(Grid.Value, "budget");
        Assert.Equal(["scenario", "levers.subsidy.annual-budget", "levers.parks.delay-years"], header.Take(3).ToArray());

        var rows = CsvTables.Sweep(Grid.Value, "budget").Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(r => r.Split(',')[..3]).ToList();
        Assert.Equal(6, rows.Count);
        Assert.Contains(rows, r => r.SequenceEqual(["baseline--budget-2p5--delay-1", "2.5", "1"]));
        Assert.Equal(6, rows.Select(r => (r[1], r[2])).Distinct().Count());
    }

    [Fact]
    public void SweepCurve_GridValuesThatRoundAlike_StayOnSeparateLines()
    {
        // 0.025 and 0.03 both print "0.03" at two decimals: grouped by that text, the two rates'
        // variants would share one zig-zag line.
        var files = new Dictionary<string, string>
        {
            ["/s/study.yaml"] = "kind: study\nid: s\nscenarios: [tiny-baseline.yaml]\nbaseline: baseline\nrun: { paths: 200, seed: 1 }\nsweeps:\n" +
                "  budget: { scenario: baseline, path: levers.subsidy.annual-budget, values: [0, 2.5] }\n" +
                "  rate: { scenario: baseline, path: levers.subsidy.reimbursement-rate, values: [0.025, 0.03] }\n",
            ["/s/tiny-baseline.yaml"] = File.ReadAllText(TestPaths.Data("tiny-baseline.yaml")),
            ["/s/tiny-dataset.yaml"] = File.ReadAllText(TestPaths.Data("tiny-dataset.yaml")),
        };
        var loaded = new ScenarioLoader(p => System.Text.Encoding.UTF8.GetBytes(files[p.Replace('\\', '/')[p.IndexOf("/s/", StringComparison.Ordinal)..]])).Load("/s/study.yaml");
        Assert.True(loaded.IsValid, string.Join("\n", loaded.Diagnostics));

        var data = ChartDataBuilder.SweepCurve(Simulator.Run(loaded.Study!), "budget");

        Assert.Equal(["reimbursement-rate 0.025", "reimbursement-rate 0.03"], data.Series.Select(s => s.Held).Distinct().ToArray());
        Assert.All(data.Series, s => Assert.Equal([0, 2.5], s.LeverValues.ToArray()));
    }

    [Theory]
    [InlineData(new[] { 0, 7.5, 15, 30, 45, 60 }, true)] // the standard study's budget sweep
    [InlineData(new[] { 0.025, 0.03, 0.1, 0.2 }, false)] // 0.025 and 0.03 would print over each other
    [InlineData(new[] { 5.0 }, true)]
    public void TicksFit_SweptValues_OnlyWhenNoTwoLabelsCollide(double[] swept, bool expected) =>
        Assert.Equal(expected, ChartRenderer.TicksFit(swept));
}

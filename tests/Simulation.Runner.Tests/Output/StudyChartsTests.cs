using Simulation.Engine.Statistics;
using Simulation.Runner.Charts;
using Simulation.Runner.Output;
using Simulation.Runner.Tests.Charts;

namespace Simulation.Runner.Tests.Output;

/// <summary>The font warning of a report's charts: one line for the run, naming characters, a chart and the fix.</summary>
[Collection("Charts")]
public sealed class StudyChartsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("study-charts-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The test study's baseline alone: its fan charts, milestone distributions and one page of small multiples.</summary>
    private static StudyResult Baseline
    {
        get
        {
            var full = ChartTestStudy.Result;
            int b = full.Study.Scenarios.ToList().FindIndex(s => s.Scenario.Id == full.Study.BaselineId);
            return new StudyResult(full.Study with { Scenarios = [full.Study.Scenarios[b] with { Sweep = [] }] }, [full.Scenarios[b]], []);
        }
    }

    [Fact]
    public void Write_ChineseWithCjkFontWithoutLatin_OneWarningNamingCharactersChartAndPackage()
    {
        var notes = new List<string>();
        using (var folder = ReportFolder.Create(Path.Combine(_dir, "report")))
        {
            var index = StudyCharts.Write(Baseline, folder, "zh", notes, CancellationToken.None, new CjkFont([TestFonts.CjkOnlyPath], []));
            Assert.True(File.Exists(Path.Combine(folder.Staging, index.SmallMultiples["baseline"])));
        }

        // Before, the charts drew every Latin letter and digit as a box and the run said nothing.
        string warning = Assert.Single(notes);
        Assert.StartsWith("Charts: ", warning, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', warning);
        Assert.Contains(" in baseline/charts/", warning, StringComparison.Ordinal);
        Assert.Contains($"{TestFonts.CjkOnlyFamily} lacks \"", warning, StringComparison.Ordinal);
        Assert.Contains("0123456789", warning, StringComparison.Ordinal);
        Assert.Contains("English names", warning, StringComparison.Ordinal);
        Assert.Contains("fonts-noto-cjk", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_ChineseWithCjkFontWithLatin_NoWarning()
    {
        var notes = new List<string>();
        using (var folder = ReportFolder.Create(Path.Combine(_dir, "report")))
        {
            StudyCharts.Write(Baseline, folder, "zh", notes, CancellationToken.None, new CjkFont([TestFonts.CjkAndLatinPath], []));
        }

        Assert.Empty(notes);
    }
}

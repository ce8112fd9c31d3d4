using System.Globalization;
using Simulation.Engine.Model;
using Simulation.Runner.Reports;

namespace Simulation.Runner.Tests.Reports;

public class ReportTablesTests
{
    [Fact]
    public void ForStudy_Files_InTheDocumentedOrder()
    {
        var files = ReportTables.ForStudy(ReportFixtures.StudyResult);
        Assert.Equal(
        [
            "comparison.csv", "sweep-chips-trend.csv", "backtest.csv", "goal-seeks.csv", "goal-seek-chips-even-odds.csv",
            "baseline/summary.json", "baseline/clusters.csv", "baseline/bands.csv", "baseline/targets.csv",
            "baseline/sensitivity.csv", "baseline/discovery-software-1tn.csv", "baseline/discovery-chips-3000.csv",
            "baseline/discovery-both.csv", "baseline/discovery-chips-2600.csv",
            "faster-chips/summary.json", "faster-chips/clusters.csv", "faster-chips/bands.csv", "faster-chips/targets.csv", "faster-chips/differences.csv",
            "chips-trend-0.07/summary.json", "chips-trend-0.07/clusters.csv", "chips-trend-0.07/bands.csv", "chips-trend-0.07/targets.csv", "chips-trend-0.07/differences.csv",
            "chips-trend-0.08/summary.json", "chips-trend-0.08/clusters.csv", "chips-trend-0.08/bands.csv", "chips-trend-0.08/targets.csv", "chips-trend-0.08/differences.csv",
        ], files.Select(f => f.RelativePath).ToArray());
    }

    [Fact]
    public void ForScenario_Folder_PrefixesPaths()
    {
        var files = ReportTables.ForScenario(ReportFixtures.ScenarioResult, folder: "");
        Assert.Equal(["summary.json", "clusters.csv", "bands.csv", "targets.csv"], files.Select(f => f.RelativePath).ToArray());
    }

    [Fact]
    public void ToUtf8_AnyFile_HasNoBomAndNoCr()
    {
        foreach (var file in ReportTables.ForStudy(ReportFixtures.StudyResult))
        {
            byte[] bytes = file.ToUtf8();
            Assert.False(bytes.AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }), file.RelativePath);
            Assert.DoesNotContain((byte)'\r', bytes);
            Assert.Equal((byte)'\n', bytes[^1]);
        }
    }

    [Theory]
    [InlineData("de-DE")]
    [InlineData("fr-FR")]
    [InlineData("ar-SA")]
    [InlineData("tr-TR")]
    public void Everything_UnderAnotherCulture_IsByteIdenticalToInvariant(string culture)
    {
        // The culture must really format differently here (ICU present), or the test would prove nothing.
        Assert.NotEqual("1,234.5", 1234.5.ToString("N1", CultureInfo.GetCultureInfo(culture)));
        var invariant = RenderAll(CultureInfo.InvariantCulture);
        var other = RenderAll(CultureInfo.GetCultureInfo(culture));
        Assert.Equal(invariant.Count, other.Count);
        for (int i = 0; i < invariant.Count; i++)
        {
            Assert.Equal(invariant[i].Name, other[i].Name);
            Assert.True(invariant[i].Bytes.AsSpan().SequenceEqual(other[i].Bytes), $"{invariant[i].Name} differs under {culture}");
        }
    }

    [Fact]
    public void ForStudy_RenderedTwice_IsByteIdentical()
    {
        var first = ReportTables.ForStudy(ReportFixtures.StudyResult);
        var second = ReportTables.ForStudy(Engine.Simulator.Backtest(Engine.Simulator.SeekGoals(Engine.Simulator.Run(ReportFixtures.Study()))));
        Assert.Equal(first.Select(f => f.Content), second.Select(f => f.Content));
    }

    private static List<(string Name, byte[] Bytes)> RenderAll(CultureInfo culture)
    {
        var (oldCulture, oldUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            var study = ReportFixtures.StudyResult;
            var unit = new ValueUnit("CNY", 1e8, "亿元");
            var all = ReportTables.ForStudy(study).Select(f => (f.RelativePath, f.ToUtf8())).ToList();
            all.Add(("comparison.md", ReportFile.Utf8NoBom.GetBytes(MarkdownTables.Comparison(study))));
            all.Add(("milestones.md", ReportFile.Utf8NoBom.GetBytes(MarkdownTables.Milestones(study.Scenarios[0], Format.Both))));
            string formats = string.Join('\n', new[] { 0.5, 5, 5234.5, 10200, 1234567.8 }.Select(v => Format.Value(v, unit, Format.Both)))
                + Format.Probability(study.Scenarios[0].Targets[0].Probability) + Format.Difference(study.Differences[1])
                + Format.Percent(0.00001234) + Format.Points(-0.0123);
            all.Add(("formats", ReportFile.Utf8NoBom.GetBytes(formats)));
            return all;
        }
        finally
        {
            CultureInfo.CurrentCulture = oldCulture;
            CultureInfo.CurrentUICulture = oldUi;
        }
    }
}

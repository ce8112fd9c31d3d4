using Simulation.Runner.Charts;

namespace Simulation.Runner.Tests.Charts;

/// <summary>
/// Writes one sample of every chart kind, for eyes, when CHARTS_SAMPLE_DIR names a folder (e.g.
/// /tmp/charts; never the repository); otherwise does nothing. CHARTS_SAMPLE_PATHS sets the paths.
/// </summary>
[Collection("Charts")]
public class ChartSamplesTests
{
    [Fact]
    public void WriteSamples_WhenSampleDirSet_WritesEveryChartKind()
    {
        string? dir = System.Environment.GetEnvironmentVariable("CHARTS_SAMPLE_DIR");
        if (string.IsNullOrEmpty(dir))
        {
            return;
        }

        Directory.CreateDirectory(dir);
        int paths = int.TryParse(System.Environment.GetEnvironmentVariable("CHARTS_SAMPLE_PATHS"), out int p) ? p : 20000;
        var study = ChartTestStudy.Run(paths);
        foreach (var lang in new[] { ChartLanguage.English, ChartLanguage.Chinese })
        {
            var setup = ChartFonts.Configure(lang);
            var o = setup.Options;
            string tag = lang == ChartLanguage.English ? "en" : "zh";
            File.WriteAllText(Path.Combine(dir, $"font-{tag}.txt"), $"{setup.CjkFontPath} | {setup.Message} | {o.FontName}\n");
            foreach (string cluster in new[] { "smart-terminals", "semiconductors", "synthetic-biology", "watches", "software-information-services" })
            {
                Write(dir, $"fan-{cluster}-baseline-{tag}.png", ChartRenderer.RenderFanChart(ChartDataBuilder.FanChart(study, "baseline", cluster), o));
                Write(dir, $"milestones-{cluster}-baseline-{tag}.png",
                    ChartRenderer.RenderMilestoneDistribution(ChartDataBuilder.MilestoneDistribution(study, "baseline", cluster), o));
                Write(dir, $"overlay-{cluster}-{tag}.png", ChartRenderer.RenderScenarioOverlay(ChartDataBuilder.ScenarioOverlay(study, cluster), o));
            }

            Write(dir, $"fan-smart-terminals-adverse-world-{tag}.png",
                ChartRenderer.RenderFanChart(ChartDataBuilder.FanChart(study, "adverse-world", "smart-terminals"), o));
            Write(dir, $"small-multiples-baseline-{tag}.png", ChartRenderer.RenderSmallMultiples(ChartDataBuilder.SmallMultiples(study, "baseline"), o));
            Write(dir, $"small-multiples-adverse-world-{tag}.png", ChartRenderer.RenderSmallMultiples(ChartDataBuilder.SmallMultiples(study, "adverse-world"), o));
            Write(dir, $"targets-{tag}.png", ChartRenderer.RenderTargetProbabilities(ChartDataBuilder.TargetProbabilities(study), o));
            Write(dir, $"differences-{tag}.png", ChartRenderer.RenderPairedDifferences(ChartDataBuilder.PairedDifferences(study), o));
            Write(dir, $"sweep-subsidy-budget-{tag}.png", ChartRenderer.RenderSweepCurve(ChartDataBuilder.SweepCurve(study, "subsidy-budget"), o));
        }
    }

    private static void Write(string dir, string name, byte[] png) => File.WriteAllBytes(Path.Combine(dir, name), png);
}

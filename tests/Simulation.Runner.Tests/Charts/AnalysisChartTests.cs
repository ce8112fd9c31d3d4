using Simulation.Engine.Analysis;
using Simulation.Engine.Statistics;
using Simulation.Runner.Charts;
using SkiaSharp;

namespace Simulation.Runner.Tests.Charts;

/// <summary>The analysis charts' data from the chart test study's analysed baseline, and their rendering.</summary>
[Collection("Charts")]
public class AnalysisChartTests
{
    private static ScenarioResult Baseline => ChartTestStudy.Result.Scenarios[0];

    private static ChartOptions English => ChartFonts.Configure(ChartLanguage.English).Options;

    /// <summary>The outcome index of the first target met on some but not every sampled path.</summary>
    private static int VaryingTarget() => Baseline.Analysis!.Sensitivity
        .First(o => !o.IsConstant && Baseline.Analysis.Sample.Layout.Outcomes[o.Outcome].Kind == OutcomeKind.Met).Outcome;

    [Fact]
    public void Tornado_ShowsTheLargestIndicesFirst_OnAnAxisHoldingEveryInterval()
    {
        var data = AnalysisChartData.Tornado(Baseline, VaryingTarget())!;
        Assert.Equal(AnalysisChartData.TornadoBars, data.Bars.Length);
        var indices = data.Bars.Select(b => b.Index.Value).ToList();
        Assert.Equal(indices.OrderByDescending(v => v), indices);
        foreach (var bar in data.Bars)
        {
            foreach (double v in new[] { bar.Low.Lower, bar.Low.Upper, bar.High.Lower, bar.High.Upper })
            {
                Assert.True(data.XLimits.Contains(v), $"{bar.Label}: {v} outside {data.XLimits}");
            }

            Assert.True(bar.Label.Length <= AnalysisChartData.LabelLength, bar.Label);
        }

        Assert.True(data.XLimits.Contains(data.Overall.Estimate));
    }

    [Fact]
    public void Tornado_OfATargetThatNeverVaries_IsNotDrawn()
    {
        var constant = Baseline.Analysis!.Sensitivity.FirstOrDefault(o => o.IsConstant);
        if (constant is not null)
        {
            Assert.Null(AnalysisChartData.Tornado(Baseline, constant.Outcome));
        }
    }

    [Fact]
    public void Label_ShortensTheOwnerAtAWord_KeepsTheQuantity()
    {
        var input = new SampleInput("clusters.x.shocks.2026-2030", "Software & information services (incl. AI under 1.0)", "annual shocks 2026–2030", InputKind.Shocks);
        string label = AnalysisChartData.Label(input);
        Assert.Equal("Software & information services…: annual shocks 2026–2030", label);
        Assert.True(label.Length <= AnalysisChartData.LabelLength);
        Assert.Equal("Trend: x", AnalysisChartData.Label(new SampleInput("x", "Trend", "x", InputKind.Rate)));
    }

    [Fact]
    public void WithYear_AddsTheYearOnlyWhenTheNameLacksIt()
    {
        Assert.Equal("Global leader (2035): both readings", AnalysisChartData.WithYear("Global leader (2035): both readings", 2035));
        Assert.Equal("ICV ≥ 2 万亿 (2035)", AnalysisChartData.WithYear("ICV ≥ 2 万亿", 2035));
    }

    [Fact]
    public void Box_ListsEveryLimitOfPrimsBox_SignificantFirst_TheKeptOnesThoseOfThePrunedBox()
    {
        var analysis = Baseline.Analysis!;
        int d = analysis.Discoveries.ToList().FindIndex(x => x.Chosen is { Limits.IsEmpty: false });
        Assert.True(d >= 0, "some discovery restricts an input");
        var data = AnalysisChartData.Box(Baseline, d)!;
        var discovery = analysis.Discoveries[d];
        Assert.Equal(discovery.Chosen!.Limits.Length, data.Ranges.Length);
        Assert.Equal(discovery.Pruned!.Limits.Length, data.Ranges.Count(r => r.Kept));
        Assert.Equal(discovery.Chosen.Limits.OrderBy(l => l.QuasiP).ThenBy(l => l.Input).Select(l => AnalysisChartData.Label(analysis.Sample.Layout.Inputs[l.Input])),
            data.Ranges.Select(r => r.Label));
        Assert.All(data.Ranges, r => Assert.True(r.Min <= r.Lower && r.Lower <= r.Upper && r.Upper <= r.Max, r.Label));
        Assert.All(data.Ranges, r => Assert.Contains("qp ", r.QuasiPText, StringComparison.Ordinal));
        Assert.All(data.Ranges.Where(r => !r.Kept), r => Assert.Contains("dropped", r.QuasiPText, StringComparison.Ordinal));
        Assert.Equal(discovery.Pruned.Holdout.Density * 100, data.Density);
    }

    [Fact]
    public void Trajectory_StepsAndChosenBox_ComeFromPrim()
    {
        var analysis = Baseline.Analysis!;
        int d = analysis.Discoveries.ToList().FindIndex(x => x.Chosen is not null);
        var data = AnalysisChartData.Trajectory(Baseline, d)!;
        var discovery = analysis.Discoveries[d];
        Assert.Equal(discovery.Trajectory.Length, data.Points.Length);
        Assert.Equal(discovery.ChosenStep, data.Chosen.Step);
        Assert.Equal(100.0 * discovery.Cases / discovery.Paths, data.BaseDensity);
        Assert.All(data.Points, p => Assert.True(data.YLimits.Contains(p.Density)));
    }

    [Fact]
    public void Render_EveryAnalysisChart_IsAPng()
    {
        var analysis = Baseline.Analysis!;
        AssertPng(ChartRenderer.RenderTornado(AnalysisChartData.Tornado(Baseline, VaryingTarget())!, English));
        int d = analysis.Discoveries.ToList().FindIndex(x => x.Chosen is { Limits.IsEmpty: false });
        AssertPng(ChartRenderer.RenderTrajectory(AnalysisChartData.Trajectory(Baseline, d)!, English));
        AssertPng(ChartRenderer.RenderBox(AnalysisChartData.Box(Baseline, d)!, English));
    }

    private static void AssertPng(byte[] png)
    {
        using var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        Assert.Equal(1200, bitmap.Width);
        Assert.True(bitmap.Height >= 360);

        // Real content: many distinct colours, not a blank canvas.
        var colours = new HashSet<SKColor>();
        for (int y = 0; y < bitmap.Height; y += 7)
        {
            for (int x = 0; x < bitmap.Width; x += 7)
            {
                colours.Add(bitmap.GetPixel(x, y));
            }
        }

        Assert.True(colours.Count > 20, $"{colours.Count} colours");
    }
}

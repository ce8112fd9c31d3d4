using System.Globalization;
using Simulation.Engine.Statistics;
using Simulation.Runner.Charts;
using SkiaSharp;

namespace Simulation.Runner.Tests.Charts;

/// <summary>Render smoke tests: every chart kind gives a PNG of the expected size with real content.</summary>
[Collection("Charts")]
public class ChartRendererTests
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static StudyResult Study => ChartTestStudy.Result;

    private static ChartOptions English => ChartFonts.Configure(ChartLanguage.English).Options;

    public static TheoryData<string> Kinds => ["fan", "milestones", "targets", "overlay", "differences", "sweep"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Render_SingleChart_PngOfTheRequestedSize(string kind)
    {
        byte[] png = Render(kind, English);
        AssertPng(png, 1200, 700);
    }

    [Fact]
    public void RenderSmallMultiples_AllClusters_GridPng()
    {
        byte[] png = ChartRenderer.RenderSmallMultiples(ChartDataBuilder.SmallMultiples(Study, "baseline"), English);

        // 27 panels on 5 columns → 6 rows of 460 × 310 under a 120-pixel header, 10-pixel margins.
        AssertPng(png, (5 * 460) + 20, 120 + (6 * 310) + 10);
    }

    [Fact]
    public void Render_CustomSize_Honoured()
    {
        byte[] png = ChartRenderer.RenderFanChart(ChartDataBuilder.FanChart(Study, "baseline", "watches"), English with { Width = 800, Height = 500 });
        AssertPng(png, 800, 500);
    }

    [Fact]
    public void Render_ChineseRequestedWithoutFont_FallsBackAndRenders()
    {
        string empty = Directory.CreateTempSubdirectory("cjk-none-").FullName;
        try
        {
            var setup = ChartFonts.Configure(ChartLanguage.Chinese, new CjkFont([], [empty]));
            byte[] png = ChartRenderer.RenderFanChart(ChartDataBuilder.FanChart(Study, "baseline", "smart-terminals"), setup.Options);
            AssertPng(png, 1200, 700);
            Assert.Equal(png, ChartRenderer.RenderFanChart(ChartDataBuilder.FanChart(Study, "baseline", "smart-terminals"), English));
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Fact]
    public void Render_ChineseWithInstalledFont_ChineseNamesElseEnglish()
    {
        // With fonts-wqy-microhei or fonts-noto-cjk installed the names are Chinese (different pixels);
        // without, the fallback draws exactly the English chart. Either way a valid PNG.
        var setup = ChartFonts.Configure(ChartLanguage.Chinese);
        var data = ChartDataBuilder.SmallMultiples(Study, "baseline");
        byte[] chinese = ChartRenderer.RenderSmallMultiples(data, setup.Options);
        AssertPng(chinese, (5 * 460) + 20, 120 + (6 * 310) + 10);
        byte[] english = ChartRenderer.RenderSmallMultiples(data, English);
        if (setup.Options.CanDrawCjk)
        {
            Assert.NotEqual(english, chinese);
        }
        else
        {
            Assert.Equal(english, chinese);
        }
    }

    [Fact]
    public void SeriesStyles_FirstTwelve_EachHasItsOwnMarker()
    {
        var markers = Enumerable.Range(0, 12).Select(ChartStyle.SeriesMarker).ToList();
        Assert.Equal(12, markers.Distinct().Count());
        Assert.Equal(ChartStyle.SeriesColor(0), ChartStyle.SeriesColor(8));
    }

    [Fact]
    public void Render_GermanCulture_IdenticalBytes()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            byte[] invariant = Render("milestones", English);
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            Assert.Equal(invariant, Render("milestones", English));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Render_ManyChartsAtOnce_SameBytesAsOneAtATime()
    {
        // A report draws its charts in parallel: every kind, three times each, on the pool's threads.
        string[] kinds = ["fan", "milestones", "targets", "overlay", "differences", "sweep", "grid"];
        var expected = kinds.ToDictionary(k => k, k => RenderAny(k, English));
        var jobs = kinds.SelectMany(k => Enumerable.Repeat(k, 3)).ToArray();
        var results = new byte[jobs.Length][];

        Parallel.For(0, jobs.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => results[i] = RenderAny(jobs[i], English));

        for (int i = 0; i < jobs.Length; i++)
        {
            Assert.True(expected[jobs[i]].AsSpan().SequenceEqual(results[i]), $"{jobs[i]} #{i}");
        }
    }

    private static byte[] RenderAny(string kind, ChartOptions o) =>
        kind == "grid" ? ChartRenderer.RenderSmallMultiples(ChartDataBuilder.SmallMultiples(Study, "baseline"), o) : Render(kind, o);

    private static byte[] Render(string kind, ChartOptions o) => kind switch
    {
        "fan" => ChartRenderer.RenderFanChart(ChartDataBuilder.FanChart(Study, "baseline", "smart-terminals"), o),
        "milestones" => ChartRenderer.RenderMilestoneDistribution(ChartDataBuilder.MilestoneDistribution(Study, "baseline", "semiconductors"), o),
        "targets" => ChartRenderer.RenderTargetProbabilities(ChartDataBuilder.TargetProbabilities(Study), o),
        "overlay" => ChartRenderer.RenderScenarioOverlay(ChartDataBuilder.ScenarioOverlay(Study, "semiconductors"), o),
        "differences" => ChartRenderer.RenderPairedDifferences(ChartDataBuilder.PairedDifferences(Study), o),
        "sweep" => ChartRenderer.RenderSweepCurve(ChartDataBuilder.SweepCurve(Study, "subsidy-budget"), o),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static void AssertPng(byte[] png, int width, int height)
    {
        Assert.Equal(PngSignature, png.Take(8));
        using var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        Assert.Equal(width, bitmap.Width);
        Assert.Equal(height, bitmap.Height);
        Assert.True(png.Length > 15_000, $"only {png.Length} bytes");

        // Real content: many distinct colours (bands, lines, text), not a blank canvas.
        var colours = new HashSet<uint>();
        for (int y = 0; y < bitmap.Height; y += 7)
        {
            for (int x = 0; x < bitmap.Width; x += 7)
            {
                colours.Add((uint)bitmap.GetPixel(x, y));
            }
        }

        Assert.True(colours.Count > 20, $"only {colours.Count} colours");
    }
}

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

    /// <summary>Chinese, with a CJK font that has no Latin letters or digits (as Debian's fonts-droid-fallback).</summary>
    private static ChartOptions CjkOnly => ChartFonts.Configure(ChartLanguage.Chinese, new CjkFont([TestFonts.CjkOnlyPath], [])).Options;

    public static TheoryData<string> Kinds => ["fan", "milestones", "targets", "overlay", "differences", "sweep"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Render_SingleChart_PngOfTheRequestedSize(string kind)
    {
        byte[] png = Render(kind, English);

        // A chart of panels grows taller when its panels would be too low at the requested height.
        using var bitmap = SKBitmap.Decode(png);
        AssertPng(png, 1200, kind is "differences" or "targets" or "sweep" ? Math.Max(700, bitmap.Height) : 700);
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
    public void RenderFanChart_CjkFontWithoutLatin_NoTextInItAndMixedTextsInEnglish()
    {
        // Every text of a fan chart has Latin letters or digits, which the font (like Debian's Droid Sans
        // Fallback) lacks: all are drawn by the sans font, so the chart is the English one. Before, it
        // drew every Latin letter and digit as an empty box, and said nothing.
        var gaps = new List<FontGap>();
        var o = CjkOnly with { OnFontGap = gaps.Add };
        var data = ChartDataBuilder.FanChart(Study, "baseline", "smart-terminals");
        byte[] png = ChartRenderer.RenderFanChart(data, o);

        Assert.Equal(ChartRenderer.RenderFanChart(data, English), png);
        var title = Assert.Single(gaps, g => g.Text.StartsWith(data.Cluster.Chinese, StringComparison.Ordinal));
        Assert.Equal($"{data.Cluster.English} · {data.Scenario}", title.DrawnAs);
        Assert.False(title.Boxes);
        Assert.Contains(title.Lacking, l => l.Font == TestFonts.CjkOnlyFamily && l.Missing.Contains('P', StringComparison.Ordinal));
        Assert.Contains(gaps, g => g.Text.EndsWith('亿') && g.DrawnAs.StartsWith("CNY ", StringComparison.Ordinal));
        Assert.DoesNotContain(gaps, g => g.Boxes);
    }

    [Fact]
    public void RenderSmallMultiples_CjkFontWithoutLatin_ChineseNamesInItTheRestInSans()
    {
        // A panel's title is a name alone, all Chinese: that font draws it; the header mixes scripts and is English.
        var gaps = new List<FontGap>();
        var data = ChartDataBuilder.SmallMultiples(Study, "baseline");
        byte[] chinese = ChartRenderer.RenderSmallMultiples(data, CjkOnly with { OnFontGap = gaps.Add });

        AssertPng(chinese, (5 * 460) + 20, 120 + (6 * 310) + 10);
        Assert.NotEqual(ChartRenderer.RenderSmallMultiples(data, English), chinese);
        Assert.DoesNotContain(gaps, g => data.Panels.Any(p => p.Cluster.Chinese == g.Text));
        Assert.Contains(gaps, g => g.DrawnAs.StartsWith("Value, CNY 100 million by year", StringComparison.Ordinal));
        Assert.DoesNotContain(gaps, g => g.Boxes);
    }

    [Fact]
    public void Render_CjkFontWithLatin_ChineseEverywhereNoGap()
    {
        var gaps = new List<FontGap>();
        var o = ChartFonts.Configure(ChartLanguage.Chinese, new CjkFont([TestFonts.CjkAndLatinPath], [])).Options with { OnFontGap = gaps.Add };
        byte[] chinese = Render("fan", o);
        AssertPng(chinese, 1200, 700);
        Assert.NotEqual(Render("fan", English), chinese);
        Assert.Empty(gaps);
    }

    [Fact]
    public void Render_TextNoFontHas_ReportedWithBoxes()
    {
        // U+E000 is a private-use character: no font of the run has it.
        var gaps = new List<FontGap>();
        var data = ChartDataBuilder.FanChart(Study, "baseline", "watches") with { Scenario = "Policies \uE000" };
        byte[] png = ChartRenderer.RenderFanChart(data, English with { OnFontGap = gaps.Add });
        AssertPng(png, 1200, 700);
        var gap = Assert.Single(gaps);
        Assert.True(gap.Boxes);
        Assert.EndsWith("Policies \uE000", gap.Text, StringComparison.Ordinal);
        Assert.All(gap.Lacking, l => Assert.Equal("\uE000", l.Missing));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Render_English_EveryTextInTheSansFont(string kind)
    {
        var gaps = new List<FontGap>();
        Render(kind, English with { OnFontGap = gaps.Add });
        Assert.Empty(gaps);
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

using System.Collections.Immutable;
using Simulation.Runner.Charts;

namespace Simulation.Runner.Tests.Charts;

/// <summary>
/// Font choice by coverage, with generated fonts: a CJK font without Latin letters (as Debian's
/// fonts-droid-fallback) must never draw a chart's Latin text; one with them draws everything.
/// </summary>
[Collection("Charts")]
public sealed class ChartFontsTests
{
    [Fact]
    public void Configure_CjkFontWithoutLatin_LatinFromTheSansFontChineseFromIt()
    {
        var setup = ChartFonts.Configure(ChartLanguage.Chinese, new CjkFont([TestFonts.CjkOnlyPath], []));
        var o = setup.Options;
        Assert.Equal(TestFonts.CjkOnlyPath, setup.CjkFontPath);
        Assert.Null(setup.Message);
        Assert.True(o.CanDrawCjk);
        Assert.Equal(ChartLanguage.Chinese, o.EffectiveLanguage);

        // The chart's font is the sans font, not the CJK one: before, every Latin letter and digit was an empty box.
        Assert.Equal(ChartFonts.SansFamily(), o.FontName);
        Assert.Equal(2, o.Faces.Length);
        Assert.NotEqual(TestFonts.CjkOnlyFamily, o.Faces[0].Name);
        Assert.Equal(TestFonts.CjkOnlyFamily, o.Faces[1].Name);
        Assert.StartsWith(ChartFonts.CjkFamily, o.Faces[1].Family, StringComparison.Ordinal);

        Assert.Same(o.Faces[0], o.FaceFor("Year"));
        Assert.Same(o.Faces[0], o.FaceFor("Value, CNY 100 million"));
        Assert.Same(o.Faces[1], o.FaceFor("智能终端"));
        Assert.Null(o.FaceFor("5000亿"));
        Assert.Null(o.FaceFor("智能终端 · baseline"));
    }

    [Fact]
    public void Configure_CjkFontWithLatin_ItDrawsEverythingItCan()
    {
        var setup = ChartFonts.Configure(ChartLanguage.Chinese, new CjkFont([TestFonts.CjkAndLatinPath], []));
        var o = setup.Options;
        Assert.Equal(o.Faces[0].Family, o.FontName);
        Assert.Equal(TestFonts.CjkAndLatinFamily, o.Faces[0].Name);
        Assert.Same(o.Faces[0], o.FaceFor("Year"));
        Assert.Same(o.Faces[0], o.FaceFor("智能终端 · baseline"));
        Assert.Same(o.Faces[0], o.FaceFor("≥ 5000亿"));

        // What it lacks comes from the sans font, when that has it.
        if (o.Faces[1].Covers("€ 5"))
        {
            Assert.Same(o.Faces[1], o.FaceFor("€ 5"));
        }
    }

    [Fact]
    public void Configure_TwoCjkFiles_EachItsOwnFamily()
    {
        // ScottPlot caches a typeface by family name: one name for two files would draw both as the first.
        var a = ChartFonts.Configure(ChartLanguage.Chinese, new CjkFont([TestFonts.CjkOnlyPath], [])).Options;
        var b = ChartFonts.Configure(ChartLanguage.Chinese, new CjkFont([TestFonts.CjkAndLatinPath], [])).Options;
        string cjkOnly = a.Faces.Single(f => f.Name == TestFonts.CjkOnlyFamily).Family;
        string both = b.Faces.Single(f => f.Name == TestFonts.CjkAndLatinFamily).Family;
        Assert.NotEqual(cjkOnly, both);
        Assert.Equal(TestFonts.CjkOnlyFamily, ScottPlot.Fonts.GetTypeface(cjkOnly, false, false).FamilyName);
        Assert.Equal(TestFonts.CjkAndLatinFamily, ScottPlot.Fonts.GetTypeface(both, false, false).FamilyName);
    }

    [Fact]
    public void Warning_NoGaps_Null()
    {
        Assert.Null(ChartFonts.Warning([]));
    }

    [Fact]
    public void Warning_Gaps_OneLineWithCountsFirstTextCharactersAndPackage()
    {
        FontGap Gap(string text, string drawnAs, string sansLacks, string cjkLacks, bool boxes = false) =>
            new(text, drawnAs, [new FontLack("DejaVu Sans", sansLacks), new FontLack("Droid Sans Fallback", cjkLacks)], boxes);
        var gaps = new (string, FontGap)[]
        {
            ("baseline/charts/fan-smart-terminals.png", Gap("智能终端 · baseline", "Smart terminals · baseline", "智能终端", "·baselin")),
            ("baseline/charts/fan-smart-terminals.png", Gap("5000亿", "CNY 500 bn", "亿", "50")),
            ("baseline/charts/fan-semiconductors.png", Gap("5000亿", "CNY 500 bn", "亿", "50")),
        };

        string warning = ChartFonts.Warning(gaps)!;
        Assert.DoesNotContain('\n', warning);
        Assert.Contains("2 texts in 2 charts", warning, StringComparison.Ordinal);
        Assert.Contains("\"智能终端 · baseline\" in baseline/charts/fan-smart-terminals.png", warning, StringComparison.Ordinal);
        Assert.Contains("DejaVu Sans lacks \"亿智端终能\"", warning, StringComparison.Ordinal);
        Assert.Contains("Droid Sans Fallback lacks \"05abeilns·\"", warning, StringComparison.Ordinal);
        Assert.Contains("English names", warning, StringComparison.Ordinal);
        Assert.Contains("fonts-noto-cjk", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("boxes", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Warning_TextNoFontHas_SaysBoxes()
    {
        var gap = new FontGap("Policies \uE000", "Policies \uE000", ImmutableArray.Create(new FontLack("DejaVu Sans", "\uE000")), Boxes: true);
        string warning = ChartFonts.Warning([("charts/targets.png", gap)])!;
        Assert.Contains("1 text in 1 chart", warning, StringComparison.Ordinal);
        Assert.Contains("boxes", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("fonts-noto-cjk", warning, StringComparison.Ordinal);
    }
}

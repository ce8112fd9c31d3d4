using Simulation.Runner.Charts;

namespace Simulation.Runner.Tests.Charts;

/// <summary>
/// The CJK font search: an empty folder, generated fonts with and without Latin letters (always), and
/// this machine's fonts (whatever they are).
/// </summary>
[Collection("Charts")]
public sealed class CjkFontTests : IDisposable
{
    private readonly string _empty = Directory.CreateTempSubdirectory("cjk-empty-").FullName;

    public void Dispose() => Directory.Delete(_empty, recursive: true);

    [Fact]
    public void Locate_EmptyFolder_Null()
    {
        var locator = new CjkFont([Path.Combine(_empty, "missing.ttc")], [_empty]);
        Assert.Null(locator.Locate());
    }

    [Fact]
    public void Locate_FileThatIsNotAFont_Null()
    {
        string fake = Path.Combine(_empty, "wqy-microhei.ttc");
        File.WriteAllText(fake, "not a font");
        Assert.False(CjkFont.IsUsable(fake));
        Assert.Null(new CjkFont([fake], [_empty]).Locate());
    }

    [Fact]
    public void Locate_LatinOnlyFont_NotUsable()
    {
        const string dejavu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
        if (File.Exists(dejavu))
        {
            Assert.False(CjkFont.IsUsable(dejavu));
        }
    }

    [Fact]
    public void Locate_CjkFontWithoutLatin_UsableButNotDrawingLatin()
    {
        string cjkOnly = TestFonts.CjkOnly(Path.Combine(_empty, "DroidSansFallbackFull.ttf"));
        Assert.True(CjkFont.IsUsable(cjkOnly));
        Assert.False(CjkFont.DrawsLatin(cjkOnly));
        Assert.Equal(cjkOnly, new CjkFont([cjkOnly], [_empty]).Locate());
    }

    [Fact]
    public void Locate_FileWithoutLatinListedFirst_OneWithLatinPreferred()
    {
        string cjkOnly = TestFonts.CjkOnly(Path.Combine(_empty, "only-cjk.ttf"));
        string both = TestFonts.CjkAndLatin(Path.Combine(_empty, "both.ttf"));
        Assert.True(CjkFont.DrawsLatin(both));
        Assert.Equal(both, new CjkFont([cjkOnly, both], []).Locate());
    }

    [Fact]
    public void Locate_FolderWithBoth_OneWithLatinPreferredOverEarlierName()
    {
        // Found by name in a font folder: DroidSansFallback sorts before wqy, as on a Debian machine with both.
        string fonts = Directory.CreateDirectory(Path.Combine(_empty, "truetype")).FullName;
        TestFonts.CjkOnly(Path.Combine(fonts, "DroidSansFallbackFull.ttf"));
        string both = TestFonts.CjkAndLatin(Path.Combine(fonts, "wqy-microhei.ttf"));
        Assert.Equal(both, new CjkFont([], [_empty]).Locate());
    }

    [Fact]
    public void Configure_ChineseWithoutFont_EnglishNamesAndOneMessage()
    {
        var setup = ChartFonts.Configure(ChartLanguage.Chinese, new CjkFont([], [_empty]));
        Assert.Equal(ChartLanguage.English, setup.Options.EffectiveLanguage);
        Assert.False(setup.Options.CanDrawCjk);
        Assert.Null(setup.CjkFontPath);
        Assert.NotNull(setup.Message);
        Assert.Contains("English", setup.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', setup.Message);
    }

    [Fact]
    public void Configure_English_NoFontSearchNoMessage()
    {
        var setup = ChartFonts.Configure(ChartLanguage.English, new CjkFont([], [_empty]));
        Assert.Equal(ChartLanguage.English, setup.Options.EffectiveLanguage);
        Assert.Null(setup.Message);
    }

    [Fact]
    public void Configure_ChineseOnThisMachine_ChineseIfAFontIsInstalledElseFallback()
    {
        // Passes with or without fonts-noto-cjk / fonts-wqy-microhei: asserts whichever path this machine takes.
        string? found = new CjkFont().Locate();
        var setup = ChartFonts.Configure(ChartLanguage.Chinese);
        if (found is null)
        {
            Assert.Equal(ChartLanguage.English, setup.Options.EffectiveLanguage);
            Assert.NotNull(setup.Message);
        }
        else
        {
            Assert.Equal(found, setup.CjkFontPath);
            Assert.True(setup.Options.CanDrawCjk);
            Assert.Equal(ChartLanguage.Chinese, setup.Options.EffectiveLanguage);
            Assert.Null(setup.Message);

            // A CJK font with Latin letters draws the charts; one without (Droid Sans Fallback) only what the sans font cannot.
            var cjk = setup.Options.Faces.Single(f => f.Family.StartsWith(ChartFonts.CjkFamily, StringComparison.Ordinal));
            Assert.Equal(CjkFont.DrawsLatin(found) ? cjk.Family : ChartFonts.SansFamily(), setup.Options.FontName);
        }
    }
}

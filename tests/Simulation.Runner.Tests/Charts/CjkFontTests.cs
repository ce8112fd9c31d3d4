using Simulation.Runner.Charts;

namespace Simulation.Runner.Tests.Charts;

/// <summary>Both paths of the CJK font search: an empty folder (always) and this machine's fonts (whatever they are).</summary>
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
            Assert.Equal(ChartFonts.CjkFamily, setup.Options.FontName);
            Assert.Null(setup.Message);
        }
    }
}

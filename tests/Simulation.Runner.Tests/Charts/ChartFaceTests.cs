using Simulation.Runner.Charts;
using SkiaSharp;

namespace Simulation.Runner.Tests.Charts;

/// <summary>Glyph coverage, on generated fonts whose characters are known exactly.</summary>
public sealed class ChartFaceTests : IDisposable
{
    private readonly SKTypeface _cjkOnly = SKTypeface.FromFile(TestFonts.CjkOnlyPath);
    private readonly SKTypeface _cjkAndLatin = SKTypeface.FromFile(TestFonts.CjkAndLatinPath);

    public void Dispose()
    {
        _cjkOnly.Dispose();
        _cjkAndLatin.Dispose();
    }

    [Fact]
    public void Covers_CjkFontWithoutLatin_ChineseOnly()
    {
        var face = new ChartFace("x", _cjkOnly);
        Assert.Equal(TestFonts.CjkOnlyFamily, face.Name);
        Assert.True(face.Covers("智能终端"));
        Assert.True(face.Covers("智能 终端"));
        Assert.False(face.Covers("Year"));
        Assert.False(face.Covers("5000亿"));
        Assert.False(face.Covers("智能终端 · baseline"));
    }

    [Fact]
    public void Covers_LineBreak_NotAGlyph()
    {
        Assert.True(ChartFace.Covers(_cjkOnly, "智能\n终端"));
        Assert.True(ChartFace.Covers(_cjkAndLatin, "Target\n(2025)"));
    }

    [Fact]
    public void Missing_EachLackingCharacterOnceInOrder()
    {
        Assert.Equal("50abc", ChartFace.Missing(_cjkOnly, "5000亿 abc"));
        Assert.Equal(string.Empty, ChartFace.Missing(_cjkOnly, "万亿元"));
        Assert.Equal(string.Empty, ChartFace.Missing(_cjkAndLatin, "≥ 5000亿 – ≥ 1万亿"));
        Assert.Equal("€★", ChartFace.Missing(_cjkAndLatin, "5 € ★ 1万亿 €"));
    }

    [Fact]
    public void Missing_CharacterOutsideTheBasicPlane_OneCharacter()
    {
        Assert.Equal("𠀀", ChartFace.Missing(_cjkAndLatin, "a𠀀b"));
    }
}

using System.Globalization;
using Simulation.Engine.Model;
using Simulation.Runner.Charts;

namespace Simulation.Runner.Tests.Charts;

public class ChartTextTests
{
    private static readonly ValueUnit Yi = new("CNY", 1e8, "CNY 100 million (亿元)");

    [Theory]
    [InlineData(10000, "10,000")]
    [InlineData(8800, "8,800")]
    [InlineData(850, "850")]
    [InlineData(12.5, "12.5")]
    [InlineData(0, "0")]
    [InlineData(1e-12, "0")]
    [InlineData(2136.8, "2,137")]
    public void Value_Number_ThousandsSeparatorsAtMostTwoDecimals(double value, string expected) =>
        Assert.Equal(expected, ChartText.Value(value));

    [Theory]
    [InlineData(5000, "CNY 500 bn", "5000亿")]
    [InlineData(10000, "CNY 1 tn", "1万亿")]
    [InlineData(20000, "CNY 2 tn", "2万亿")]
    [InlineData(15000, "CNY 1.5 tn", "1.5万亿")]
    [InlineData(15, "CNY 1.5 bn", "15亿")]
    public void ThresholdLabel_YiValue_ShortLabelInBothLanguages(double value, string english, string chinese)
    {
        var label = ChartText.ThresholdLabel(value, Yi);
        Assert.Equal(english, label.English);
        Assert.Equal(chinese, label.Chinese);
    }

    [Theory]
    [InlineData("CNY 100 million (亿元)", "CNY 100 million")]
    [InlineData("Stage one (2025): at least four of the 20 clusters ≥ 1 万亿 and four more ≥ 5000亿",
        "Stage one (2025): at least four of the 20 clusters ≥ CNY 1 tn and four more ≥ CNY 500 bn")]
    [InlineData("智能终端 · baseline", "· baseline")]
    [InlineData("Smart terminals", "Smart terminals")]
    public void Drawable_NoCjkFont_NoCjkCharacterLeft(string text, string expected)
    {
        string drawable = ChartText.Drawable(text, cjkFont: false);
        Assert.Equal(expected, drawable);
        Assert.False(ChartText.HasCjk(drawable));
    }

    [Fact]
    public void Drawable_CjkFont_Unchanged() =>
        Assert.Equal("CNY 100 million (亿元)", ChartText.Drawable("CNY 100 million (亿元)", cjkFont: true));

    [Fact]
    public void Formats_GermanCulture_SameText()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            string Render() => string.Join("|", ChartText.Value(12345.5), ChartText.PercentLabel(41.76), ChartText.PercentagePoints(-1.24),
                ChartText.ThresholdLabel(15000, Yi).English, ChartText.Drawable("≥ 1.5 万亿", false));
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            string invariant = Render();
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            Assert.Equal(invariant, Render());
            Assert.Equal("12,346|41.8%|−1.2 pp|CNY 1.5 tn|≥ CNY 1.5 tn", invariant);
            Assert.Equal("−0.040 pp", ChartText.PercentagePoints(-0.04)); // as the report prints it: never a non-zero change as 0
            Assert.Equal("+2.0 pp", ChartText.PercentagePoints(1.96));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void ChartName_Chinese_FallsBackToEnglishWhenEmpty()
    {
        Assert.Equal("钟表", new ChartName("Watches", "钟表").For(ChartLanguage.Chinese));
        Assert.Equal("Watches", new ChartName("Watches", "钟表").For(ChartLanguage.English));
        Assert.Equal("Watches", new ChartName("Watches", "").For(ChartLanguage.Chinese));
    }
}

using Simulation.Engine.Model;
using Simulation.Engine.Statistics;
using Simulation.Runner.Reports;

namespace Simulation.Runner.Tests.Reports;

/// <summary>Expectations worked out by hand from the rules documented on <see cref="Format"/>.</summary>
public class FormatTests
{
    private static readonly ValueUnit Yi = ReportFixtures.Yi;

    [Theory]
    [InlineData(10200, "1.02 万亿 / 1.02 tn")] // 1.02e12 yuan
    [InlineData(5230, "5,230 亿 / 523 bn")] // 5.23e11: whole digits kept in 亿, 3 significant in bn
    [InlineData(5234, "5,234 亿 / 523 bn")]
    [InlineData(12.345, "12.3 亿 / 1.23 bn")]
    [InlineData(5, "5.00 亿 / 500 mn")]
    [InlineData(0.5, "5,000 万 / 50.0 mn")]
    [InlineData(0.00001, "1,000 / 1,000")] // 1,000 yuan: below every tier
    [InlineData(9999.6, "1.00 万亿 / 1.00 tn")] // rounding carries 9,999.6 亿 (999.96 bn) into the next tier
    [InlineData(9999.4, "9,999 亿 / 1.00 tn")]
    [InlineData(1234567, "123 万亿 / 123 tn")]
    [InlineData(12345678, "1,235 万亿 / 1,235 tn")] // above the top tier the whole digits stay
    [InlineData(0, "0 / 0")]
    [InlineData(-10200, "−1.02 万亿 / −1.02 tn")]
    public void Value_YiYuan_ReadsInTiers(double value, string expected) => Assert.Equal(expected, Format.Value(value, Yi, Format.Both));

    [Fact]
    public void Value_OneLanguage_GivesOnlyItsTier()
    {
        Assert.Equal("1.02 万亿", Format.Value(10200, Yi, Format.Chinese));
        Assert.Equal("1.02 tn", Format.Value(10200, Yi, Format.English));
    }

    [Fact]
    public void Value_OtherScale_UsesTheUnitsScale()
    {
        var tenThousand = new ValueUnit("CNY", 1e4, "万元");
        Assert.Equal("1.02 亿 / 102 mn", Format.Value(10200, tenThousand, Format.Both));
    }

    [Fact]
    public void Value_UnknownLanguage_Throws() => Assert.Throws<ArgumentException>(() => Format.Value(1, Yi, "fr"));

    [Fact]
    public void Probability_Wilson_OneDecimal()
    {
        // p = 0.312, n = 20000: Wilson interval 0.305616 … 0.318457.
        Assert.Equal("31.2% (95% CI 30.6–31.8%)", Format.Probability(new Proportion(6240, 20000)));
    }

    [Fact]
    public void Probability_ABoundThatWouldReadAsTheEstimate_GetsMoreDecimals()
    {
        // 1,330 of 200,704 (0.663%): Wilson 0.628 … 0.699%, which with one decimal reads "0.7% (95% CI 0.6–0.7%)".
        Assert.Equal("0.66% (95% CI 0.63–0.70%)", Format.Probability(new Proportion(1330, 200_704)));

        // At most two more: 50.000% of 10⁹ paths (±0.003 pp) stays at three decimals.
        Assert.Equal("50.000% (95% CI 49.997–50.003%)", Format.Probability(new Proportion(500_000_000, 1_000_000_000)));
    }

    [Fact]
    public void Probability_Zero_ShowsTheUpperBoundHonestly()
    {
        // Clopper–Pearson upper bound with no successes: 1 − 0.025^(1/n) = 0.000184427 for n = 20000.
        Assert.Equal("0.000% (95% CI 0.000–0.018%)", Format.Probability(new Proportion(0, 20000)));
    }

    [Fact]
    public void Probability_ABoundNearZeroBesideAWiderOne_DoesNotSetTheDecimals()
    {
        // 1 of 500: the lower bound (about 0.005%) would otherwise give every number four decimals; it
        // keeps its own, so that it does not read 0 (nor an upper bound near 100% read 100).
        Assert.Equal("0.2% (95% CI 0.0051–1.1%)", Format.Probability(new Proportion(1, 500)));
        Assert.Equal("99.8% (95% CI 98.9–99.9949%)", Format.Probability(new Proportion(499, 500)));
        Assert.Equal("0.050% (95% CI 0.016–0.117%)", Format.Probability(new Proportion(5, 10000)));
    }

    [Fact]
    public void Probability_One_NeverRoundsTheLowerBoundTo100()
    {
        // Lower bound 0.025^(1/n) = 0.99981557 for n = 20000.
        Assert.Equal("100.000% (95% CI 99.982–100.000%)", Format.Probability(new Proportion(20000, 20000)));
    }

    [Theory]
    [InlineData(0.312, "31.2%")]
    [InlineData(0.0005, "0.050%")]
    [InlineData(0.00001234, "0.0012%")]
    [InlineData(0.001, "0.1%")]
    [InlineData(0.9995, "99.950%")]
    [InlineData(0.999, "99.9%")]
    [InlineData(1, "100.0%")]
    [InlineData(0, "0.0%")]
    public void Percent_SmallAndLarge_KeepTwoSignificantDigitsOfTheGap(double p, string expected) => Assert.Equal(expected, Format.Percent(p));

    [Fact]
    public void Difference_Positive_SignedPercentagePoints()
    {
        // d = (500 − 90)/10000 = 0.041; se = √((0.059 − 0.041²)/10000) = 0.0023941; ± 1.96 se → 0.036308 … 0.045692.
        Assert.Equal("+4.1 pp (95% CI +3.6 to +4.6)", Format.Difference(new PairedDifference("s", "t", 0, 500, 90, 10000)));
    }

    [Fact]
    public void Difference_ABoundThatWouldReadAsTheDifference_GetsMoreDecimals()
    {
        // d = (700 − 40)/200000 = 0.0033; se = √((740/200000 − 0.0033²)/200000) = 0.000136; ± 1.96 se → 0.30 … 0.36 pp,
        // which with one decimal reads "+0.3 pp (95% CI +0.3 to +0.4)".
        Assert.Equal("+0.33 pp (95% CI +0.30 to +0.36)", Format.Difference(new PairedDifference("s", "t", 0, 700, 40, 200_000)));
    }

    [Fact]
    public void Difference_Negative_UsesMinus() =>
        Assert.Equal("−4.1 pp (95% CI −4.6 to −3.6)", Format.Difference(new PairedDifference("s", "t", 0, 90, 500, 10000)));

    [Fact]
    public void Difference_Zero_HasNoSign() =>
        // No discordant path in 100: the engine's exact interval is ±(1 − 0.025^(1/100)) = ±3.6 pp.
        Assert.Equal("0.0 pp (95% CI −3.6 to +3.6)", Format.Difference(new PairedDifference("s", "t", 10, 0, 0, 100)));

    [Fact]
    public void Difference_Tiny_IsNotRoundedToZero()
    {
        // d = 3e-5 (0.003 pp); with 3 discordant paths the engine uses Clopper–Pearson bounds:
        // 3/1e5 ∈ [6.19e-6, 8.77e-5], 0/1e5 ∈ [0, 3.69e-5], so the interval is −3.07e-5 … 8.77e-5.
        Assert.Equal("+0.0030 pp (95% CI −0.0031 to +0.0088)", Format.Difference(new PairedDifference("s", "t", 0, 3, 0, 100000)));
    }

    [Fact]
    public void Difference_SmallEstimateWithWiderInterval_SharesTheEstimatesDecimals()
    {
        // d = 80/1e5 = 0.080 pp needs three decimals; its interval (about 0.06 … 0.10 pp) gets the same,
        // where each number alone would read "+0.059 to +0.1".
        string text = Format.Difference(new PairedDifference("s", "t", 0, 100, 20, 100000));

        Assert.Matches(@"^\+0\.080 pp \(95% CI \+0\.0\d\d to \+0\.1\d\d\)$", text);
    }
}

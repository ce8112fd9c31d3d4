using Simulation.Engine.Statistics;

namespace Simulation.Engine.Tests;

public class ProportionTests
{
    [Fact]
    public void Constructor_Half_WilsonInterval()
    {
        // Wilson 95% for 50/100: 0.4038 .. 0.5962 (standard tables).
        var p = new Proportion(50, 100);
        Assert.Equal("wilson", p.Method);
        Assert.Equal(0.5, p.Estimate);
        Assert.Equal(0.05, p.StandardError, 12);
        Assert.Equal(0.4038, p.Lower, 4);
        Assert.Equal(0.5962, p.Upper, 4);
    }

    [Fact]
    public void Constructor_ZeroSuccesses_ClopperPearsonUpperIsRuleOfThree()
    {
        // Clopper–Pearson upper bound at k = 0: 1 − 0.025^(1/n).
        var p = new Proportion(0, 1000);
        Assert.Equal("clopper-pearson", p.Method);
        Assert.Equal(0, p.Lower);
        Assert.Equal(1 - Math.Pow(0.025, 1.0 / 1000), p.Upper, 6);
    }

    [Fact]
    public void Constructor_AllSuccesses_UpperIsOne()
    {
        var p = new Proportion(1000, 1000);
        Assert.Equal(1, p.Upper);
        Assert.Equal(Math.Pow(0.025, 1.0 / 1000), p.Lower, 6);
    }

    [Theory]
    [InlineData(-1, 10)]
    [InlineData(11, 10)]
    [InlineData(0, 0)]
    public void Constructor_InvalidCounts_Throws(long k, long n) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Proportion(k, n));

    [Fact]
    public void PairedDifference_Counts_DifferenceAndPairedError()
    {
        var d = new PairedDifference("s", "t", BothMet: 300, OnlyScenario: 40, OnlyBaseline: 10, Paths: 1000);
        Assert.Equal(0.03, d.Difference, 12);
        Assert.Equal(Math.Sqrt((0.05 - 0.0009) / 1000), d.StandardError, 12);
        Assert.True(d.Lower < 0.03 && d.Upper > 0.03);
    }

    [Fact]
    public void PairedDifference_NoDiscordantPaths_IntervalIsNotDegenerate()
    {
        // Nothing differs on 1,000 paths: the difference is 0 but could be up to ±0.37% (rule of three).
        var d = new PairedDifference("s", "t", BothMet: 0, OnlyScenario: 0, OnlyBaseline: 0, Paths: 1000);
        Assert.Equal(0, d.Difference);
        Assert.Equal(-(1 - Math.Pow(0.025, 1.0 / 1000)), d.Lower, 9);
        Assert.Equal(1 - Math.Pow(0.025, 1.0 / 1000), d.Upper, 9);
    }
}

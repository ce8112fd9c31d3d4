using MathNet.Numerics.Distributions;
using Simulation.Engine.Model;

namespace Simulation.Engine.Tests.Model;

public class PoissonDistributionTests
{
    private static readonly double LargestOpenUniform = 1 - Math.Pow(2, -53);

    [Theory]
    [InlineData(0.5)]
    [InlineData(4.5)]
    [InlineData(37)]
    [InlineData(150)]
    [InlineData(199)]
    [InlineData(199.9)]
    [InlineData(250)]
    [InlineData(5000)]
    public void PoissonQuantile_PClosestToOne_StaysInTheTail(double mean)
    {
        // Regression: below mean 200 the summed CDF can saturate just under p = 1 − 2^-53 (the largest
        // NextOpenDouble), and the search ran on to its cap, returning 10 000 for mean 199. The true
        // quantile is within a few dozen sd of the mean (P(N ≥ mean + 12 sd + 40) is far below 2^-53).
        int q = PoissonDistribution.PoissonQuantile(mean, LargestOpenUniform);
        Assert.InRange(q, mean, mean + (12 * Math.Sqrt(mean)) + 40);
        Assert.True(q >= PoissonDistribution.PoissonQuantile(mean, 1 - 1e-12));
    }

    [Theory]
    [InlineData(4.5)]
    [InlineData(120)]
    [InlineData(350)]
    public void PoissonQuantile_SmallAndLargeMeans_MatchMathNetCdfDefinition(double mean)
    {
        // The smallest k with CDF(k) ≥ p, by MathNet's Poisson CDF.
        foreach (double p in new[] { 1e-9, 0.01, 0.3, 0.5, 0.77, 0.99, 1 - 1e-9 })
        {
            int k = PoissonDistribution.PoissonQuantile(mean, p);
            Assert.True(Poisson.CDF(mean, k) >= p - 1e-12, $"CDF({k}) < {p}");
            Assert.True(k == 0 || Poisson.CDF(mean, k - 1) < p + 1e-12, $"CDF({k - 1}) ≥ {p}");
        }
    }

    [Fact]
    public void PoissonQuantile_ZeroMean_IsZero()
    {
        Assert.Equal(0, PoissonDistribution.PoissonQuantile(0, 0.99));
        Assert.Equal(0, Distribution.Poisson(0).InverseCdf(0.5));
        Assert.Equal(1, Distribution.Poisson(0).Cdf(0));
    }
}

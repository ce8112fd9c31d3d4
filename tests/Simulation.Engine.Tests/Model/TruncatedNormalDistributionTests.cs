using MathNet.Numerics;
using MathNet.Numerics.Distributions;
using Simulation.Engine.Model;

namespace Simulation.Engine.Tests.Model;

public class TruncatedNormalDistributionTests
{
    [Theory]
    [InlineData(1, 2, 0, 4)]
    [InlineData(0, 1, -1, 0.5)]
    [InlineData(0, 1, 8, 9)]
    [InlineData(0, 1, -9, -8)]
    [InlineData(10, 3, 13, 40)]
    public void MeanAndVariance_RangeCases_MatchNumericalIntegration(double mean, double sd, double min, double max)
    {
        // Known answer: the moments of the truncated density by adaptive quadrature (MathNet Integrate).
        var d = Distribution.TruncatedNormal(mean, sd, min, max);
        double Pdf(double x) => Normal.PDF(mean, sd, x);
        double mass = Integrate.DoubleExponential(Pdf, min, max, 1e-14);
        double m1 = Integrate.DoubleExponential(x => x * Pdf(x), min, max, 1e-14) / mass;
        double m2 = Integrate.DoubleExponential(x => (x - m1) * (x - m1) * Pdf(x), min, max, 1e-14) / mass;
        Assert.Equal(m1, d.Mean, 1e-8 * (1 + Math.Abs(m1)));
        Assert.Equal(m2, d.Variance, 1e-6 * m2);

        // The median from the same quadrature.
        double median = d.InverseCdf(0.5);
        Assert.Equal(0.5, Integrate.DoubleExponential(Pdf, min, median, 1e-14) / mass, 1e-8);
    }

    [Fact]
    public void MeanAndVariance_HalfLine_MatchHalfNormal()
    {
        var d = Distribution.TruncatedNormal(0, 1, 0, double.PositiveInfinity);
        Assert.Equal(Math.Sqrt(2 / Math.PI), d.Mean, 14);
        Assert.Equal(1 - (2 / Math.PI), d.Variance, 14);
        Assert.Equal(Normal.InvCDF(0, 1, 0.75), d.InverseCdf(0.5), 12);
    }

    [Fact]
    public void InverseCdf_RangeFarAboveMean_KeepsQuantilesAccurate()
    {
        // Regression: the range [8, 9] sd above the mean holds 6e-16 of the mass. Computed as a
        // difference of CDF values near 1 it was rejected as empty, and ranges a few sd up lost most
        // digits of their quantiles. The exact answer: P(X > x | X > 8) for the tail.
        var d = Distribution.TruncatedNormal(0, 1, 8, 9);
        double upper8 = Normal.CDF(0, 1, -8), upper9 = Normal.CDF(0, 1, -9);
        foreach (double p in new[] { 1e-6, 0.1, 0.5, 0.9, 1 - 1e-6 })
        {
            double x = d.InverseCdf(p);
            Assert.InRange(x, 8, 9);
            Assert.Equal(p, (upper8 - Normal.CDF(0, 1, -x)) / (upper8 - upper9), 1e-9);
            Assert.Equal(p, d.Cdf(x), 1e-9);
        }
    }
}

using Simulation.Engine.Model;

namespace Simulation.Engine.Tests.Model;

public class DiscreteDistributionTests
{
    // Weights whose normalised running sum w1/t + w2/t + … rounds to 1 − 2^-52 instead of 1.
    private static readonly double[] DriftingWeights = [4, 7, 9, 6, 6, 8, 5, 9, 1, 7, 9];

    [Fact]
    public void Cdf_AtMaximum_IsExactlyOne()
    {
        var d = Distribution.Discrete(Enumerable.Range(1, DriftingWeights.Length).Select(i => (double)i), DriftingWeights);
        Assert.Equal(1.0, d.Cdf(d.Maximum));
    }

    [Fact]
    public void InverseCdf_ZeroWeightAtTop_IsNeverDrawn()
    {
        // Regression: with the drifting cumulative sum, p = 1 − 2^-53 (the largest NextOpenDouble)
        // exceeded every positive-weight cumulative probability and returned the zero-weight value 100.
        var values = Enumerable.Range(1, DriftingWeights.Length).Select(i => (double)i).Append(100);
        var d = Distribution.Discrete(values, DriftingWeights.Append(0));
        Assert.Equal(DriftingWeights.Length, d.InverseCdf(1 - Math.Pow(2, -53)));
    }

    [Fact]
    public void InverseCdf_ZeroWeightAtBottomAndMiddle_IsNeverDrawn()
    {
        var d = Distribution.Discrete([0, 1, 2, 3], [0, 1, 0, 1]);
        Assert.Equal(1, d.InverseCdf(Math.Pow(2, -53)));
        Assert.Equal(1, d.InverseCdf(0.5));
        Assert.Equal(3, d.InverseCdf(0.5 + 1e-12));
    }

    [Fact]
    public void Equals_SameValuesAndWeights_AreEqual()
    {
        var a = Distribution.Discrete([1, 2], [3, 4]);
        var b = Distribution.Discrete([1, 2], [3, 4]);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, Distribution.Discrete([1, 2], [4, 3]));
    }
}

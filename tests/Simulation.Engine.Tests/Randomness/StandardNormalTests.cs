using MathNet.Numerics.Distributions;
using Simulation.Engine.Randomness;
using Simulation.Engine.Tests.Support;

namespace Simulation.Engine.Tests.Randomness;

public class StandardNormalTests
{
    private const int MomentDraws = 4_000_000;

    private static readonly Lazy<double[]> Draws = new(() =>
    {
        var rng = RandomStreams.Create(20250101, 0, RandomStreams.Component("test:normal"));
        var xs = new double[MomentDraws];
        StandardNormal.Fill(ref rng, xs);
        return xs;
    });

    [Fact]
    public void Next_PinnedStream_GivesPinnedDraws()
    {
        // Regression pins (Hermite table of Acklam's Φ⁻¹, 2026-11-26): the normals of stream (20250101, 0, "shocks").
        // A change here changes every simulated path and must be deliberate.
        long[] expectedBits =
        [
            unchecked((long)0xBFE8C74903B1B2B7UL), 0x3FE5EDF0DF925826L, unchecked((long)0xBFB314F6A34B05EAUL), unchecked((long)0xBFD9865ACA09E63CUL),
            unchecked((long)0xBFFB94D4474C1B49UL), unchecked((long)0xBFE817E211EB3AA0UL), 0x3FF3DF3646100BF7L, unchecked((long)0xBFF2440454726B5AUL),
        ];
        var rng = RandomStreams.Create(20250101, 0, RandomStreams.Component("shocks"));
        foreach (long bits in expectedBits)
        {
            Assert.Equal(bits, BitConverter.DoubleToInt64Bits(StandardNormal.Next(ref rng)));
        }
    }

    [Fact]
    public void Fill_SameStream_EqualsRepeatedNext()
    {
        var a = RandomStreams.Create(1, 2, 3);
        var b = a;
        var filled = new double[1000];
        StandardNormal.Fill(ref a, filled);
        for (int i = 0; i < filled.Length; i++)
        {
            Assert.Equal(StandardNormal.Next(ref b), filled[i]);
        }

        Assert.Equal(a, b);
    }

    [Fact]
    public void Next_4MDraws_MomentsWithinFourStandardErrors()
    {
        // Standard errors of the sample moments of n standard normals: mean 1/sqrt(n), variance
        // sqrt(2/n), skewness sqrt(6/n), excess kurtosis sqrt(24/n). Tolerance: 4 SE, fixed seed.
        var m = SampleStatistics.ComputeMoments(Draws.Value);
        double n = m.N, k = SampleStatistics.Tolerance;
        Assert.InRange(m.Mean, -k / Math.Sqrt(n), k / Math.Sqrt(n));
        Assert.InRange(m.Variance - 1, -k * Math.Sqrt(2 / n), k * Math.Sqrt(2 / n));
        Assert.InRange(m.Skewness, -k * Math.Sqrt(6 / n), k * Math.Sqrt(6 / n));
        Assert.InRange(m.ExcessKurtosis, -k * Math.Sqrt(24 / n), k * Math.Sqrt(24 / n));
    }

    [Fact]
    public void Next_200kDraws_PassKolmogorovSmirnovAgainstMathNetNormal()
    {
        // D = sup |F_n − Φ| against MathNet's Normal.CDF; critical value 1.628/sqrt(n) at alpha = 0.01.
        var xs = Draws.Value.AsSpan(0, 200_000).ToArray();
        double d = SampleStatistics.KolmogorovSmirnov(xs, x => Normal.CDF(0, 1, x));
        Assert.True(d < SampleStatistics.KsCritical(xs.Length), $"D = {d}");
    }

    [Fact]
    public void Next_1MDraws_EquiprobableBinsPassChiSquare()
    {
        // 1000 bins of probability 1/1000 each (edges from MathNet's InvCDF) catch layer-shaped
        // defects KS can miss. Under H0 the statistic has mean 999 and sd sqrt(2·999); allow 4 sd.
        const int bins = 1000;
        const int n = 1_000_000;
        var edges = new double[bins - 1];
        for (int b = 1; b < bins; b++)
        {
            edges[b - 1] = Normal.InvCDF(0, 1, (double)b / bins);
        }

        var counts = new int[bins];
        foreach (double x in Draws.Value.AsSpan(0, n))
        {
            int i = Array.BinarySearch(edges, x);
            counts[i < 0 ? ~i : i]++;
        }

        double expected = (double)n / bins, chi = 0;
        foreach (int c in counts)
        {
            chi += (c - expected) * (c - expected) / expected;
        }

        Assert.True(chi < (bins - 1) + (SampleStatistics.Tolerance * Math.Sqrt(2.0 * (bins - 1))), $"chi2 = {chi}");
    }

    [Theory]
    [InlineData(3.0)]
    [InlineData(4.0)]
    public void Next_4MDraws_TailFrequencyMatchesTwoSidedNormalTail(double z)
    {
        // Count of |x| > z is binomial(n, p) with p = 2(1 − Φ(z)); allow 4 SE = 4·sqrt(p(1 − p)/n).
        double p = 2 * (1 - Normal.CDF(0, 1, z));
        int beyond = 0;
        foreach (double x in Draws.Value)
        {
            if (Math.Abs(x) > z)
            {
                beyond++;
            }
        }

        double freq = (double)beyond / MomentDraws;
        double se = Math.Sqrt(p * (1 - p) / MomentDraws);
        Assert.InRange(freq - p, -SampleStatistics.Tolerance * se, SampleStatistics.Tolerance * se);
    }

    [Fact]
    public void Next_DrawsBeyondThree_FollowTheConditionalNormalTail()
    {
        // The tails come from Acklam's tail formula: draws with |x| > 3 must follow
        // P(|X| ≤ x | |X| > 3) = 1 − (1 − Φ(x)) / (1 − Φ(3)); KS at alpha = 0.01.
        const double r = 3;
        double tail = 1 - Normal.CDF(0, 1, r);
        var beyond = Draws.Value.Where(x => Math.Abs(x) > r).Select(Math.Abs).ToArray();
        Assert.True(beyond.Length > 500);
        double d = SampleStatistics.KolmogorovSmirnov(beyond, x => 1 - ((1 - Normal.CDF(0, 1, x)) / tail));
        Assert.True(d < SampleStatistics.KsCritical(beyond.Length), $"D = {d} over {beyond.Length}");
    }

    [Fact]
    public void Table_AcrossTheRange_WithinOnePartInTenToTheSevenOfMathNet()
    {
        // The shocks' Φ⁻¹ is a cubic Hermite table of Acklam's formula (exact formula in the outer
        // 1/256 of each tail): interpolation error of order (Δp)⁴·max|Q⁗| plus Acklam's 1.15e-9.
        for (int i = 1; i < 100_000; i++)
        {
            double p = i / 100_000.0;
            double exact = Normal.InvCDF(0, 1, p);
            Assert.True(Math.Abs(StandardNormal.Table.Sample(p) - exact) <= 1e-7 * Math.Max(1, Math.Abs(exact)), $"p = {p}: {StandardNormal.Table.Sample(p) - exact}");
        }
    }

    [Theory]
    [InlineData(1e-300)]
    [InlineData(1.1102230246251565e-16)]
    [InlineData(0.02425)]
    [InlineData(0.3)]
    [InlineData(0.5)]
    [InlineData(0.97575)]
    [InlineData(0.9999999)]
    public void Quantile_AgainstMathNet_RelativeErrorBelowAcklamsBound(double p)
    {
        double exact = Normal.InvCDF(0, 1, p);
        double q = Simulation.Engine.Kernel.FastNormal.Quantile(p);
        Assert.True(Math.Abs(q - exact) <= 1.2e-9 * Math.Max(Math.Abs(exact), 1e-3), $"{q} vs {exact}");
    }

    [Fact]
    public void Next_4MDraws_SignsBalanced()
    {
        int positive = Draws.Value.Count(x => x > 0);
        double se = Math.Sqrt(0.25 / MomentDraws);
        Assert.InRange(((double)positive / MomentDraws) - 0.5, -SampleStatistics.Tolerance * se, SampleStatistics.Tolerance * se);
    }
}

using MathNet.Numerics.Distributions;
using Simulation.Engine.Randomness;
using Simulation.Engine.Tests.Support;

namespace Simulation.Engine.Tests.Randomness;

public class ZigguratNormalTests
{
    private const int MomentDraws = 4_000_000;

    private static readonly Lazy<double[]> Draws = new(() =>
    {
        var rng = RandomStreams.Create(20250101, 0, RandomStreams.Component("test:ziggurat"));
        var xs = new double[MomentDraws];
        ZigguratNormal.Fill(ref rng, xs);
        return xs;
    });

    [Fact]
    public void R_SolvedByBisection_MatchesMarsagliaTsang256Constants()
    {
        // Marsaglia & Tsang (2000) give r = 3.6541528853610088 and v = 0.00492867323399 for 256 layers.
        Assert.Equal(3.6541528853610088, ZigguratNormal.R, 1e-13);
        Assert.Equal(0.00492867323399, ZigguratNormal.LayerArea, 1e-13);
        Assert.Equal(ZigguratNormal.LayerArea / Math.Exp(-0.5 * ZigguratNormal.R * ZigguratNormal.R), ZigguratNormal.BaseWidth, 1e-15);
    }

    [Fact]
    public void Next_PinnedStream_GivesPinnedDraws()
    {
        // Regression pins (this implementation, 2026-11): the normals of stream (20250101, 0, "shocks").
        // A change here changes every simulated path and must be deliberate.
        long[] expectedBits =
        [
            0x3FD43BDF5F8EB2D0L, 0x3FDF2ED8CE42886DL, 0x3FF26173315DBCB3L, unchecked((long)0xBFD6547DD4B75808UL),
            unchecked((long)0xBFB05C12A38D5D19UL), unchecked((long)0xBFD7ACB3FB85B2D5UL), unchecked((long)0xBFF684AED72CF037UL), 0x3FC5538DE3705FF2L,
        ];
        var rng = RandomStreams.Create(20250101, 0, RandomStreams.Component("shocks"));
        foreach (long bits in expectedBits)
        {
            Assert.Equal(bits, BitConverter.DoubleToInt64Bits(ZigguratNormal.Next(ref rng)));
        }
    }

    [Fact]
    public void Fill_SameStream_EqualsRepeatedNext()
    {
        var a = RandomStreams.Create(1, 2, 3);
        var b = a;
        var filled = new double[1000];
        ZigguratNormal.Fill(ref a, filled);
        for (int i = 0; i < filled.Length; i++)
        {
            Assert.Equal(ZigguratNormal.Next(ref b), filled[i]);
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
    public void Next_DrawsBeyondR_FollowTheConditionalNormalTail()
    {
        // The tail algorithm (Marsaglia's exponential method) on its own: draws with |x| > R must
        // follow P(|X| ≤ x | |X| > R) = 1 − (1 − Φ(x)) / (1 − Φ(R)); KS at alpha = 0.01.
        double r = ZigguratNormal.R;
        double tail = 1 - Normal.CDF(0, 1, r);
        var beyond = Draws.Value.Where(x => Math.Abs(x) > r).Select(Math.Abs).ToArray();
        Assert.True(beyond.Length > 500);
        double d = SampleStatistics.KolmogorovSmirnov(beyond, x => 1 - ((1 - Normal.CDF(0, 1, x)) / tail));
        Assert.True(d < SampleStatistics.KsCritical(beyond.Length), $"D = {d} over {beyond.Length}");
    }

    [Fact]
    public void Next_4MDraws_SignsBalanced()
    {
        int positive = Draws.Value.Count(x => x > 0);
        double se = Math.Sqrt(0.25 / MomentDraws);
        Assert.InRange(((double)positive / MomentDraws) - 0.5, -SampleStatistics.Tolerance * se, SampleStatistics.Tolerance * se);
    }
}

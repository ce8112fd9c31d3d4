using MathNet.Numerics.Distributions;
using Simulation.Engine.Randomness;
using Simulation.Engine.Tests.Support;

namespace Simulation.Engine.Tests.Randomness;

public class Xoshiro256StarStarTests
{
    // Reference outputs from Blackman & Vigna's xoshiro256starstar.c
    // (https://prng.di.unimi.it/xoshiro256starstar.c), compiled with gcc from a verbatim copy of
    // rotl() and next() in xoshiro256starstar.c (not in the repository): s[] set to the state,
    // the first six next() outputs and the 1001st printed as hex.
    [Fact]
    public void NextUInt64_State1234_MatchesReferenceImplementation()
    {
        var rng = new Xoshiro256StarStar(1, 2, 3, 4);
        ulong[] expected = [0x0000000000002D00UL, 0x0000000000000000UL, 0x000000005A007080UL, 0x10E0000000009D80UL, 0x10E0B61CE1009D80UL, 0x0870021CE143AD00UL];
        AssertStream(ref rng, expected, 0x2A92E0EFD80F6AB6UL);
    }

    [Fact]
    public void NextUInt64_MixedState_MatchesReferenceImplementation()
    {
        var rng = new Xoshiro256StarStar(0x0123456789ABCDEFUL, 0xFEDCBA9876543210UL, 0xDEADBEEFCAFEBABEUL, 0);
        ulong[] expected = [0x6666666666666C65UL, 0xBAB7ECA89C96396BUL, 0xBA6CC660C99982B2UL, 0x58A46AE120332C9DUL, 0x17CC089381E5744DUL, 0x74CDE4314790E2E9UL];
        AssertStream(ref rng, expected, 0xBC8636B3C5BEFB92UL);
    }

    [Fact]
    public void Constructor_AllZeroState_Throws()
    {
        Assert.Throws<ArgumentException>(() => new Xoshiro256StarStar(0, 0, 0, 0));
        Assert.False(default(Xoshiro256StarStar).IsValid);
        Assert.True(new Xoshiro256StarStar(0, 0, 0, 1).IsValid);
    }

    [Fact]
    public void NextDouble_FromReferenceWords_IsTop53BitsTimesTwoPowMinus53()
    {
        var rng = new Xoshiro256StarStar(0x0123456789ABCDEFUL, 0xFEDCBA9876543210UL, 0xDEADBEEFCAFEBABEUL, 0);
        Assert.Equal((0x6666666666666C65UL >> 11) * Math.Pow(2, -53), rng.NextDouble());
        Assert.Equal(((0xBAB7ECA89C96396BUL >> 12) + 0.5) * Math.Pow(2, -52), rng.NextOpenDouble());
    }

    [Fact]
    public void ToDouble_ExtremeWords_StayInHalfOpenUnitInterval()
    {
        Assert.Equal(0.0, Xoshiro256StarStar.ToDouble(0));
        Assert.Equal(1 - Math.Pow(2, -53), Xoshiro256StarStar.ToDouble(ulong.MaxValue));
        Assert.True(Xoshiro256StarStar.ToDouble(ulong.MaxValue) < 1);
    }

    [Fact]
    public void ToOpenDouble_ExtremeWords_StayStrictlyInsideUnitInterval()
    {
        Assert.Equal(Math.Pow(2, -53), Xoshiro256StarStar.ToOpenDouble(0));
        Assert.Equal(1 - Math.Pow(2, -53), Xoshiro256StarStar.ToOpenDouble(ulong.MaxValue));
        Assert.True(Xoshiro256StarStar.ToOpenDouble(ulong.MaxValue) < 1);

        // The 53-bit form ((x >> 11) + 0.5) * 2^-53 would round its largest value to exactly 1.
        Assert.Equal(1.0, ((ulong.MaxValue >> 11) + 0.5) * Math.Pow(2, -53));
    }

    [Fact]
    public void ToOpenDouble_ComplementaryWords_SumToOne()
    {
        ulong[] words = [0, 1UL << 12, 0x0123456789ABCDEFUL, 0xFFFFFFFFFFFFF000UL];
        foreach (ulong w in words)
        {
            Assert.Equal(1.0, Xoshiro256StarStar.ToOpenDouble(w) + Xoshiro256StarStar.ToOpenDouble(~w));
        }
    }

    [Fact]
    public void NextDouble_200kDraws_UniformByKsAndMoments()
    {
        const int n = 200_000;
        var rng = RandomStreams.Create(20260101, 0, RandomStreams.Component("test:uniform"));
        var xs = new double[n];
        for (int i = 0; i < n; i++)
        {
            xs[i] = rng.NextDouble();
            Assert.InRange(xs[i], 0.0, 1 - Math.Pow(2, -53));
        }

        AssertUniform(xs);
    }

    [Fact]
    public void NextOpenDouble_200kDraws_UniformByKsAndMomentsAndNeverZeroOrOne()
    {
        const int n = 200_000;
        var rng = RandomStreams.Create(20260102, 0, RandomStreams.Component("test:uniform"));
        var xs = new double[n];
        for (int i = 0; i < n; i++)
        {
            xs[i] = rng.NextOpenDouble();
            Assert.True(xs[i] > 0 && xs[i] < 1);
        }

        AssertUniform(xs);
    }

    [Fact]
    public void NextUInt64_OnCopiedStruct_RepeatsTheStream()
    {
        var a = RandomStreams.Create(7, 7, 7);
        var b = a;
        Assert.Equal(a, b);
        Assert.Equal(a.NextUInt64(), b.NextUInt64());
        _ = a.NextUInt64();
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Fill_WritesTheSameWordsAsNextUInt64()
    {
        var a = RandomStreams.Create(3, 1, 4);
        var b = a;
        Span<ulong> filled = stackalloc ulong[17];
        a.Fill(filled);
        for (int i = 0; i < filled.Length; i++)
        {
            Assert.Equal(b.NextUInt64(), filled[i]);
        }
    }

    private static void AssertStream(ref Xoshiro256StarStar rng, ulong[] expectedFirst, ulong expectedOutput1001)
    {
        for (int i = 0; i < expectedFirst.Length; i++)
        {
            Assert.Equal(expectedFirst[i], rng.NextUInt64());
        }

        for (int i = expectedFirst.Length; i < 1000; i++)
        {
            _ = rng.NextUInt64();
        }

        Assert.Equal(expectedOutput1001, rng.NextUInt64());
    }

    private static void AssertUniform(double[] xs)
    {
        // Tolerances: 4 standard errors. Mean of U(0,1): SE = sqrt(1/12 / n); variance: SE from the
        // exact fourth central moment of U(0,1), sqrt((1/80 − 1/144) / n).
        int n = xs.Length;
        var m = SampleStatistics.ComputeMoments(xs);
        Assert.InRange(m.Mean - 0.5, -SampleStatistics.Tolerance * Math.Sqrt(1.0 / 12 / n), SampleStatistics.Tolerance * Math.Sqrt(1.0 / 12 / n));
        double varSe = Math.Sqrt(((1.0 / 80) - (1.0 / 144)) / n);
        Assert.InRange(m.Variance - (1.0 / 12), -SampleStatistics.Tolerance * varSe, SampleStatistics.Tolerance * varSe);

        // Kolmogorov–Smirnov against MathNet's U(0,1) CDF at alpha = 0.01.
        var uniform = new ContinuousUniform(0, 1);
        Assert.True(SampleStatistics.KolmogorovSmirnov(xs, uniform.CumulativeDistribution) < SampleStatistics.KsCritical(n));
    }
}

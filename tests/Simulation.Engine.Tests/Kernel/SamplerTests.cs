using Simulation.Engine.Kernel;
using Simulation.Engine.Model;

namespace Simulation.Engine.Tests;

/// <summary>The kernel's compiled samplers agree with the exact inverse CDFs they replace.</summary>
public class SamplerTests
{
    public static TheoryData<string, Distribution, double> Distributions() => new()
    {
        // name, distribution, relative tolerance (Acklam's Φ⁻¹: 1.15e-9; closed forms: rounding;
        // the beta table: cubic Hermite interpolation error, of order (Δp)⁴ · max|Q⁗| in the body)
        { "normal", Distribution.Normal(0.06, 0.02), 1e-8 },
        { "log-normal", Distribution.LogNormalByValue(12, 10), 1e-7 },
        { "truncated-normal", Distribution.TruncatedNormal(0.5, 0.3, 0, 1), 1e-8 },
        { "uniform", Distribution.Uniform(2, 5), 1e-14 },
        { "triangular", Distribution.Triangular(0.8, 1.2, 2.0), 1e-13 },
        { "pert", Distribution.Pert(0.1, 0.3, 0.6), 1e-7 },
        { "beta", Distribution.ScaledBeta(2, 3, 0, 1), 1e-7 },
        { "u-shaped beta", Distribution.ScaledBeta(0.5, 0.5, 0, 1), 1e-7 },
        { "poisson", Distribution.Poisson(3.5), 0 },
        { "discrete", Distribution.Discrete([1, 2, 5], [0.2, 0.5, 0.3]), 0 },
    };

    [Theory]
    [MemberData(nameof(Distributions))]
    public void Sample_AgreesWithExactInverseCdf(string name, Distribution distribution, double tolerance)
    {
        var sampler = Sampler.For(distribution);
        double scale = Math.Max(Math.Abs(distribution.Mean), Math.Sqrt(distribution.Variance));
        double previous = double.NegativeInfinity;
        for (int i = 1; i < 10_000; i++)
        {
            double u = i / 10_000.0;
            double exact = distribution.InverseCdf(u);
            double fast = sampler.Sample(u);
            Assert.True(Math.Abs(fast - exact) <= tolerance * Math.Max(Math.Abs(exact), scale) + 1e-300,
                $"{name} at u = {u}: sampler {fast}, exact {exact}");
            Assert.True(fast >= previous, $"{name} is not monotone at u = {u}");
            previous = fast;
        }
    }

    [Theory]
    [MemberData(nameof(Distributions))]
    public void SampleInPlace_EqualsSampleVectorByVector(string name, Distribution distribution, double tolerance)
    {
        // 150 vectors (chunks of 64 and a partial one), a third of them with a lane in an outer tail.
        _ = tolerance;
        var sampler = Sampler.For(distribution);
        var rng = Simulation.Engine.Randomness.RandomStreams.Create(7, 8, 9);
        var values = new double[150 * 8];
        for (int i = 0; i < values.Length; i++)
        {
            double u = rng.NextOpenDouble();
            values[i] = i % 24 == 5 ? u * 2e-3 : i % 24 == 13 ? 1 - (u * 2e-3) : u;
        }

        var expected = new double[values.Length];
        for (int i = 0; i < values.Length; i += 8)
        {
            System.Runtime.Intrinsics.Vector512.CopyTo(sampler.Sample(System.Runtime.Intrinsics.Vector512.Create((ReadOnlySpan<double>)values.AsSpan(i, 8))), expected.AsSpan(i, 8));
        }

        sampler.SampleInPlace(values);
        Assert.True(expected.AsSpan().SequenceEqual(values), name);
    }

    [Theory]
    [MemberData(nameof(Distributions))]
    public void Sample_InTheOuterTails_AgreesWithExactInverseCdf(string name, Distribution distribution, double tolerance)
    {
        // The outer 1/256 of each tail, where the tables hand over to tail tables or exact forms.
        var sampler = Sampler.For(distribution);
        double scale = Math.Max(Math.Abs(distribution.Mean), Math.Sqrt(distribution.Variance));
        foreach (double s in new[] { 1e-12, 1e-6, 1.4e-5, 1.6e-5, 3e-5, 1e-4, 7.7e-4, 3e-3, 3.9e-3 })
        {
            foreach (double u in new[] { s, 1 - s })
            {
                double exact = distribution.InverseCdf(u);
                double fast = sampler.Sample(u);
                Assert.True(Math.Abs(fast - exact) <= tolerance * Math.Max(Math.Abs(exact), scale) + 1e-300,
                    $"{name} at u = {u}: sampler {fast}, exact {exact}");
            }
        }
    }

    [Fact]
    public void FastNormalQuantile_MatchesMathNetAcrossTheRange()
    {
        foreach (double p in new[] { 1e-12, 1e-6, 0.001, 0.02425, 0.1, 0.5, 0.9, 0.97575, 0.999, 1 - 1e-9 })
        {
            double exact = MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, p);
            Assert.Equal(exact, FastNormal.Quantile(p), Math.Max(1e-9, Math.Abs(exact) * 1.2e-9));
        }
    }
}

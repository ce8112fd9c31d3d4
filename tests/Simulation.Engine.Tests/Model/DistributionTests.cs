using System.Collections.Concurrent;
using MathNet.Numerics.Distributions;
using Simulation.Engine.Model;
using Simulation.Engine.Randomness;
using Simulation.Engine.Tests.Support;

namespace Simulation.Engine.Tests.Model;

public class DistributionTests
{
    private const int SampleSize = 200_000;

    /// <summary>
    /// MathNet's Beta.InvCDF is a root search (about 10 µs a call), so the beta-based cases draw
    /// 50,000 samples to keep the suite fast; every tolerance below scales with the actual n.
    /// </summary>
    private const int BetaSampleSize = 50_000;

    /// <summary>The distribution cases of the sampling tests, by name (xunit data stays serialisable).</summary>
    private static readonly Dictionary<string, (Distribution Distribution, bool Continuous)> Cases = new()
    {
        ["fixed"] = (Distribution.Fixed(7), false),
        ["normal"] = (Distribution.Normal(2, 3), true),
        ["truncated-normal"] = (Distribution.TruncatedNormal(1, 2, 0, 4), true),
        ["truncated-normal-upper-tail"] = (Distribution.TruncatedNormal(0, 1, 2.5, double.PositiveInfinity), true),
        ["lognormal-by-value"] = (Distribution.LogNormalByValue(10, 4), true),
        ["lognormal-by-log"] = (Distribution.LogNormalByLog(0.5, 0.4), true),
        ["uniform"] = (Distribution.Uniform(-1, 3), true),
        ["triangular"] = (Distribution.Triangular(1, 2, 5), true),
        ["pert"] = (Distribution.Pert(1, 2, 5), true),
        ["scaled-beta"] = (Distribution.ScaledBeta(2, 5, 10, 20), true),
        ["poisson"] = (Distribution.Poisson(4.5), false),
        ["bernoulli"] = (Distribution.Bernoulli(0.3), false),
        ["discrete"] = (Distribution.Discrete([5, 1, 2], [2, 1, 1]), false),
    };

    private static readonly ConcurrentDictionary<string, double[]> SampleCache = new();

    public static TheoryData<string> AllCases => new(Cases.Keys);

    public static TheoryData<string> ContinuousCases => new(Cases.Where(c => c.Value.Continuous).Select(c => c.Key));

    // (a) The closed-form moments against MathNet's own distribution objects, one mapping each.

    [Fact]
    public void Normal_MeanAndSd_MapToMathNetNormal()
    {
        var d = Distribution.Normal(2, 3);
        var reference = new Normal(2, 3);
        AssertMatches(d, reference.Mean, reference.Variance, reference.CumulativeDistribution, -4, 2, 9);
    }

    [Fact]
    public void LogNormalByLog_LogMeanAndLogSd_MapToMathNetLogNormal()
    {
        // MathNet's LogNormal takes mu and sigma of ln X.
        var d = Distribution.LogNormalByLog(0.5, 0.4);
        var reference = new LogNormal(0.5, 0.4);
        AssertMatches(d, reference.Mean, reference.Variance, reference.CumulativeDistribution, 0.5, 1.6, 4);
    }

    [Fact]
    public void LogNormalByValue_MeanAndSdOfValue_MapToMathNetLogNormalWithMeanVariance()
    {
        var d = Distribution.LogNormalByValue(10, 4);
        Assert.Equal(10, d.Mean, 12);
        Assert.Equal(16, d.Variance, 11);
        var reference = LogNormal.WithMeanVariance(10, 16);
        AssertMatches(d, reference.Mean, reference.Variance, reference.CumulativeDistribution, 3, 10, 25);
        double sigma2 = Math.Log(1 + (16.0 / 100));
        var byLog = new LogNormal(Math.Log(10) - (sigma2 / 2), Math.Sqrt(sigma2));
        Assert.Equal(byLog.Mean, d.Mean, 12);
    }

    [Fact]
    public void Uniform_MinMax_MapToMathNetContinuousUniform()
    {
        var reference = new ContinuousUniform(-1, 3);
        AssertMatches(Distribution.Uniform(-1, 3), reference.Mean, reference.Variance, reference.CumulativeDistribution, -1, 0.5, 2.9);
    }

    [Fact]
    public void Triangular_MinModeMax_MapToMathNetTriangularLowerUpperMode()
    {
        // MathNet's Triangular takes (lower, upper, mode): the order differs from ours.
        var reference = new Triangular(1, 5, 2);
        AssertMatches(Distribution.Triangular(1, 2, 5), reference.Mean, reference.Variance, reference.CumulativeDistribution, 1.5, 2, 4);
    }

    [Fact]
    public void Pert_MinModeMax_IsScaledMathNetBetaWithPertShapes()
    {
        // PERT(1, 2, 5): alpha = 1 + 4·(2 − 1)/4 = 2, beta = 1 + 4·(5 − 2)/4 = 4, mean (1 + 4·2 + 5)/6.
        var d = Distribution.Pert(1, 2, 5);
        var beta = new Beta(2, 4);
        AssertMatches(d, 1 + (4 * beta.Mean), 16 * beta.Variance, x => beta.CumulativeDistribution((x - 1) / 4), 1.5, 2.3, 4);
        Assert.Equal(14.0 / 6, d.Mean, 14);
    }

    [Fact]
    public void Pert_DegenerateRange_IsFixed()
    {
        var d = Distribution.Pert(3, 3, 3);
        Assert.Equal(3, d.InverseCdf(0.4));
        Assert.Equal(0, d.Variance);
    }

    [Fact]
    public void ScaledBeta_ShapesAndRange_MapToScaledMathNetBeta()
    {
        var beta = new Beta(2, 5);
        AssertMatches(Distribution.ScaledBeta(2, 5, 10, 20), 10 + (10 * beta.Mean), 100 * beta.Variance, x => beta.CumulativeDistribution((x - 10) / 10), 11, 13, 17);
    }

    [Fact]
    public void Poisson_Mean_MapsToMathNetPoissonLambda()
    {
        // MathNet's Poisson takes lambda, which is the mean.
        var reference = new Poisson(4.5);
        AssertMatches(Distribution.Poisson(4.5), reference.Mean, reference.Variance, reference.CumulativeDistribution, 0, 4, 9);
    }

    [Fact]
    public void Bernoulli_Probability_MapsToMathNetBernoulli()
    {
        var reference = new Bernoulli(0.3);
        AssertMatches(Distribution.Bernoulli(0.3), reference.Mean, reference.Variance, reference.CumulativeDistribution, -0.5, 0, 0.5);
    }

    [Fact]
    public void Discrete_ValuesAndWeights_MatchHandComputedMoments()
    {
        // Values 5, 1, 2 with weights 2, 1, 1: mean (10 + 1 + 2)/4 = 3.25, E[X²] = (50 + 1 + 4)/4 = 13.75.
        var d = Distribution.Discrete([5, 1, 2], [2, 1, 1]);
        Assert.Equal(3.25, d.Mean, 14);
        Assert.Equal(13.75 - (3.25 * 3.25), d.Variance, 14);
        Assert.Equal(0.25, d.Cdf(1.5), 14);
        Assert.Equal(0.5, d.Cdf(4.9), 14);
        Assert.Equal(1, d.Cdf(5));
        Assert.Equal(1, d.Minimum);
        Assert.Equal(5, d.Maximum);
    }

    [Fact]
    public void Fixed_Value_HasNoSpread()
    {
        var d = Distribution.Fixed(7);
        Assert.Equal(7, d.Mean);
        Assert.Equal(0, d.Variance);
        Assert.Equal(0, d.Cdf(6.999));
        Assert.Equal(1, d.Cdf(7));
    }

    // (b), (c) Sampling by inverse transform of NextOpenDouble.

    [Theory]
    [MemberData(nameof(AllCases))]
    public void InverseCdf_OpenUniforms_MeanAndVarianceWithinFourStandardErrors(string name)
    {
        // Tolerances: 4 SE. The mean's SE is sqrt(Variance / n) from the closed form; the variance's
        // SE is sqrt((m4 − m2²) / n) with the sample fourth central moment (large-n form of
        // Var(s²) = (μ4 − σ⁴)/n; the cases have light enough tails for the plug-in to be stable).
        var d = Cases[name].Distribution;
        var m = SampleStatistics.ComputeMoments(Samples(name));
        double k = SampleStatistics.Tolerance;
        double meanSe = Math.Sqrt(d.Variance / m.N);
        Assert.InRange(m.Mean - d.Mean, -k * meanSe - 1e-12, (k * meanSe) + 1e-12);
        Assert.InRange(m.Variance - d.Variance, -k * m.VarianceStandardError - 1e-12, (k * m.VarianceStandardError) + 1e-12);
    }

    [Theory]
    [MemberData(nameof(ContinuousCases))]
    public void InverseCdf_OpenUniforms_PassKolmogorovSmirnovAgainstCdf(string name)
    {
        // D = sup |F_n − Cdf| with the critical value 1.628/sqrt(n) at alpha = 0.01.
        var d = Cases[name].Distribution;
        var xs = Samples(name);
        double ks = SampleStatistics.KolmogorovSmirnov(xs, d.Cdf);
        Assert.True(ks < SampleStatistics.KsCritical(xs.Length), $"D = {ks} over {xs.Length}");
    }

    [Theory]
    [MemberData(nameof(AllCases))]
    public void InverseCdf_Samples_StayWithinMinimumAndMaximum(string name)
    {
        var d = Cases[name].Distribution;
        foreach (double x in Samples(name))
        {
            Assert.InRange(x, d.Minimum, d.Maximum);
        }
    }

    // (d) Round trips and monotonicity.

    [Theory]
    [MemberData(nameof(ContinuousCases))]
    public void InverseCdf_CdfRoundTrip_ReturnsSameValue(string name)
    {
        var d = Cases[name].Distribution;
        double lo = d.InverseCdf(0.001), hi = d.InverseCdf(0.999);
        for (int i = 0; i <= 50; i++)
        {
            double x = lo + ((hi - lo) * i / 50);
            Assert.Equal(x, d.InverseCdf(d.Cdf(x)), 1e-7 * (1 + Math.Abs(x)));
        }

        foreach (double p in new[] { 1e-6, 0.01, 0.25, 0.5, 0.75, 0.99, 1 - 1e-6 })
        {
            Assert.Equal(p, d.Cdf(d.InverseCdf(p)), 1e-9);
        }
    }

    [Theory]
    [InlineData("poisson")]
    [InlineData("bernoulli")]
    [InlineData("discrete")]
    [InlineData("fixed")]
    public void InverseCdf_OfCdfAtSupportPoint_ReturnsThatPoint(string name)
    {
        var d = Cases[name].Distribution;
        foreach (double x in Samples(name).Distinct())
        {
            Assert.Equal(x, d.InverseCdf(d.Cdf(x)));
        }
    }

    [Theory]
    [MemberData(nameof(AllCases))]
    public void InverseCdfAndCdf_IncreasingArguments_AreNonDecreasing(string name)
    {
        var d = Cases[name].Distribution;
        double previous = double.NegativeInfinity;
        for (int i = 1; i < 1000; i++)
        {
            double x = d.InverseCdf(i / 1000.0);
            Assert.True(x >= previous, $"InverseCdf decreased at p = {i / 1000.0}");
            previous = x;
        }

        double lo = d.InverseCdf(1e-4) - 1, hi = d.InverseCdf(1 - 1e-4) + 1, previousCdf = 0;
        for (int i = 0; i <= 1000; i++)
        {
            double c = d.Cdf(lo + ((hi - lo) * i / 1000));
            Assert.InRange(c, previousCdf, 1);
            previousCdf = c;
        }
    }

    // (e) Guards.

    public static TheoryData<string> InvalidFactories => new(InvalidCalls.Keys);

    private static readonly Dictionary<string, Func<Distribution>> InvalidCalls = new()
    {
        ["fixed NaN"] = () => Distribution.Fixed(double.NaN),
        ["fixed infinity"] = () => Distribution.Fixed(double.PositiveInfinity),
        ["normal negative sd"] = () => Distribution.Normal(0, -1),
        ["normal NaN mean"] = () => Distribution.Normal(double.NaN, 1),
        ["normal NaN sd"] = () => Distribution.Normal(0, double.NaN),
        ["normal infinite sd"] = () => Distribution.Normal(0, double.PositiveInfinity),
        ["truncated min above max"] = () => Distribution.TruncatedNormal(0, 1, 2, 1),
        ["truncated zero sd"] = () => Distribution.TruncatedNormal(0, 0, -1, 1),
        ["truncated negative sd"] = () => Distribution.TruncatedNormal(0, -1, -1, 1),
        ["truncated NaN bound"] = () => Distribution.TruncatedNormal(0, 1, double.NaN, 1),
        ["truncated no mass"] = () => Distribution.TruncatedNormal(0, 1, 60, 61),
        ["lognormal by value negative mean"] = () => Distribution.LogNormalByValue(-1, 1),
        ["lognormal by value zero mean"] = () => Distribution.LogNormalByValue(0, 1),
        ["lognormal by value negative sd"] = () => Distribution.LogNormalByValue(1, -1),
        ["lognormal by value NaN"] = () => Distribution.LogNormalByValue(double.NaN, 1),
        ["lognormal by log negative sd"] = () => Distribution.LogNormalByLog(0, -1),
        ["lognormal by log NaN mean"] = () => Distribution.LogNormalByLog(double.NaN, 1),
        ["uniform min above max"] = () => Distribution.Uniform(3, 1),
        ["uniform NaN"] = () => Distribution.Uniform(double.NaN, 1),
        ["uniform infinite"] = () => Distribution.Uniform(0, double.PositiveInfinity),
        ["triangular mode below min"] = () => Distribution.Triangular(1, 0, 2),
        ["triangular mode above max"] = () => Distribution.Triangular(1, 3, 2),
        ["triangular empty range"] = () => Distribution.Triangular(1, 1, 1),
        ["pert unordered"] = () => Distribution.Pert(3, 2, 1),
        ["pert NaN"] = () => Distribution.Pert(0, double.NaN, 1),
        ["beta zero alpha"] = () => Distribution.ScaledBeta(0, 1, 0, 1),
        ["beta negative beta"] = () => Distribution.ScaledBeta(1, -1, 0, 1),
        ["beta min above max"] = () => Distribution.ScaledBeta(1, 1, 1, 0),
        ["beta empty range"] = () => Distribution.ScaledBeta(1, 1, 1, 1),
        ["poisson negative"] = () => Distribution.Poisson(-1),
        ["poisson NaN"] = () => Distribution.Poisson(double.NaN),
        ["poisson huge"] = () => Distribution.Poisson(2e6),
        ["bernoulli 1.5"] = () => Distribution.Bernoulli(1.5),
        ["bernoulli negative"] = () => Distribution.Bernoulli(-0.1),
        ["bernoulli NaN"] = () => Distribution.Bernoulli(double.NaN),
        ["discrete empty"] = () => Distribution.Discrete([], []),
        ["discrete length mismatch"] = () => Distribution.Discrete([1, 2], [1]),
        ["discrete negative weight"] = () => Distribution.Discrete([1, 2], [1, -1]),
        ["discrete zero weights"] = () => Distribution.Discrete([1, 2], [0, 0]),
        ["discrete NaN value"] = () => Distribution.Discrete([double.NaN], [1]),
        ["discrete NaN weight"] = () => Distribution.Discrete([1], [double.NaN]),
    };

    [Theory]
    [MemberData(nameof(InvalidFactories))]
    public void Factory_InvalidParameters_ThrowArgumentException(string name)
    {
        Assert.ThrowsAny<ArgumentException>(() => InvalidCalls[name]());
    }

    private static double[] Samples(string name) => SampleCache.GetOrAdd(name, key =>
    {
        var d = Cases[key].Distribution;
        var rng = RandomStreams.Create(20250101, 0, RandomStreams.Component("test:distribution:" + key));
        var xs = new double[d is ScaledBetaDistribution ? BetaSampleSize : SampleSize];
        for (int i = 0; i < xs.Length; i++)
        {
            xs[i] = d.InverseCdf(rng.NextOpenDouble());
        }

        return xs;
    });

    private static void AssertMatches(Distribution d, double mean, double variance, Func<double, double> cdf, params double[] points)
    {
        Assert.Equal(mean, d.Mean, 1e-12 * (1 + Math.Abs(mean)));
        Assert.Equal(variance, d.Variance, 1e-12 * (1 + variance));
        foreach (double x in points)
        {
            Assert.Equal(cdf(x), d.Cdf(x), 1e-12);
        }
    }
}

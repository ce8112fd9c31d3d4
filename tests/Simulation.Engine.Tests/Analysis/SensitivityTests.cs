using MathNet.Numerics.Integration;
using Simulation.Engine.Analysis;
using static Simulation.Engine.Tests.Analysis.Synthetic;
using Gaussian = MathNet.Numerics.Distributions.Normal;

namespace Simulation.Engine.Tests.Analysis;

/// <summary>
/// The first-order index estimator on models whose indices are known in closed form, with
/// tolerances set by the estimator's own Monte Carlo error (its jackknife interval) plus the small
/// bias that binning leaves.
/// </summary>
public class SensitivityTests
{
    private static Estimate Index(ScenarioAnalysis analysis, int input) => analysis.Sensitivity[0].Effects[input].Index;

    private static void AssertNear(double expected, Estimate estimate, double bias, string what)
    {
        Assert.True(estimate.Lower - bias <= expected && expected <= estimate.Upper + bias,
            $"{what}: S = {expected:F4} outside the 95% interval {estimate.Value:F4} [{estimate.Lower:F4}, {estimate.Upper:F4}] (± {bias} for binning)");
        Assert.True(estimate.Upper - estimate.Lower < 0.06, $"{what}: interval [{estimate.Lower:F4}, {estimate.Upper:F4}] too wide to test anything");
    }

    [Fact]
    public void LinearModel_IndicesAreTheSharesOfVariance()
    {
        // y = Σ aᵢ xᵢ with independent xᵢ ~ N(0, σᵢ²): Sᵢ = aᵢ²σᵢ² / Σ aⱼ²σⱼ²; x4 is pure noise (S = 0).
        const int n = 20_000;
        double[] a = [1, 2, 0.5, 0], sd = [1, 1, 2, 1];
        var x = Enumerable.Range(0, 4).Select(j => Normal(n, 11, j).Select(v => v * sd[j]).ToArray()).ToArray();
        var y = Enumerable.Range(0, n).Select(i => Enumerable.Range(0, 4).Sum(j => a[j] * x[j][i])).ToArray();
        var analysis = Analyze(Sample(x, y, met: false));
        double total = Enumerable.Range(0, 4).Sum(j => a[j] * a[j] * sd[j] * sd[j]);
        for (int j = 0; j < 4; j++)
        {
            AssertNear(a[j] * a[j] * sd[j] * sd[j] / total, Index(analysis, j), 0.01, $"x{j + 1}");
        }

        Assert.Equal([1, 0, 2, 3], analysis.Sensitivity[0].Ranking.ToArray());
        Assert.True(Index(analysis, 3).Value < 0.005, $"noise input: {Index(analysis, 3)}");
        Assert.Empty(analysis.Correlated);
    }

    [Fact]
    public void Ishigami_IndicesAreThePublishedOnes()
    {
        // Y = sin X1 + 7 sin² X2 + 0.1 X3⁴ sin X1, Xi ~ U(−π, π): S1 = 0.3139, S2 = 0.4424, S3 = 0 (Ishigami and Homma 1990;
        // Saltelli et al. 2008). X3 acts only through its interaction with X1, which a first-order index must not count.
        const int n = 40_000;
        var x = Enumerable.Range(0, 3).Select(j => Uniform(n, 5, j).Select(u => (2 * u - 1) * Math.PI).ToArray()).ToArray();
        var y = Enumerable.Range(0, n).Select(i =>
            Math.Sin(x[0][i]) + (7 * Math.Pow(Math.Sin(x[1][i]), 2)) + (0.1 * Math.Pow(x[2][i], 4) * Math.Sin(x[0][i]))).ToArray();
        var analysis = Analyze(Sample(x, y, met: false));
        AssertNear(0.3139, Index(analysis, 0), 0.01, "X1");
        AssertNear(0.4424, Index(analysis, 1), 0.01, "X2");
        AssertNear(0, Index(analysis, 2), 0.01, "X3");
    }

    [Fact]
    public void BinaryOutcome_IndexOfAThresholdedSum()
    {
        // y = 1{x1 + e > 1}, x1, e ~ N(0, 1): E[y | x1] = Φ(x1 − 1), so S1 = (E[Φ(x1 − 1)²] − p²) / (p(1 − p)) with
        // p = Φ(−1/√2); the expectation is integrated numerically. The low and high fifths read P(met) beside it.
        const int n = 20_000;
        var x1 = Normal(n, 21, 0);
        var e = Normal(n, 21, 1);
        var y = Enumerable.Range(0, n).Select(i => x1[i] + e[i] > 1 ? 1.0 : 0.0).ToArray();
        double p = Gaussian.CDF(0, 1, -1 / Math.Sqrt(2));
        double second = NewtonCotesTrapeziumRule.IntegrateAdaptive(v => Math.Pow(Gaussian.CDF(0, 1, v - 1), 2) * Gaussian.PDF(0, 1, v), -12, 12, 1e-12);
        double s1 = (second - (p * p)) / (p * (1 - p));
        var analysis = Analyze(Sample([x1, e], y, met: true));
        AssertNear(s1, Index(analysis, 0), 0.01, "x1");
        var effect = analysis.Sensitivity[0].Effects[0];
        Assert.Equal(n / 5, effect.Low.Paths);
        Assert.Equal(n / 5, effect.High.Paths);
        Assert.True(effect.Low.Reading.Upper < analysis.Sensitivity[0].Overall.Reading.Lower);
        Assert.True(effect.High.Reading.Lower > analysis.Sensitivity[0].Overall.Reading.Upper);

        // E[y | x1 in its lowest fifth] = ∫ Φ(v − 1) φ(v) dv over v below the 20th percentile, ÷ 0.2.
        double q20 = Gaussian.InvCDF(0, 1, 0.2);
        double low = NewtonCotesTrapeziumRule.IntegrateAdaptive(v => Gaussian.CDF(0, 1, v - 1) * Gaussian.PDF(0, 1, v), -12, q20, 1e-12) / 0.2;
        Assert.InRange(low, effect.Low.Reading.Lower, effect.Low.Reading.Upper);
    }

    [Fact]
    public void CorrelatedInputs_AnInputThatOnlyMovesWithAnotherStillHasAnIndex_AndThePairIsReported()
    {
        // y = x1 + e, x2 = 0.8 x1 + 0.6 z: y does not depend on x2, yet E[y | x2] = 0.8 x2, so S2 = 0.64 / 2 = 0.32 beside
        // S1 = 0.5: the indices sum to more than 1 of what they explain, and the analysis must say the inputs are dependent.
        const int n = 20_000;
        var x1 = Normal(n, 31, 0);
        var z = Normal(n, 31, 1);
        var e = Normal(n, 31, 2);
        var x2 = Enumerable.Range(0, n).Select(i => (0.8 * x1[i]) + (0.6 * z[i])).ToArray();
        var y = Enumerable.Range(0, n).Select(i => x1[i] + e[i]).ToArray();
        var analysis = Analyze(Sample([x1, x2], y, met: false));
        AssertNear(0.5, Index(analysis, 0), 0.01, "x1");
        AssertNear(0.32, Index(analysis, 1), 0.01, "x2");
        var pair = Assert.Single(analysis.Correlated);
        Assert.Equal((0, 1), (pair.First, pair.Second));
        Assert.Equal(6 / Math.PI * Math.Asin(0.4), pair.Correlation, 0.01); // Spearman's ρ of a bivariate normal with r = 0.8
    }

    [Fact]
    public void Interval_CoversTheTrueIndexAboutNineteenTimesInTwenty()
    {
        // 200 independent samples of y = x1 + x2 + e (S1 = 1/3), n = 2,000 each: the 95% jackknife interval should cover
        // 1/3 about 190 times; a binomial(200, 0.95) count falls outside [176, 198] with probability < 0.2%.
        int covered = 0;
        for (int r = 0; r < 200; r++)
        {
            const int n = 2_000;
            var x = Enumerable.Range(0, 3).Select(j => Normal(n, 1000 + (ulong)r, j)).ToArray();
            var y = Enumerable.Range(0, n).Select(i => x[0][i] + x[1][i] + x[2][i]).ToArray();
            var index = Index(Analyze(Sample([x[0], x[1]], y, met: false)), 0);
            covered += index.Lower <= 1 / 3.0 && 1 / 3.0 <= index.Upper ? 1 : 0;
        }

        Assert.InRange(covered, 176, 198);
    }

    [Fact]
    public void LowAndHighFifths_OfAThreshold()
    {
        const int n = 10_000;
        var x = Uniform(n, 41, 0);
        var y = x.Select(v => v > 0.5 ? 1.0 : 0.0).ToArray();
        var effect = Analyze(Sample([x], y, met: true)).Sensitivity[0].Effects[0];
        Assert.Equal(0, effect.Low.Reading.Value);
        Assert.Equal(1, effect.High.Reading.Value);
        Assert.True(effect.Index.Value > 0.98, $"{effect.Index}");
    }

    [Fact]
    public void ConstantOutcome_HasNothingToExplain()
    {
        var x = Uniform(1000, 1, 0);
        var outcome = Analyze(Sample([x], new double[1000], met: true)).Sensitivity[0];
        Assert.True(outcome.IsConstant);
        Assert.Equal(0, outcome.Overall.Reading.Value);
    }

    [Fact]
    public void Bins_KeepTiesTogether_AndSplitFlagsAndCountsWhereTheirValuesChange()
    {
        // A flag: 0 on 90% of paths. One bin per value; low = the zeros, high = the ones.
        var flag = Enumerable.Range(0, 1000).Select(i => i % 10 == 3 ? 1.0 : 0.0).ToArray();
        var bins = new InputBins(flag);
        Assert.Equal(2, bins.Count);
        Assert.Equal(900, bins.Low.Count(v => v));
        Assert.Equal(100, bins.High.Count(v => v));
        Assert.All(Enumerable.Range(0, 1000), i => Assert.Equal(flag[i] == 1, bins.High[i]));

        // "Never" (the largest value) on 85%: low is every earlier year, high is never.
        var year = Enumerable.Range(0, 1000).Select(i => i < 850 ? 2036.0 : 2024 + (i % 10)).ToArray();
        bins = new InputBins(year);
        Assert.Equal(150, bins.Low.Count(v => v));
        Assert.Equal(850, bins.High.Count(v => v));

        // A count whose mode (0) fills both fifths' cut points on one side: low = none, high = some.
        var count = Enumerable.Range(0, 1000).Select(i => i < 600 ? 0.0 : i < 900 ? 1 : 2).ToArray();
        bins = new InputBins(count);
        Assert.Equal(600, bins.Low.Count(v => v));
        Assert.Equal(400, bins.High.Count(v => v));
        Assert.Equal((0.0, 0.0), bins.LowValues);
        Assert.Equal((1.0, 2.0), bins.HighValues);

        // Many distinct values with long ties: equal-count bins never split a value.
        var tied = Enumerable.Range(0, 10_000).Select(i => (double)(i % 250)).ToArray();
        bins = new InputBins(tied);
        Assert.InRange(bins.Count, 2, InputBins.MaxBins);
        foreach (var group in Enumerable.Range(0, 10_000).GroupBy(i => tied[i]))
        {
            Assert.Single(group.Select(i => bins.Bin[i]).Distinct());
        }
    }

    [Fact]
    public void Analysis_IsTheSameAtAnyThreadCount()
    {
        // Eight outcomes and eight discoveries, so every parallel loop has work for several threads.
        const int n = 4_000;
        var x = Enumerable.Range(0, 6).Select(j => Normal(n, 51, j)).ToArray();
        var outcomes = Enumerable.Range(0, 8).Select(k => Enumerable.Range(0, n).Select(i => x[k % 6][i] + (x[(k + 1) % 6][i] * x[(k + 2) % 6][i]) > 0.3 * k ? 1.0 : 0.0).ToArray()).ToArray();
        var sample = Sample(x, outcomes, met: true);
        var (spec, options) = Options(n, discover: true, discovered: ["y", .. Enumerable.Range(2, 7).Select(k => $"y{k}")]);
        var one = Analyzer.Analyze(sample, spec, options, threads: 1);
        var three = Analyzer.Analyze(sample, spec, options, threads: 3);
        for (int k = 0; k < 8; k++)
        {
            Assert.Equal(one.Sensitivity[k].Effects.ToArray(), three.Sensitivity[k].Effects.ToArray());
            Assert.Equal(Describe(one.Discoveries[k].Chosen), Describe(three.Discoveries[k].Chosen));
            Assert.Equal(Describe(one.Discoveries[k].Pruned), Describe(three.Discoveries[k].Pruned));
            Assert.Equal(one.Discoveries[k].Trajectory.Select(Describe), three.Discoveries[k].Trajectory.Select(Describe));
        }

        Assert.Equal(one.Correlated.ToArray(), three.Correlated.ToArray());
    }

    private static string Describe(PrimBox? box) => box is null ? "none" : $"{box with { Limits = [] }} {string.Join(";", box.Limits)}";

    [Fact]
    public void TQuantile_IsStudentsT_WithNineteenDegreesOfFreedom() =>
        Assert.Equal(Sensitivity.TQuantile, MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, Sensitivity.Groups - 1, 0.975), 1e-9);

    [Fact]
    public void InputOfOneValue_ExplainsNothing_AndReadsEveryPathInBothGroups()
    {
        const int n = 1_000;
        var y = Uniform(n, 61, 0);
        var effect = Analyze(Sample([new double[n], Uniform(n, 61, 1)], y, met: false)).Sensitivity[0].Effects[0];
        Assert.Equal(new Estimate(0, 0, 0), effect.Index);
        Assert.Equal(n, effect.Low.Paths);
        Assert.Equal(n, effect.High.Paths);
        Assert.False(double.IsNaN(effect.Low.Reading.Value));
    }
}

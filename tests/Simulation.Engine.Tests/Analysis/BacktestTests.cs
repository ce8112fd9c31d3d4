using MathNet.Numerics.Distributions;
using Simulation.Engine.Analysis;
using Simulation.Engine.Model;
using static Simulation.Engine.Tests.TestScenarios;

namespace Simulation.Engine.Tests.Analysis;

/// <summary>The backtest against a closed form: one log-normal cluster, ln V₂₀₂₅ ~ N(ln V₀ + 2μ, 2σ²), with facts at known quantiles.</summary>
public class BacktestTests
{
    private const double V0 = 100, Mu = 0.03, Sigma = 0.1;
    private const int T = 2, Paths = 50_000; // 2023 → 2025
    private static readonly double M = Math.Log(V0) + (T * Mu), S = Sigma * Math.Sqrt(T);

    /// <summary>The closed-form quantile q of V₂₀₂₅.</summary>
    private static double At(double q) => Math.Exp(M + (Normal.InvCDF(0, 1, q) * S));

    private static ObservedQuantity ClusterA => new(ObservedForm.Sum, [0], [1]);

    private static Observation Fact(string id, double? value = null, double? atLeast = null, double? atMost = null, int year = 2025, ObservedQuantity? quantity = null) =>
        new Observation(id, id, year, quantity ?? ClusterA, "scale", "test", "E", "") { Value = value, AtLeast = atLeast, AtMost = atMost }.Validated();

    private static Scenario WithFacts(params Observation[] facts) =>
        Scenario(Dataset([Cluster("a", V0, trend: Mu, volatility: Sigma)]) with { Observations = [.. facts] });

    private static BacktestResult Run(Scenario scenario, int threads = 2, int paths = Paths) => Backtester.Run(scenario, 7, paths, threads)!;

    /// <summary>Four standard errors of a proportion estimated from <see cref="Paths"/> paths.</summary>
    private static double Tolerance(double p) => 4 * Math.Sqrt(p * (1 - p) / Paths);

    [Theory]
    [InlineData(0.02, BacktestVerdict.ProjectionHigh)]
    [InlineData(0.10, BacktestVerdict.Inside90)]
    [InlineData(0.50, BacktestVerdict.Inside50)]
    [InlineData(0.70, BacktestVerdict.Inside50)]
    [InlineData(0.85, BacktestVerdict.Inside90)]
    [InlineData(0.98, BacktestVerdict.ProjectionLow)]
    public void PointFactAtAKnownQuantile_HasThatPercentile_AndItsBand(double q, BacktestVerdict verdict)
    {
        var fact = Run(WithFacts(Fact("f", At(q)))).Facts.Single();
        Assert.InRange(fact.Percentile, q - Tolerance(q), q + Tolerance(q));
        Assert.Equal(verdict, fact.Verdict);
        Assert.Null(fact.IntervalProbability);
        Assert.Null(fact.LogScore);
    }

    [Fact]
    public void Quantiles_AreTheClosedFormsQuantiles_WithinTheirStandardError()
    {
        var fact = Run(WithFacts(Fact("f", 100))).Facts.Single();
        for (int k = 0; k < Backtester.Levels.Length; k++)
        {
            double q = Backtester.Levels[k], z = Normal.InvCDF(0, 1, q);

            // SE of an empirical quantile: √(q(1−q)/n) / f(x_q), with f(x) = φ(z) / (x S) for the log-normal.
            double relativeError = Math.Sqrt(q * (1 - q) / Paths) * S / Normal.PDF(0, 1, z);
            Assert.InRange(fact.Quantiles[k] / At(q), 1 - (4 * relativeError), 1 + (4 * relativeError));
        }
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void Crps_IsTheLogNormalsClosedForm(double q)
    {
        // CRPS(LN(m, s), y) = y(2Φ(z) − 1) − 2e^{m + s²/2}(Φ(z − s) + Φ(s/√2) − 1), z = (ln y − m)/s.
        double y = At(q), z = (Math.Log(y) - M) / S;
        double expected = (y * ((2 * Normal.CDF(0, 1, z)) - 1)) - (2 * Math.Exp(M + (S * S / 2)) * (Normal.CDF(0, 1, z - S) + Normal.CDF(0, 1, S / Math.Sqrt(2)) - 1));
        double crps = Run(WithFacts(Fact("f", y))).Facts.Single().Crps!.Value;

        // The estimator's error is about sd|X − y| / √n; sd|X − y| < sd X = e^{m + s²/2}√(e^{s²} − 1).
        double sd = Math.Exp(M + (S * S / 2)) * Math.Sqrt(Math.Exp(S * S) - 1);
        Assert.InRange(crps, expected - (4 * sd / Math.Sqrt(Paths)), expected + (4 * sd / Math.Sqrt(Paths)));
    }

    [Fact]
    public void CrpsOfAnEnsemble_IsMeanAbsoluteErrorLessHalfTheMeanSpread()
    {
        double[] x = [1, 2, 4];

        // mean|x − 2| = 1; mean |xᵢ − xⱼ| over all 9 pairs = (0+1+3+1+0+2+3+2+0)/9 = 12/9.
        Assert.Equal(1 - (6.0 / 9), Backtester.Crps(x, 2), 12);
    }

    [Fact]
    public void IntervalFacts_GetTheProbabilityTheProjectionGaveThem_AndALogScore()
    {
        var result = Run(WithFacts(
            Fact("middle", atLeast: At(0.25), atMost: At(0.75)),
            Fact("below", atMost: At(0.02)),
            Fact("above", atLeast: At(0.99)),
            Fact("upper-tail", atLeast: At(0.90))));
        var middle = result.Facts[0];
        Assert.InRange(middle.IntervalProbability!.Estimate, 0.5 - Tolerance(0.5), 0.5 + Tolerance(0.5));
        Assert.InRange(middle.Percentile, 0.25 - Tolerance(0.25), 0.25 + Tolerance(0.25));
        Assert.InRange(middle.PercentileHigh!.Value, 0.75 - Tolerance(0.75), 0.75 + Tolerance(0.75));
        Assert.Equal(BacktestVerdict.Inside50, middle.Verdict);
        Assert.Equal(Math.Log((middle.IntervalProbability.Successes + 0.5) / (Paths + 1.0)), middle.LogScore!.Value, 12);
        Assert.Null(middle.Crps);

        Assert.Equal(BacktestVerdict.ProjectionHigh, result.Facts[1].Verdict);
        Assert.Equal(0, result.Facts[1].Percentile);
        Assert.Equal(BacktestVerdict.ProjectionLow, result.Facts[2].Verdict);
        Assert.Equal(1, result.Facts[2].PercentileHigh);
        Assert.Equal(BacktestVerdict.Inside90, result.Facts[3].Verdict); // ≥ p90 meets the 90% band, not the 50% band
        Assert.Equal(2, result.Inside90);
        Assert.Equal(result.Facts.Sum(f => f.LogScore!.Value), result.LogScoreSum!.Value, 12);
        Assert.Null(result.RelativeCrpsSum);
    }

    [Fact]
    public void WeightedSumsAndCounts_AreComputedOnEveryPath()
    {
        // Two clusters without randomness: a = 100·1.1² = 121, b = 200·1.0² = 200 in 2025.
        var data = Dataset([Cluster("a", 100, trend: 0.1, volatility: 0, kind: RateKind.Arithmetic), Cluster("b", 200, trend: 0, volatility: 0, kind: RateKind.Arithmetic)]);
        var valueAdded = new ObservedQuantity(ObservedForm.Sum, [0, 1], [0.5, 0.25]);
        var count = new ObservedQuantity(ObservedForm.Count, [0, 1], [1, 1], countValue: 150);
        var scenario = Scenario(data with
        {
            Observations = [Fact("va", 0.5 * 121 + 0.25 * 200, quantity: valueAdded), Fact("count", 1, quantity: count), Fact("count-off", 2, quantity: count)],
        });
        var result = Run(scenario, paths: 100);
        Assert.Equal(110.5, result.Facts[0].Quantiles[2], 9);
        Assert.Equal(0.5, result.Facts[0].Percentile);          // every path equals the fact: the mid-percentile
        Assert.Equal(0, result.Facts[0].Crps!.Value, 9);
        Assert.Equal(BacktestVerdict.Inside50, result.Facts[0].Verdict);
        Assert.Equal(1, result.Facts[1].Quantiles[2]);
        Assert.Equal(BacktestVerdict.ProjectionLow, result.Facts[2].Verdict);
        Assert.Equal(1, result.Facts[2].Crps!.Value, 12);        // a point mass one away

        // Relative CRPS divides by the quantity's base-year value (known before the outcome): 0.5·100 + 0.25·200 = 100; 1 cluster ≥ 150.
        Assert.Equal((100.0, 1.0), (result.Facts[0].Scale!.Value, result.Facts[2].Scale!.Value));
        Assert.Equal(1.0, result.Facts[2].RelativeCrps!.Value, 12);
        Assert.Equal(1.0, result.RelativeCrpsSum!.Value, 12);
    }

    [Fact]
    public void OnlyFactsAfterTheBaseYearAndWithinTheHorizon_AreScored()
    {
        var scenario = WithFacts(Fact("history", 100, year: 2023), Fact("scored", 100, year: 2030), Fact("beyond", 100, year: 2036));
        Assert.Equal(["scored"], Run(scenario, paths: 10).Facts.Select(f => f.Observation.Id));
        Assert.Null(Backtester.Run(WithFacts(Fact("history", 100, year: 2023)), 7, 10));
    }

    [Fact]
    public void Backtest_IsTheSameAtAnyThreadCount_AndUsesTheRunsPaths()
    {
        var scenario = WithFacts(Fact("f", At(0.5)), Fact("g", atLeast: At(0.6)));
        var one = Run(scenario, threads: 1, paths: 5000);
        var three = Run(scenario, threads: 3, paths: 5000);
        Assert.Equal(one.Facts.Select(f => (f.Percentile, f.Crps, f.LogScore, f.Quantiles[2])), three.Facts.Select(f => (f.Percentile, f.Crps, f.LogScore, f.Quantiles[2])));

        // The same paths as a run: its median in 2025 is within one histogram bin of the backtest's.
        var run = Simulator.Run(scenario, Options(5000, seed: 7, threads: 2));
        double runMedian = run.Clusters[0].Years.Single(y => y.Year == 2025).Quantiles[3];
        Assert.InRange(one.Facts[0].Quantiles[2] / runMedian, 0.99, 1.01);
    }

    [Fact]
    public void Observation_RefusesAValueWithAnInterval_AndReversedEnds()
    {
        Assert.Throws<ArgumentException>(() => new Observation("x", "x", 2025, ClusterA, "scale", "", "E", "") { Value = 1, AtLeast = 0 }.Validated());
        Assert.Throws<ArgumentOutOfRangeException>(() => new Observation("x", "x", 2025, ClusterA, "scale", "", "E", "") { AtLeast = 5, AtMost = 4 }.Validated());
        Assert.Throws<ArgumentException>(() => new Observation("x", "x", 2025, ClusterA, "scale", "", "E", "").Validated());
        Assert.Throws<ArgumentOutOfRangeException>(() => new ObservedQuantity(ObservedForm.Sum, [0], [0]));
    }
}

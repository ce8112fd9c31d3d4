using Simulation.Engine.Model;
using Simulation.Engine.Statistics;
using static Simulation.Engine.Tests.TestScenarios;

namespace Simulation.Engine.Tests;

/// <summary>The accumulator on hand-made paths, where every statistic has a known answer.</summary>
public class ScenarioAccumulatorTests
{
    private static readonly Scenario OneCluster = Scenario(Dataset([Cluster("a", 100, 0, 0)]), thresholds: [150], horizon: 2025, milestones: [2025]);

    /// <summary>A path of one cluster whose value is <paramref name="v2024"/> in 2024 and <paramref name="v2025"/> in 2025.</summary>
    private static double[] Path(double v2024, double v2025) => [Math.Log(100), Math.Log(v2024), Math.Log(v2025)];

    [Fact]
    public void ToResult_HandMadePaths_ExactMeanSdAndThresholdCounts()
    {
        var acc = new ScenarioAccumulator(OneCluster);
        double[] values = [80, 120, 150, 200];
        foreach (double v in values)
        {
            acc.AddPath(Path(100, v), []);
        }

        var m = acc.ToResult(1, Simulator.QuantileLevels).Clusters[0].Milestones[0];
        Assert.Equal(137.5, m.Mean, 6); // fixed point 2⁻²⁴ of the base value per path
        double sd = Math.Sqrt(values.Sum(v => (v - 137.5) * (v - 137.5)) / 3);
        Assert.Equal(sd, m.Sd, 5);
        Assert.Equal(2, m.Thresholds[0].Probability.Successes); // 150 and 200 reach 150
    }

    [Fact]
    public void ToResult_Quantiles_WithinOneBinOfTheEmpiricalQuantile()
    {
        // 1,000 paths evenly spread over ln(V/V₀) ∈ [0, 1): the p-quantile is V₀·e^p, within one bin.
        var acc = new ScenarioAccumulator(OneCluster);
        for (int i = 0; i < 1000; i++)
        {
            double v = 100 * Math.Exp((i + 0.5) / 1000);
            acc.AddPath(Path(v, v), []);
        }

        var result = acc.ToResult(1, Simulator.QuantileLevels);
        for (int q = 0; q < result.QuantileLevels.Length; q++)
        {
            double expected = 100 * Math.Exp(result.QuantileLevels[q]);
            Assert.InRange(result.Clusters[0].Years[2].Quantiles[q] / expected, 1 / (1 + result.RelativeAccuracy), 1 + result.RelativeAccuracy);
        }

        // Quantiles never decrease with the level.
        var years = result.Clusters[0].Years[2].Quantiles;
        Assert.True(years.Zip(years.Skip(1)).All(p => p.First <= p.Second));
    }

    [Fact]
    public void AddPaths_FixedPointSums_EqualPathByPath128BitSums()
    {
        // Lane sums split q = qh·2²² + ql; the totals must equal Σq and Σq² path by path, including
        // the largest q (x = 2²⁰, q = 2⁴⁴), values clamped to it, zeros and a partial last batch.
        double[] relative = [1, 0, 1e-9, 0.5, 1048576, 3e6, double.PositiveInfinity, 1.234567, 777.125, 2.5e-8, 65536.3];
        var acc = new ScenarioAccumulator(OneCluster);
        var paths = relative.SelectMany(x => Path(100, 100 * x)).ToArray();
        acc.AddPaths(paths, relative.Length, []);

        UInt128 sum = 0, squares = 0;
        foreach (double logX in relative.Select(x => Math.Log(100 * x) - Math.Log(100)))
        {
            double x = Kernel.DetMath.Exp(logX);
            ulong q = (ulong)Math.Round(Math.Min(x, 1048576) * 16777216.0);
            sum += q;
            squares += (UInt128)q * q;
        }

        var state = acc.Export();
        Assert.Equal(sum, state.Sum[0]);
        Assert.Equal(squares, state.SumOfSquares[0]);
        // Outside the histogram (e⁻⁶ … e⁸): 0, 1e-9, 2.5e-8, 65536.3, 2²⁰, 3e6, ∞; clamped sums: 3e6, ∞.
        Assert.Equal(9, acc.OutOfRange);
    }

    [Fact]
    public void AddPath_OutsideTheHistogram_IsCountedAndClamped()
    {
        var acc = new ScenarioAccumulator(OneCluster);
        acc.AddPath(Path(100 * Math.Exp(-7), 100 * Math.Exp(9)), []);
        Assert.Equal(2, acc.OutOfRange);
        var years = acc.ToResult(1, Simulator.QuantileLevels).Clusters[0].Years;
        Assert.All(years[1].Quantiles, q => Assert.Equal(100 * Math.Exp(ScenarioAccumulator.LogLow), q, 9));
        Assert.All(years[2].Quantiles, q => Assert.Equal(100 * Math.Exp(ScenarioAccumulator.LogHigh), q, 9));
    }

    [Fact]
    public void Merge_PartsInAnyOrder_EqualsOneAccumulator()
    {
        var whole = new ScenarioAccumulator(OneCluster);
        var first = new ScenarioAccumulator(OneCluster);
        var second = new ScenarioAccumulator(OneCluster);
        for (int i = 0; i < 200; i++)
        {
            var path = Path(90 + i, 50 + (3 * i));
            whole.AddPath(path, []);
            (i % 3 == 0 ? first : second).AddPath(path, []);
        }

        second.Merge(first);
        Assert.Equal(Bits(whole.ToResult(1, Simulator.QuantileLevels)), Bits(second.ToResult(1, Simulator.QuantileLevels)));
    }

    [Fact]
    public void AddPaths_Buffered_EqualsOneByOne()
    {
        // 150 paths: 19 batches of eight, binned eight batches at a time, the last batch partial.
        var one = new ScenarioAccumulator(OneCluster);
        var many = new ScenarioAccumulator(OneCluster);
        var buffer = new List<double>();
        for (int i = 0; i < 150; i++)
        {
            var path = Path(100 + i, 100 + (2 * i));
            one.AddPath(path, []);
            buffer.AddRange(path);
        }

        many.AddPaths(buffer.ToArray(), 150, []);
        Assert.Equal(Bits(one.ToResult(1, Simulator.QuantileLevels)), Bits(many.ToResult(1, Simulator.QuantileLevels)));
    }
}

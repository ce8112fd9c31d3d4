using System.Collections.Immutable;
using Simulation.Engine;
using Simulation.Engine.Model;
using Simulation.Engine.Statistics;
using Simulation.Runner.Charts;

namespace Simulation.Runner.Tests.Charts;

public class SharedAxesTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(1.01, 1.2)]
    [InlineData(33_800, 40_000)]
    [InlineData(21_000, 25_000)]
    [InlineData(10_500, 12_000)]
    [InlineData(1_260, 1_500)]
    [InlineData(7.2, 8)]
    [InlineData(0.034, 0.04)]
    [InlineData(0, 1)]
    public void NiceCeiling_Value_SmallestRoundNumberAtLeastIt(double value, double expected) =>
        Assert.Equal(expected, SharedAxes.NiceCeiling(value), 9);

    [Fact]
    public void Symmetric_Values_CoverEveryValueAboutZero()
    {
        var range = SharedAxes.Symmetric([-5.7, 2.1, 0.3], 1);
        Assert.Equal(-8, range.Min);
        Assert.Equal(8, range.Max);
    }

    [Fact]
    public void Symmetric_TinyValues_AtLeastTheMinimum()
    {
        var range = SharedAxes.Symmetric([0.01, -0.02], 1);
        Assert.Equal(new AxisRange(-1.2, 1.2), range);
    }

    [Theory]
    [InlineData(8_500, 9_000)]     // top 9,000: 10,000 is within 1.25 × 9,000, pulled in; 10,500 → 12,000
    [InlineData(7_900, 8_400)]     // top 8,400: 10,000 > 1.25 × 8,400, not pulled in; 8,820 → 10,000 by rounding only
    [InlineData(30_000, 33_800)]   // above every threshold: 33,800 × 1.05 → 40,000
    public void ClusterValueLimits_HandMadeQuantiles_RoundedUpAndNearThresholdPulledIn(double p95Early, double p95Late)
    {
        var a = Result("a", p95Early, [5000, 10000, 20000]);
        var b = Result("b", p95Late, [5000, 10000, 20000]);
        var limits = SharedAxes.ClusterValueLimits([a, b], "c");
        double top = Math.Max(p95Early, p95Late);
        double reach = new[] { 5000.0, 10000, 20000 }.Where(t => t > top && t <= top * SharedAxes.ThresholdReach).DefaultIfEmpty(top).Max();
        Assert.Equal(new AxisRange(0, SharedAxes.NiceCeiling(reach * SharedAxes.Headroom)), limits);
        Assert.Equal(limits, SharedAxes.ClusterValueLimits([b, a], "c"));
    }

    [Fact]
    public void ClusterValueLimits_HandMade_GoldenValues()
    {
        Assert.Equal(new AxisRange(0, 12000), SharedAxes.ClusterValueLimits([Result("a", 8_500, [10000])], "c"));
        Assert.Equal(new AxisRange(0, 10000), SharedAxes.ClusterValueLimits([Result("a", 7_900, [10000])], "c"));
        Assert.Equal(new AxisRange(0, 1500), SharedAxes.ClusterValueLimits([Result("a", 1_260, [5000])], "c"));
    }

    [Fact]
    public void ClusterValueLimits_UnknownCluster_Throws() =>
        Assert.Throws<ArgumentException>(() => SharedAxes.ClusterValueLimits([Result("a", 100, [])], "no-such-cluster"));

    /// <summary>A one-cluster result whose 95th percentile rises linearly from 100 to <paramref name="p95"/> over 2023–2035.</summary>
    internal static ScenarioResult Result(string id, double p95, double[] thresholds)
    {
        var cluster = new Cluster("c", "Cluster", "集群", "g", 100, Distribution.Fixed(0.05), 0.1, RateKind.Logarithmic);
        var dataset = new Dataset("d", "d", 2023, new ValueUnit("CNY", 1e8, "CNY 100 million (亿元)"), "scale", "nominal", [cluster], CorrelationSpec.None, []);
        var scenario = new Scenario(id, id, "", dataset, Levers.None, 2035, [2035], [.. thresholds], []);
        var years = Enumerable.Range(2023, 13).Select(y =>
        {
            double top = 100 + ((p95 - 100) * (y - 2023) / 12);
            return new YearQuantiles(y, [.. Simulator.QuantileLevels.Select(l => 100 + ((top - 100) * l / 0.95))]);
        }).ToImmutableArray();
        return new ScenarioResult(scenario, 1000, 1, Simulator.QuantileLevels, 1e-4, [new ClusterResult("c", years, [])], [], 0);
    }
}

using System.Runtime.Intrinsics;
using Simulation.Engine.Kernel;
using Simulation.Engine.Model;
using static Simulation.Engine.Tests.TestScenarios;

namespace Simulation.Engine.Tests;

/// <summary>
/// The eight-lane kernel that runs use must give every lane exactly the bits of the scalar
/// reference kernel for the same path: every lever, event kind, sampler kind, ceiling, take-off
/// year and correlation factor, at batch starts that are not multiples of eight.
/// </summary>
public class BatchSimulatorTests
{
    private static readonly Dataset Rich = Dataset(
        [
            Cluster("a", 100, group: "x", trendDistribution: Distribution.Normal(0.05, 0.02)),
            Cluster("b", 300, group: "x", trendDistribution: Distribution.Pert(0.0, 0.04, 0.12)),
            Cluster("c", 50, -0.01, 0.05, trendDistribution: Distribution.Triangular(-0.05, 0.0, 0.06)),
            Cluster("d", 1000, 0.03, 0.08, RateKind.Arithmetic, trendDistribution: Distribution.Uniform(-0.02, 0.09)),
            Cluster("e", 20, 0.25, 0.3, ceiling: 90, trendDistribution: Distribution.LogNormalByValue(0.2, 0.1)),
            new Cluster("f", "f", "f", "y", 5, Distribution.ScaledBeta(2, 5, -0.02, 0.15), 0.2, RateKind.Arithmetic, 400, 2027),
        ],
        new CorrelationSpec(0.3, [new GroupCorrelation("x", 0.6)], []),
        [
            new EventSpec("crash", "crash", 0.15, 2024, 2031, ["a", "b", "f"], Distribution.Uniform(-0.3, -0.05), Distribution.Normal(-0.02, 0.01), 2),
            new EventSpec("boom", "boom", 0.3, null, null, ["d"], null, Distribution.Triangular(0, 0.01, 0.05), 3),
        ]);

    private static Levers Everything(double budget, double arrivals) => new(
        LeverTests.Subsidy(budget),
        [LeverTests.Park("p1"), LeverTests.Park("p2", 0.5, "a", 0.6), LeverTests.Park("p3", 0, "f", 0)],
        1,
        [new RevivalLever("r", "r", ["c", "f"], 2025, 0.5, Distribution.Normal(0.03, 0.01), 3)],
        new AttractionLever(2024, 2033, arrivals, [new ClusterWeight("a", 1), new ClusterWeight("d", 2), new ClusterWeight("e", 0.5)], Distribution.LogNormalByValue(10, 5), 2));

    public static TheoryData<string> Cases => ["none", "everything", "binding-budget", "many-arrivals", "perfect-correlation"];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Simulate_EveryLane_BitForBitTheScalarPath(string name)
    {
        var scenario = name switch
        {
            "none" => Scenario(Rich),
            "everything" => Scenario(Rich, Everything(1000, 1.5)),
            "binding-budget" => Scenario(Rich, Everything(3, 0.4)),
            "many-arrivals" => Scenario(Rich, Everything(10, 250)), // a Poisson mean ≥ 200 takes the scalar method per lane
            _ => Scenario(Dataset(Rich.Clusters, new CorrelationSpec(1, [], []), Rich.Events), Everything(10, 2)), // singular: the eigen factor
        };
        var plan = new CompiledScenario(scenario);
        var batch = new BatchSimulator(plan, 99);
        var scalar = new PathSimulator(plan, 99);
        var lanes = new Vector512<double>[batch.Stride];
        int mismatches = 0;
        foreach (long first in new long[] { 0, 3, 8, 1_000_003, 40_000_000_001 })
        {
            for (int repeat = 0; repeat < 6; repeat++)
            {
                long start = first + (repeat * 8);
                batch.Simulate(start, lanes);
                for (int lane = 0; lane < 8; lane++)
                {
                    scalar.Simulate(start + lane);
                    for (int i = 0; i < batch.Stride; i++)
                    {
                        if (BitConverter.DoubleToInt64Bits(lanes[i].GetElement(lane)) != BitConverter.DoubleToInt64Bits(scalar.LogValues[i]))
                        {
                            mismatches++;
                        }
                    }
                }
            }
        }

        Assert.Equal(0, mismatches);
    }

    [Fact]
    public void Simulate_LeversMoveValues_SoTheComparisonIsNotVacuous()
    {
        var plain = new PathSimulator(new CompiledScenario(Scenario(Rich)), 99);
        var levers = new PathSimulator(new CompiledScenario(Scenario(Rich, Everything(1000, 1.5))), 99);
        plain.Simulate(5);
        levers.Simulate(5);
        Assert.NotEqual(plain.LogValues, levers.LogValues);
    }

    [Fact]
    public void Compile_NegativeClusterWeight_Refused()
    {
        // A negative weight would make the attraction's cumulative shares fall, where the lanes'
        // count of shares passed and the scalar path's first share reached would disagree.
        var attraction = new AttractionLever(2024, 2030, 1, [new ClusterWeight("a", 1), new ClusterWeight("d", -0.5)], Distribution.Fixed(10), 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => new CompiledScenario(Scenario(Rich, Levers.None with { Attraction = attraction })));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1e-3)]
    [InlineData(0.5)]
    [InlineData(3)]
    [InlineData(57.5)]
    [InlineData(199.99)]
    [InlineData(200)]
    [InlineData(731)]
    public void PoissonQuantile_Lanes_EqualTheScalarQuantile(double mean)
    {
        var random = new Random(7);
        for (int i = 0; i < 2000; i++)
        {
            var p = Vector512.Create(Enumerable.Range(0, 8).Select(l => l switch
            {
                0 => 1e-300,
                1 => 1 - 1e-16,
                2 => 0.5,
                _ => random.NextDouble(),
            }).ToArray());
            var means = Vector512.Create(mean) * Vector512.Create(1.0, 1, 1, 1, 0.5, 2, 0, 1);
            var k = BatchSimulator.PoissonQuantile(means, p);
            for (int lane = 0; lane < 8; lane++)
            {
                Assert.Equal(PoissonDistribution.PoissonQuantile(means.GetElement(lane), p.GetElement(lane)), k.GetElement(lane));
            }
        }
    }

    [Theory]
    [InlineData(2.5, 3)]
    [InlineData(-2.5, -3)]
    [InlineData(2.4999999999999996, 2)]
    [InlineData(0.49999999999999994, 0)]
    [InlineData(-0.5, -1)]
    [InlineData(1e300, 1e300)]
    [InlineData(4503599627370497, 4503599627370497)]
    public void RoundAwayFromZero_MatchesMathRound(double x, double expected)
    {
        Assert.Equal(expected, Math.Round(x, MidpointRounding.AwayFromZero));
        Assert.Equal(expected, BatchSimulator.RoundAwayFromZero(Vector512.Create(x)).GetElement(3));
    }
}

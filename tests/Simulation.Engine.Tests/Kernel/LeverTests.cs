using Simulation.Engine.Kernel;
using Simulation.Engine.Model;
using static Simulation.Engine.Tests.TestScenarios;

namespace Simulation.Engine.Tests;

/// <summary>Path-by-path properties of the four levers (common random numbers make them exact).</summary>
public class LeverTests
{
    private static readonly Dataset Data = Dataset(
        [Cluster("a", 100, group: "x"), Cluster("b", 300, group: "x"), Cluster("c", 50, -0.01, 0.05), Cluster("d", 1000, 0.03, 0.08, RateKind.Arithmetic)],
        new CorrelationSpec(0.3, [], []),
        [new EventSpec("e", "e", 0.2, null, null, ["a"], Distribution.Uniform(-0.2, -0.05), null, 1)]);

    public static SubsidyLever Subsidy(double budget, double rate = 0.1, double cap = 1) => new(2024, 2030, YearSchedule.Constant(budget), rate, cap, 5, 40,
        [new ClusterWeight("a", 1), new ClusterWeight("b", 2)], Distribution.LogNormalByValue(12, 10), Distribution.Pert(1, 3, 6),
        Distribution.Triangular(0.8, 1.2, 2.0), 3);

    public static ParkLever Park(string id = "p", double cancellation = 0.2, string cluster = "b", double displacement = 0.3) =>
        new(id, id, [new ClusterWeight(cluster, 1)], 2, 2024, Distribution.Triangular(1, 2, 4), cancellation, Distribution.Uniform(2, 5),
            Distribution.LogNormalByValue(20, 8), Distribution.Fixed(displacement));

    public static Levers AllLevers(double budget) => new(
        Subsidy(budget),
        [Park()],
        0,
        [new RevivalLever("r", "r", ["c"], 2025, 0.5, Distribution.Normal(0.03, 0.01), 3)],
        new AttractionLever(2024, 2035, 1.5, [new ClusterWeight("a", 1), new ClusterWeight("d", 1)], Distribution.LogNormalByValue(10, 5), 2));

    [Fact]
    public void Simulate_LeversAtZero_ExactlyTheResultWithoutThem()
    {
        var zero = new Levers(
            Subsidy(0),
            [Park(cancellation: 1)],
            0,
            [new RevivalLever("r", "r", ["c"], 2025, 0, Distribution.Normal(0.03, 0.01), 3)],
            new AttractionLever(2024, 2035, 0, [new ClusterWeight("a", 1)], Distribution.Fixed(10), 2));
        AssertSamePaths(Scenario(Data), Scenario(Data, zero), 500);
    }

    [Fact]
    public void Simulate_MoreSubsidyBudget_NeverLowersAnyPathValue()
    {
        var budgets = new[] { 0.0, 2, 5, 10, 40, 1000 };
        var sims = budgets.Select(b => new PathSimulator(new CompiledScenario(Scenario(Data, Levers.None with { Subsidy = Subsidy(b) })), 5)).ToArray();
        bool someIncrease = false;
        for (long path = 0; path < 500; path++)
        {
            for (int i = 0; i < sims.Length; i++)
            {
                sims[i].Simulate(path);
            }

            for (int i = 1; i < sims.Length; i++)
            {
                for (int k = 0; k < sims[i].LogValues.Length; k++)
                {
                    Assert.True(sims[i].LogValues[k] >= sims[i - 1].LogValues[k], $"path {path}, budget {budgets[i]}, cell {k}");
                    someIncrease |= sims[i].LogValues[k] > sims[i - 1].LogValues[k];
                }
            }
        }

        Assert.True(someIncrease);
    }

    [Fact]
    public void Simulate_HigherRateOrCapWithSlackBudget_NeverLowersAnyPathValue()
    {
        // A budget that does not bind pays every claim: a higher rate or cap pays more, so output can only rise.
        const double budget = 1000;
        var levers = new[] { Subsidy(budget, 0.05, 0.5), Subsidy(budget, 0.1, 0.5), Subsidy(budget, 0.1, 1), Subsidy(budget, 0.2, 2) };
        var sims = levers.Select(l => new PathSimulator(new CompiledScenario(Scenario(Data, Levers.None with { Subsidy = l })), 5)).ToArray();
        for (long path = 0; path < 300; path++)
        {
            foreach (var sim in sims)
            {
                sim.Simulate(path);
            }

            for (int i = 1; i < sims.Length; i++)
            {
                for (int k = 0; k < sims[i].LogValues.Length; k++)
                {
                    Assert.True(sims[i].LogValues[k] >= sims[i - 1].LogValues[k], $"path {path}, lever {i}, cell {k}");
                }
            }
        }
    }

    [Fact]
    public void Simulate_BindingBudget_PaysTheBudgetWhateverTheRate()
    {
        // When claims exceed the budget the money paid is the budget: a higher rate only shares it
        // out differently among clusters (so one cluster may gain and another lose).
        var low = new PathSimulator(new CompiledScenario(Scenario(Data, Levers.None with { Subsidy = Subsidy(2, 0.1, 1) })), 5);
        var high = new PathSimulator(new CompiledScenario(Scenario(Data, Levers.None with { Subsidy = Subsidy(2, 0.2, 2) })), 5);
        for (long path = 0; path < 200; path++)
        {
            low.Simulate(path);
            high.Simulate(path);
            for (int t = 0; t < low.SubsidyPaid!.Length; t++)
            {
                if (low.SubsidyPaid[t] >= 2 * (1 - 1e-12))
                {
                    Assert.Equal(low.SubsidyPaid[t], high.SubsidyPaid![t], 9);
                }
            }
        }
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(5.0)]
    [InlineData(12.5)]
    public void Simulate_BudgetCap_PaidNeverExceedsBudget(double budget)
    {
        var sim = new PathSimulator(new CompiledScenario(Scenario(Data, Levers.None with { Subsidy = Subsidy(budget) })), 3);
        bool binds = false;
        for (long path = 0; path < 300; path++)
        {
            sim.Simulate(path);
            foreach (double paid in sim.SubsidyPaid!)
            {
                Assert.True(paid <= budget * (1 + 1e-12), $"paid {paid} > budget {budget}");
                binds |= paid >= budget * (1 - 1e-9);
            }
        }

        Assert.True(binds, "the budget should bind on some path at these levels");
    }

    [Fact]
    public void Simulate_CancelledPark_AddsNothing()
    {
        AssertSamePaths(Scenario(Data), Scenario(Data, Levers.None with { Parks = [Park(cancellation: 1)] }), 300);
    }

    [Fact]
    public void Simulate_FullDisplacement_AddsNothing()
    {
        AssertSamePaths(Scenario(Data), Scenario(Data, Levers.None with { Parks = [Park(cancellation: 0, displacement: 1)] }), 300);
    }

    [Fact]
    public void Simulate_Park_AddsAreaTimesDensityLessDisplacement()
    {
        // Deterministic cluster (no growth, no shocks): V_T = V₀ + area × density × (1 − displacement) once ramped.
        var data = Dataset([Cluster("a", 100, 0, 0)]);
        var park = new ParkLever("p", "p", [new ClusterWeight("a", 1)], 3, 2024, Distribution.Fixed(2), 0, Distribution.Fixed(4),
            Distribution.Fixed(10), Distribution.Fixed(0.4));
        var sim = new PathSimulator(new CompiledScenario(Scenario(data, Levers.None with { Parks = [park] })), 1);
        sim.Simulate(0);
        double V(int year) => Math.Exp(sim.LogValues[year - BaseYear]);

        // Opens in 2026, ramps over 4 years (2026..2029) by 3 × 10 × 0.6 / 4 = 4.5 a year.
        Assert.Equal(100, V(2025), 9);
        Assert.Equal(104.5, V(2026), 9);
        Assert.Equal(118, V(2029), 9);
        Assert.Equal(118, V(2035), 9);
    }

    [Fact]
    public void Simulate_ParkDelay_ShiftsOpening()
    {
        var data = Dataset([Cluster("a", 100, 0, 0)]);
        var park = new ParkLever("p", "p", [new ClusterWeight("a", 1)], 1, 2024, Distribution.Fixed(1), 0, Distribution.Fixed(1),
            Distribution.Fixed(10), Distribution.Fixed(0));
        var sim = new PathSimulator(new CompiledScenario(Scenario(data, Levers.None with { Parks = [park], ParkDelayYears = 3 })), 1);
        sim.Simulate(0);
        Assert.Equal(Math.Log(100), sim.LogValues[2027 - BaseYear], 12);
        Assert.Equal(Math.Log(110), sim.LogValues[2028 - BaseYear], 12);
    }

    [Fact]
    public void Simulate_Revival_ShiftsGrowthOnlyWhereItSucceeds()
    {
        var data = Dataset([Cluster("c", 100, 0, 0)]);
        var revival = new RevivalLever("r", "r", ["c"], 2024, 1, Distribution.Fixed(0.02), 2);
        var sim = new PathSimulator(new CompiledScenario(Scenario(data, Levers.None with { Revivals = [revival] })), 1);
        sim.Simulate(0);

        // Phased in: half the uplift in 2024, all of it from 2025.
        Assert.Equal(Math.Log(100) + 0.01, sim.LogValues[1], 12);
        Assert.Equal(Math.Log(100) + 0.01 + (0.02 * 11), sim.LogValues[12], 12);
    }

    [Fact]
    public void Simulate_AddingALever_LeavesOtherComponentsUnchanged()
    {
        // Common random numbers: a park serving only b leaves a, c and d path-by-path identical.
        var plain = new PathSimulator(new CompiledScenario(Scenario(Data)), 11);
        var withPark = new PathSimulator(new CompiledScenario(Scenario(Data, Levers.None with { Parks = [Park(cancellation: 0)] })), 11);
        bool bChanged = false;
        for (long path = 0; path < 300; path++)
        {
            plain.Simulate(path);
            withPark.Simulate(path);
            for (int k = 0; k < plain.LogValues.Length; k++)
            {
                if (k % 4 == 1)
                {
                    bChanged |= plain.LogValues[k] != withPark.LogValues[k];
                }
                else
                {
                    Assert.Equal(plain.LogValues[k], withPark.LogValues[k]);
                }
            }
        }

        Assert.True(bChanged);
    }

    private static void AssertSamePaths(Scenario a, Scenario b, int paths)
    {
        var simA = new PathSimulator(new CompiledScenario(a), 9);
        var simB = new PathSimulator(new CompiledScenario(b), 9);
        for (long path = 0; path < paths; path++)
        {
            simA.Simulate(path);
            simB.Simulate(path);
            Assert.Equal(simA.LogValues, simB.LogValues);
        }

        Assert.Equal(Bits(Simulator.Run(a, Options(paths))), Bits(Simulator.Run(b, Options(paths))));
    }
}

using MathNet.Numerics.Distributions;
using Simulation.Engine.Kernel;
using Simulation.Engine.Model;
using static Simulation.Engine.Tests.TestScenarios;

namespace Simulation.Engine.Tests;

public class PathSimulatorTests
{
    [Fact]
    public void Simulate_CorrelatedShocks_MatchConfiguredMatrixWithinSamplingError()
    {
        // One-year log-returns are σ·e with e the correlated shocks; their sample correlation has
        // standard error ≈ (1 − ρ²)/√n, so each pair must be within 4 of those.
        var correlation = new CorrelationSpec(0.2, [new GroupCorrelation("x", 0.7)], [new PairCorrelation("a", "d", -0.3)]);
        var clusters = new[] { Cluster("a", group: "x"), Cluster("b", group: "x"), Cluster("c", group: "x"), Cluster("d", group: "y") };
        var plan = new CompiledScenario(Scenario(Dataset(clusters, correlation)));
        var expected = correlation.BuildMatrix(clusters);
        var sim = new PathSimulator(plan, 17);
        const int paths = 20_000;
        var r = new double[paths, 4];
        for (int p = 0; p < paths; p++)
        {
            sim.Simulate(p);
            for (int c = 0; c < 4; c++)
            {
                r[p, c] = sim.LogValues[4 + c] - sim.LogValues[c];
            }
        }

        for (int i = 0; i < 4; i++)
        {
            for (int j = i + 1; j < 4; j++)
            {
                var x = Enumerable.Range(0, paths).Select(p => r[p, i]).ToArray();
                var y = Enumerable.Range(0, paths).Select(p => r[p, j]).ToArray();
                double rho = MathNet.Numerics.Statistics.Correlation.Pearson(x, y);
                double se = (1 - (expected[i, j] * expected[i, j])) / Math.Sqrt(paths);
                Assert.InRange(rho, expected[i, j] - (4 * se), expected[i, j] + (4 * se));
            }
        }
    }

    [Fact]
    public void CompiledScenario_NonPsdCorrelation_NeverReachesTheKernel()
    {
        var clusters = new[] { Cluster("a"), Cluster("b"), Cluster("c") };
        var correlation = new CorrelationSpec(-0.9, [], []);
        Assert.Throws<ArgumentException>(() => new CompiledScenario(Scenario(Dataset(clusters, correlation))));
    }

    [Fact]
    public void CompiledScenario_SingularButPsdCorrelation_IsFactored()
    {
        // Perfectly correlated clusters: PSD with a zero eigenvalue; Cholesky fails, the eigen factor works.
        var clusters = new[] { Cluster("a"), Cluster("b") };
        var plan = new CompiledScenario(Scenario(Dataset(clusters, new CorrelationSpec(1, [], []))));
        var sim = new PathSimulator(plan, 1);
        sim.Simulate(0);
        // The eigen factor is accurate to about √ε of the correlation, so the two shocks agree to ~1e-8.
        Assert.Equal(sim.LogValues[2] - sim.LogValues[0], sim.LogValues[3] - sim.LogValues[1], 6);
    }

    [Fact]
    public void Simulate_Event_FiresAtItsProbabilityWithinItsWindow()
    {
        // No growth, no shocks: a path's value changes in a year only when the event fires there.
        const double probability = 0.3;
        const int paths = 20_000;
        var ev = new EventSpec("e", "e", probability, 2026, 2030, ["a"], Distribution.Fixed(-0.25), null, 1);
        var sim = new PathSimulator(new CompiledScenario(Scenario(Dataset([Cluster("a", 100, 0, 0)], events: [ev]))), 3);
        var fired = new int[13];
        for (int p = 0; p < paths; p++)
        {
            sim.Simulate(p);
            for (int t = 1; t <= 12; t++)
            {
                double step = sim.LogValues[t] - sim.LogValues[t - 1];
                if (step != 0)
                {
                    // A level shock multiplies the value by exactly 1 + x.
                    Assert.Equal(Math.Log(0.75), step, 12);
                    fired[t]++;
                }
            }
        }

        double se = Math.Sqrt(probability * (1 - probability) / paths);
        for (int t = 1; t <= 12; t++)
        {
            int year = BaseYear + t;
            if (year is < 2026 or > 2030)
            {
                Assert.Equal(0, fired[t]);
            }
            else
            {
                Assert.InRange((double)fired[t] / paths, probability - (4 * se), probability + (4 * se));
            }
        }
    }

    [Fact]
    public void Simulate_EventGrowthShift_LastsItsDuration()
    {
        var ev = new EventSpec("e", "e", 1, 2030, 2030, ["a"], null, Distribution.Fixed(-0.05), 3);
        var sim = new PathSimulator(new CompiledScenario(Scenario(Dataset([Cluster("a", 100, 0, 0)], events: [ev]))), 3);
        sim.Simulate(0);
        var steps = Enumerable.Range(1, 12).Select(t => Math.Round(sim.LogValues[t] - sim.LogValues[t - 1], 12)).ToArray();
        Assert.Equal(new[] { 0, 0, 0, 0, 0, 0, -0.05, -0.05, -0.05, 0, 0, 0 }, steps);
    }

    [Fact]
    public void Simulate_Ceiling_KeepsMedianBelowIt()
    {
        var sim = new PathSimulator(new CompiledScenario(Scenario(Dataset([Cluster("a", 10, 0.5, 0.01, ceiling: 100)]))), 3);
        sim.Simulate(0);
        Assert.InRange(Math.Exp(sim.LogValues[12]), 80, 105);
    }

    [Fact]
    public void Simulate_ParameterDrawsFollowTheirDistribution()
    {
        // The trend drawn per path, seen through a σ = 0 cluster's first step, is N(0.05, 0.02²): KS test.
        var cluster = Cluster("a", 100, volatility: 0, trendDistribution: Distribution.Normal(0.05, 0.02));
        var sim = new PathSimulator(new CompiledScenario(Scenario(Dataset([cluster]))), 8);
        const int paths = 20_000;
        var draws = new double[paths];
        for (int p = 0; p < paths; p++)
        {
            sim.Simulate(p);
            draws[p] = sim.LogValues[1] - sim.LogValues[0];
        }

        Array.Sort(draws);
        double d = 0;
        for (int i = 0; i < paths; i++)
        {
            double f = Normal.CDF(0.05, 0.02, draws[i]);
            d = Math.Max(d, Math.Max(f - ((double)i / paths), ((i + 1.0) / paths) - f));
        }

        Assert.True(d < 1.63 / Math.Sqrt(paths), $"KS D = {d}"); // α = 0.01
    }
}

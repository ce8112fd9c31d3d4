using MathNet.Numerics.Distributions;
using Simulation.Engine.Analysis;
using Simulation.Engine.Model;
using Simulation.Engine.Statistics;
using static Simulation.Engine.Tests.TestScenarios;

namespace Simulation.Engine.Tests.Analysis;

/// <summary>Goal seeking with common random numbers, against a closed form and on made-up probability curves.</summary>
public class GoalSeekTests
{
    private const double V0 = 100, Sigma = 0.1, Mu = 0.03, Threshold = 150;
    private const int Years = 12; // 2023 → 2035

    /// <summary>One log-normal cluster whose trend the lever shifts by v: ln V₂₀₃₅ ~ N(ln V₀ + 12(μ + v), 12σ²).</summary>
    private static Scenario Shifted(double v) => Scenario(
        Dataset([Cluster("a", V0, trend: Mu + v, volatility: Sigma)]),
        targets: [new Target("reach", "a ≥ 150 in 2035", 2035, new ClusterAtLeast(0, Threshold))]);

    private static GoalSeekSpec Spec(double level, double from = -0.05, double to = 0.05, SeekDirection seek = SeekDirection.Smallest, bool whole = false,
        double tolerance = 0.0005, bool share = false) =>
        new("g", "s", "clusters.a.trend", "reach", level, share, from, to, tolerance, seek, whole, null, Shifted);

    private static Proportion Probability(Scenario scenario) => Simulator.Run(scenario, Options(20_000, seed: 5, threads: 2)).Targets[0].Probability;

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void LogNormalCluster_TheValueIsTheClosedForm_WithinItsInterval(double p)
    {
        // P(V_T ≥ x) = p  ⇔  v = (ln(x/V₀) − z₁₋ₚ σ √T)/T − μ.
        double expected = ((Math.Log(Threshold / V0) - (Normal.InvCDF(0, 1, 1 - p) * Sigma * Math.Sqrt(Years))) / Years) - Mu;
        var result = GoalSeeker.Seek(Spec(p), v => Probability(Shifted(v)));
        Assert.Equal(GoalSeekOutcome.Found, result.Outcome);
        Assert.True(result.ValueLow <= expected && expected <= result.ValueHigh,
            $"closed form {expected:F5} outside [{result.ValueLow:F5}, {result.ValueHigh:F5}] around {result.Value:F5}");
        Assert.True(result.ValueHigh - result.ValueLow < 0.004, $"interval [{result.ValueLow}, {result.ValueHigh}] too wide to test anything");
        Assert.True(result.AtValue!.Probability.Estimate >= p);
        Assert.Null(result.NotMonotone);
        Assert.InRange(result.Evaluations.Length, 3, GoalSeeker.MostEvaluations(result.Spec));

        // Bisection to the tolerance: the value just below the answer does not reach the level.
        var below = result.Evaluations.Where(e => e.Value < result.Value).MaxBy(e => e.Value)!;
        Assert.True(below.Probability.Estimate < p);
        Assert.True(result.Value - below.Value <= 0.0005 + 1e-12);
    }

    [Fact]
    public void Evaluations_AreCommonRandomNumbers_TheSameValueGivesTheSameProbability()
    {
        var first = GoalSeeker.Seek(Spec(0.5), v => Probability(Shifted(v)));
        var second = GoalSeeker.Seek(Spec(0.5), v => Probability(Shifted(v)));
        Assert.Equal(first.Evaluations.Select(e => (e.Value, e.Probability.Successes)), second.Evaluations.Select(e => (e.Value, e.Probability.Successes)));
    }

    /// <summary>A made-up probability curve over 1,000 paths, counting the calls.</summary>
    private static Func<double, Proportion> Curve(Func<double, double> p, List<double>? calls = null) => v =>
    {
        calls?.Add(v);
        return new Proportion((long)Math.Round(1000 * Math.Clamp(p(v), 0, 1)), 1000);
    };

    [Fact]
    public void LevelBeyondTheRange_IsUnreachable_WithTheBestProbabilityAndWhere()
    {
        var result = GoalSeeker.Seek(Spec(0.95, 0, 200, tolerance: 1), Curve(v => 0.896 + (v / 10_000)));
        Assert.Equal(GoalSeekOutcome.Unreachable, result.Outcome);
        Assert.Null(result.Value);
        Assert.Equal(200, result.Best.Value);
        Assert.Equal(0.916, result.Best.Probability.Estimate, 1e-12);
    }

    [Fact]
    public void LevelMetAtTheStartOfTheRange_IsThatEnd()
    {
        var result = GoalSeeker.Seek(Spec(0.5, 0, 200, tolerance: 1), Curve(v => 0.896 + (v / 10_000)));
        Assert.Equal(GoalSeekOutcome.AtRangeEnd, result.Outcome);
        Assert.Equal(0, result.Value);
    }

    [Fact]
    public void Largest_ForALeverThatLowersTheChance_OnWholeNumbers()
    {
        // P falls by 0.1 a year of delay from 0.8: it is at least 0.45 up to a delay of 3 (0.5) and not at 4 (0.4).
        var calls = new List<double>();
        var result = GoalSeeker.Seek(Spec(0.45, 0, 10, SeekDirection.Largest, whole: true), Curve(v => 0.8 - (0.1 * v), calls));
        Assert.Equal(3, result.Value);
        Assert.All(calls, v => Assert.Equal(Math.Round(v), v));
        Assert.Contains(result.Evaluations, e => e.Value == 4 && e.Probability.Estimate < 0.45);
        Assert.InRange(calls.Count, 3, GoalSeeker.MostEvaluations(result.Spec));
    }

    [Fact]
    public void ShareOfCurrent_SeeksThatShareOfTheScenariosOwnProbability()
    {
        var result = GoalSeeker.Seek(Spec(0.5, 0, 10, SeekDirection.Largest, whole: true, share: true), Curve(v => 0.8 - (0.1 * v)), new Proportion(800, 1000));
        Assert.Equal(0.4, result.Level, 1e-12);
        Assert.Equal(4, result.Value);
    }

    [Fact]
    public void ProbabilityThatGoesTheWrongWay_IsSaid()
    {
        // Rises overall but bumps up to 0.7 between 0.2 and 0.3: the bisection tries 0.25 (0.7) after 0.5 (0.5), sees P fall, and says so.
        var result = GoalSeeker.Seek(Spec(0.5, 0, 1, tolerance: 0.01), Curve(v => v is >= 0.2 and < 0.3 ? 0.7 : v));
        var (lower, higher) = result.NotMonotone!.Value;
        Assert.Equal((0.25, 0.7), (lower.Value, lower.Probability.Estimate));
        Assert.Equal((0.5, 0.5), (higher.Value, higher.Probability.Estimate));
    }

    [Fact]
    public void SeekGoals_RunsOnTheStudysPaths_TheCurrentValueGivesTheRunsOwnProbability()
    {
        // The study runs the lever at 0.01; a run to a precision decided 3,000 paths (not a whole block).
        var study = Study([Shifted(0.01)], Options(3_000, seed: 5, threads: 2)) with { GoalSeeks = [Spec(0.9, from: 0.01, to: 0.05)] };
        var main = Simulator.Run(study);

        var sought = Simulator.SeekGoals(main);

        var answer = Assert.Single(sought.GoalSeeks);
        Assert.Equal(main.Scenarios[0].Targets[0].Probability, answer.Current);
        Assert.Equal(main.Scenarios[0].Targets[0].Probability, answer.Evaluations.Single(e => e.Value == 0.01).Probability);
        Assert.All(answer.Evaluations, e => Assert.Equal(3_000, e.Probability.Trials));
        Assert.Equal(GoalSeekOutcome.Found, answer.Outcome);
    }

    [Fact]
    public void ToleranceFinerThanTheDoubles_StopsWhenNoNumberIsLeftBetween()
    {
        // A step at 0.3: with a tolerance of 1e-300 the bisection runs out of doubles between its bracket, and must stop there.
        var result = GoalSeeker.Seek(Spec(0.5, from: 0, to: 1, tolerance: 1e-300), v => new Proportion(v >= 0.3 ? 700 : 300, 1000));
        Assert.Equal(GoalSeekOutcome.Found, result.Outcome);
        Assert.Equal(0.3, result.Value!.Value, 12);
        Assert.InRange(result.Evaluations.Length, 3, 3 * 1100);
    }

    [Fact]
    public void BothEnds_AreAlwaysTried_SoAWrongDirectionShows()
    {
        // P rises with the value but the largest value is sought: the start (`to`) reaches the level, `from` does not.
        var result = GoalSeeker.Seek(Spec(0.6, from: 0, to: 1, seek: SeekDirection.Largest), v => new Proportion((long)(1000 * (0.5 + (0.2 * v))), 1000));
        Assert.Equal(GoalSeekOutcome.AtRangeEnd, result.Outcome);
        Assert.Equal([0.0, 1.0], result.Evaluations.Select(e => e.Value));
        Assert.True(result.EndsReversed);
        Assert.False(result.ReachedAtBothEnds);
    }

    [Fact]
    public void TheAnswersInterval_IsTheOuterEndsOfItsBrackets()
    {
        // P = v on 1,000 paths: Wilson upper ≥ 0.5 from about 0.469, lower from about 0.531; the interval holds those crossings.
        var result = GoalSeeker.Seek(Spec(0.5, from: 0, to: 1, tolerance: 0.01), v => new Proportion((long)Math.Round(1000 * v), 1000));
        Assert.True(result.ValueLow <= 0.469 && result.ValueLow > 0.469 - 0.011, $"low {result.ValueLow}");
        Assert.True(result.ValueHigh >= 0.531 && result.ValueHigh < 0.531 + 0.011, $"high {result.ValueHigh}");
        var upperAtLow = result.Evaluations.Single(e => e.Value == result.ValueLow).Probability.Upper;
        Assert.True(upperAtLow < 0.5); // the low end is the last value tried whose interval does not yet reach the level
    }

    [Fact]
    public void EmptyOrReversedRange_IsRefused() =>
        Assert.Throws<ArgumentException>(() => GoalSeeker.Seek(Spec(0.5, 1, 1), Curve(v => v)));
}

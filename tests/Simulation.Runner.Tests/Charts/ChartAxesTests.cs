using System.Collections.Immutable;
using Simulation.Engine.Model;
using Simulation.Engine.Statistics;
using Simulation.Runner.Charts;
using Simulation.Runner.Reports;

namespace Simulation.Runner.Tests.Charts;

/// <summary>
/// The choices that decide what the probability, difference and overlay charts show (issue #17 items 8
/// and 9): axes from the data, panels where scales differ, series kept apart, thresholds only where
/// counted, labels as the tables write them. Pure functions and data records: no pixels.
/// </summary>
public class ChartAxesTests
{
    private static PercentInterval P(double estimate, double halfWidth = 0.2) =>
        new(estimate, Math.Max(0, estimate - halfWidth), Math.Min(100, estimate + halfWidth));

    [Fact]
    public void ProbabilityRange_HighProbabilities_CutAxisFromTheDataNotZeroToHundred()
    {
        // The standard study's leader-total-2035: 71.5% (adverse world) to 91.3% (full plan).
        var axis = SharedAxes.ProbabilityRange([P(88.8), P(88.4), P(91.3), P(71.5)]);

        Assert.False(axis.FromZero);
        Assert.True(axis.Min <= 71.3 && axis.Min >= 60, $"min {axis.Min}");
        Assert.True(axis.Max >= 91.5 && axis.Max <= 100, $"max {axis.Max}");
        Assert.Equal(65, axis.Min);
        Assert.Equal(95, axis.Max);
        Assert.Equal(5, axis.Step);
    }

    [Fact]
    public void ProbabilityRange_SmallProbabilities_FromZeroAtLeastTheMinimumSpan()
    {
        // 0.1% to 0.8% with narrow intervals: a 2 pp window from zero, not 0–100% (where they read flat) nor 0.1–0.8% (noise blown up).
        var axis = SharedAxes.ProbabilityRange([P(0.61, 0.03), P(0.11, 0.02), P(0.84, 0.04)]);

        Assert.True(axis.FromZero);
        Assert.True(axis.Max - axis.Min >= SharedAxes.MinimumProbabilitySpan);
        Assert.True(axis.Max <= 3, $"max {axis.Max}");
    }

    [Fact]
    public void ProbabilityRange_EqualWithinNoise_NotBlownUpToFullHeight()
    {
        // 50.0% and 50.3% with ±1.5 pp intervals (few paths): the window spans at least NoiseSpan interval widths.
        var axis = SharedAxes.ProbabilityRange([P(50, 1.5), P(50.3, 1.5)]);

        Assert.True(axis.Max - axis.Min >= SharedAxes.NoiseSpan * 3, $"{axis.Min}–{axis.Max}");
        Assert.InRange(axis.Min, 0, 50);
        Assert.InRange(axis.Max, 50.3, 100);
    }

    [Theory]
    [InlineData(99.9, 99.95)]
    [InlineData(0, 0.001)]
    public void ProbabilityRange_AtTheEnds_StaysWithinZeroToHundred(double a, double b)
    {
        var axis = SharedAxes.ProbabilityRange([P(a, 0.01), P(b, 0.01)]);

        Assert.InRange(axis.Min, 0, a);
        Assert.InRange(axis.Max, b, 100);
        Assert.All(axis.Ticks(), t => Assert.InRange(t, 0, 100));
    }

    [Fact]
    public void TickedRange_Ticks_EveryStepWithOneNumberOfDecimals()
    {
        var axis = new TickedRange(0, 2.5, 0.5);

        Assert.Equal([0, 0.5, 1, 1.5, 2, 2.5], axis.Ticks());
        Assert.Equal(1, axis.Decimals);
        Assert.Equal(["0.0%", "0.5%", "1.0%", "1.5%", "2.0%", "2.5%"], axis.Ticks().Select(t => ChartText.PercentTick(t, axis.Decimals)));
        Assert.Equal(["−1.0 pp", "0.0 pp", "+1.0 pp"], new[] { -1.0, 0, 1 }.Select(t => ChartText.PercentagePointsTick(t, 1)));
        Assert.Equal(2, new TickedRange(0, 1, 0.25).Decimals);
        Assert.Equal(0, new TickedRange(60, 100, 5).Decimals);
    }

    [Fact]
    public void DifferenceRange_AllNegative_ZeroStillInside()
    {
        var axis = SharedAxes.DifferenceRange([D("adverse", -17.3, 0.15), D("adverse", -0.5, 0.03)]);

        Assert.InRange(0, axis.Min, axis.Max);
        Assert.True(axis.Min <= -17.45);
        Assert.True(axis.Max <= 5, $"max {axis.Max}: an all-negative panel is not mirrored");
    }

    [Fact]
    public void DifferenceRange_AllZero_AtLeastTheMinimumSpan()
    {
        var axis = SharedAxes.DifferenceRange([D("revival", 0, 0), D("revival", 0, 0)]);

        Assert.True(axis.Max - axis.Min >= SharedAxes.MinimumDifferenceSpan);
        Assert.InRange(0, axis.Min, axis.Max);
    }

    [Fact]
    public void Facets_ScalesDifferByMoreThanTheRatio_SeparatePanels()
    {
        // The standard study: no-subsidy, double-subsidy, parks on schedule, parks delayed, revival, adverse world, full plan.
        double[] sizes = [0.39, 0.34, 1.11, 2.02, 0.0018, 17.4, 2.6];

        var groups = SharedAxes.Facets(sizes, SharedAxes.MinimumDifferenceSpan / 2);

        Assert.Equal([[0, 1, 2, 4], [3, 6], [5]], groups.Select(g => g.ToArray()));
        foreach (var g in groups)
        {
            var s = g.Select(i => Math.Max(0.5, sizes[i])).ToList();
            Assert.True(s.Max() <= SharedAxes.FacetRatio * s.Min());
        }
    }

    [Fact]
    public void Facets_SimilarScales_OnePanel() =>
        Assert.Single(SharedAxes.Facets([0.3, 0.42, 0.05, 0.9], 0.5));

    [Fact]
    public void PairedDifferenceData_AdverseWorldFarLarger_OwnPanelSoSmallEffectsAreNotSquashed()
    {
        var data = new PairedDifferenceData("s", "baseline", ["baseline", "policy", "adverse"],
        [
            new TargetDifferences("t1", "T1", 2035, [D("policy", 0.5, 0.05), D("adverse", -17.3, 0.2)]),
            new TargetDifferences("t2", "T2", 2035, [D("policy", 0.2, 0.05), D("adverse", -0.5, 0.05)]),
        ]);

        var panels = data.Panels;

        Assert.Equal(2, panels.Length);
        Assert.Equal(["policy"], panels[0].ScenarioIds.ToArray());
        Assert.Equal(["adverse"], panels[1].ScenarioIds.ToArray());
        Assert.True(panels[0].Axis.Max - panels[0].Axis.Min <= 2, $"the policy's panel spans {panels[0].Axis.Min} to {panels[0].Axis.Max}");
        Assert.True(panels[1].Axis.Min <= -17.5);
    }

    [Fact]
    public void TargetProbabilities_Axis_FromItsOwnScenarios()
    {
        var high = new TargetProbabilities("t", "T", 2035, [new ScenarioProbability("a", P(88.8)), new ScenarioProbability("b", P(71.5))]);
        var low = new TargetProbabilities("u", "U", 2035, [new ScenarioProbability("a", P(0.6, 0.03)), new ScenarioProbability("b", P(0.1, 0.02))]);

        Assert.False(high.Axis.FromZero);
        Assert.True(low.Axis.FromZero);
        Assert.True(low.Axis.Max < 5);
    }

    [Fact]
    public void SweepCurveData_Panels_OnePerTargetWithTheBaselineInRange()
    {
        var data = new SweepCurveData("budget", "levers.subsidy.annual-budget", "",
            [
                new SweepSeries("total", "Total", [0.0, 15, 60], [P(88.4), P(88.8), P(89.2)]),
                new SweepSeries("tiers", "Tiers", [0.0, 15, 60], [P(0.58, 0.03), P(0.61, 0.03), P(0.64, 0.03)]),
            ],
            new AxisRange(-2, 62))
        {
            References = [new SweepReference("total", "baseline", P(88.8)), new SweepReference("tiers", "baseline", P(0.61, 0.03))],
        };

        Assert.Equal(["total", "tiers"], data.Panels.Select(p => p.TargetId));
        Assert.False(data.Panels[0].Axis.FromZero);
        Assert.True(data.Panels[0].Axis.Max - data.Panels[0].Axis.Min <= 10, "the 88–89% panel is not 0–100%");
        Assert.True(data.Panels[1].Axis.FromZero);
        Assert.All(data.Panels, p => Assert.InRange(p.Reference!.Probability.Estimate, p.Axis.Min, p.Axis.Max));
    }

    [Fact]
    public void ScenarioOverlayData_Same_SeriesEqualToAnEarlierOneNamedWithIt()
    {
        ImmutableArray<double> a = [1, 2, 3], b = [1, 2.5, 3.5];
        var data = new ScenarioOverlayData("c", ChartName.Plain("C"), "u", [2023, 2024, 2025], ["baseline", "x", "y", "z"],
        [
            new OverlaySeries("baseline", a, a, a),
            new OverlaySeries("x", a, a, a),
            new OverlaySeries("y", b, b, b),
            new OverlaySeries("z", b, b, b),
        ], [], new AxisRange(0, 4));

        Assert.Equal([new OverlaySame("x", "baseline"), new OverlaySame("z", "y")], data.Same.ToArray());
    }

    [Fact]
    public void ScenarioOverlayData_NearlyEqual_NotSame()
    {
        ImmutableArray<double> a = [1, 2, 3], b = [1, 2, 3.0000001];
        var data = new ScenarioOverlayData("c", ChartName.Plain("C"), "u", [2023, 2024, 2025], ["baseline", "x"],
            [new OverlaySeries("baseline", a, a, a), new OverlaySeries("x", a, b, a)], [], new AxisRange(0, 4));

        Assert.Empty(data.Same);
    }

    [Fact]
    public void SweepCurveData_Same_GridLineEqualToAnEarlierLineOfItsTarget()
    {
        ImmutableArray<PercentInterval> a = [P(95.2, 2), P(95.4, 2)], b = [P(68, 4), P(69, 4)];
        var data = new SweepCurveData("budget", "p", "", [
            new SweepSeries("stage", "S", [0.0, 2.5], a, "delay 0"),
            new SweepSeries("stage", "S", [0.0, 2.5], a, "delay 1"),
            new SweepSeries("alpha", "A", [0.0, 2.5], b, "delay 0"),
            new SweepSeries("alpha", "A", [0.0, 2.5], a, "delay 1"),
        ], new AxisRange(0, 3));

        Assert.Equal([new SweepSame("stage", "delay 1", "delay 0")], data.Same.ToArray());
    }

    [Fact]
    public void MarkerOffset_EightScenarios_DistinctAndWithinAnEighthOfAYear()
    {
        var offsets = Enumerable.Range(0, 8).Select(s => ChartRenderer.MarkerOffset(s, 8)).ToList();

        Assert.Equal(8, offsets.Distinct().Count());
        Assert.All(offsets, x => Assert.InRange(x, -0.125, 0.125));
        Assert.Equal(0, ChartRenderer.MarkerOffset(0, 1));
    }

    [Fact]
    public void SeriesStyle_FirstEight_DistinctColourPatternAndMarker()
    {
        var styles = Enumerable.Range(0, 8).Select(i => (ChartStyle.SeriesColor(i), ChartStyle.SeriesPattern(i).Name, ChartStyle.SeriesMarker(i))).ToList();

        Assert.Equal(8, styles.Select(s => s.Item1).Distinct().Count());
        Assert.Equal(8, styles.Select(s => s.Name).Distinct().Count());
        Assert.Equal(8, styles.Select(s => s.Item3).Distinct().Count());
    }

    [Fact]
    public void ProbabilityLabels_OnePoint_AsTheTableWritesTheEstimate()
    {
        // The trial's case: "0.000%" in the table, "0.0%" on the chart for the same value.
        foreach (var (successes, trials) in new[] { (0L, 200_704L), (1_216L, 200_704L), (178_150L, 200_704L), (3L, 2_000L) })
        {
            var p = new Proportion(successes, trials);
            string table = Format.Probability(p);

            string label = ChartText.ProbabilityLabels([ChartDataBuilder.Percent(p)])[0];

            Assert.Equal(table[..table.IndexOf(' ', StringComparison.Ordinal)], label);
        }
    }

    [Fact]
    public void ProbabilityLabels_Panel_OneNumberOfDecimals()
    {
        var labels = ChartText.ProbabilityLabels([P(0.61, 0.03), P(0.11, 0.015), P(0.84, 0.04)]);

        Assert.Single(labels.Select(l => l.Length - l.IndexOf('.', StringComparison.Ordinal)).Distinct());
        Assert.Equal("0.61%", labels[0]);
    }

    [Theory]
    [InlineData(new[] { 0, 7.5, 15, 30, 45, 60 }, new[] { "0.0", "7.5", "15.0", "30.0", "45.0", "60.0" })]
    [InlineData(new[] { 0.025, 0.1 }, new[] { "0.025", "0.100" })]
    [InlineData(new[] { 0.0, 1000, 2000 }, new[] { "0", "1,000", "2,000" })]
    public void SharedDecimalValues_SweptValues_OneNumberOfDecimals(double[] values, string[] expected) =>
        Assert.Equal(expected, ChartText.SharedDecimalValues(values));

    [Theory]
    [InlineData(0, 2.6)]     // ScottPlot picks 0, 0.5, … 2.5: "0%" beside "0.5%" before
    [InlineData(0, 12_000)]
    [InlineData(87.6, 90.1)]
    public void SharedDecimalTicks_AutomaticTicks_OneNumberOfDecimalsPerAxis(double min, double max)
    {
        using var plt = new ScottPlot.Plot();
        var ticks = new SharedDecimalTicks(ChartText.PercentTick, 9);
        plt.Axes.Left.TickGenerator = ticks;
        plt.Axes.SetLimitsY(min, max);
        plt.GetImageBytes(600, 400, ScottPlot.ImageFormat.Png);

        var labels = ticks.Ticks.Where(t => t.IsMajor).Select(t => t.Label).ToList();

        Assert.True(labels.Count >= 3, string.Join(" ", labels));
        Assert.Single(labels.Select(l => l.Contains('.', StringComparison.Ordinal) ? l.Length - l.IndexOf('.', StringComparison.Ordinal) : 0).Distinct());
    }

    [Fact]
    public void DifferenceLabels_OnePoint_AsTheTableWritesTheDifference()
    {
        var d = new PairedDifference("x", "t", 1000, 46, 0, 200_704);
        string table = Format.Difference(d);

        string label = ChartText.DifferenceLabels([new DifferencePoint("x", 100 * d.Difference, 100 * d.Lower, 100 * d.Upper, 0)])[0];

        Assert.Equal(table[..table.IndexOf(" (", StringComparison.Ordinal)].Replace('-', '−'), label);
    }

    [Fact]
    public void DifferenceLabels_Panel_OneNumberOfDecimalsAnExactZeroAside()
    {
        var labels = ChartText.DifferenceLabels([D("a", -1.96, 0.06), D("a", 2.51, 0.1), D("a", 0, 0.0018), D("a", -0.12, 0.015)]);

        Assert.Equal(["−1.96 pp", "+2.51 pp", "0.00 pp", "−0.12 pp"], labels);
    }

    [Fact]
    public void CountedThresholds_CountedClusterOnly_AndAllWhenNothingIsCounted()
    {
        var clusters = new[] { "sei", "traditional", "single" }
            .Select(id => new Cluster(id, id, id, "g", 100, Distribution.Fixed(0.05), 0.1, RateKind.Logarithmic)).ToArray();
        var dataset = new Dataset("d", "d", 2023, new ValueUnit("CNY", 1e8, "CNY 100 million (亿元)"), "scale", "nominal", [.. clusters], CorrelationSpec.None, []);
        Target[] targets =
        [
            new("tiers", "Tiers", 2035, new AllOf([new CountAtLeast(1, 10000, [0]), new CountAtLeast(1, 5000, [0])])),
            new("one", "One", 2035, new AnyOf([new ClusterAtLeast(2, 20000)])),
            new("total", "Total", 2035, new TotalAtLeast(5000, [0, 1, 2])),
        ];
        var scenario = new Scenario("s", "s", "", dataset, Levers.None, 2035, [2035], [5000, 10000, 20000], [.. targets]);

        Assert.Equal([5000.0, 10000], SharedAxes.CountedThresholds(scenario, "sei").ToArray());
        Assert.Empty(SharedAxes.CountedThresholds(scenario, "traditional")); // in a total only: not counted against a threshold
        Assert.Equal([20000.0], SharedAxes.CountedThresholds(scenario, "single").ToArray());
        Assert.Equal([5000.0, 10000, 20000], SharedAxes.CountedThresholds(scenario with { Targets = [targets[2]] }, "traditional").ToArray());
    }

    [Fact]
    public void Fingerprint_FollowsWhatDecidesTheAxes()
    {
        var curve = new SweepCurveData("budget", "p", "", [new SweepSeries("t", "T", [0.0, 1], [P(10), P(20)])], new AxisRange(0, 1));
        string a = ChartStamp.Fingerprint(curve, ChartOptions.Default);

        Assert.NotEqual(a, ChartStamp.Fingerprint(curve with { References = [new SweepReference("t", "baseline", P(40))] }, ChartOptions.Default));

        var targets = new TargetProbabilityData("s", ["a"], [new TargetProbabilities("t", "T", 2035, [new ScenarioProbability("a", P(50))])], 100);
        Assert.NotEqual(ChartStamp.Fingerprint(targets, ChartOptions.Default), ChartStamp.Fingerprint(targets with { BaselineId = "a" }, ChartOptions.Default));
        Assert.Contains("\"Axis\"", System.Text.Json.JsonSerializer.Serialize(targets.Targets[0]), StringComparison.Ordinal);
    }

    private static DifferencePoint D(string id, double difference, double halfWidth) =>
        new(id, difference, difference - halfWidth, difference + halfWidth, 2 * halfWidth);
}

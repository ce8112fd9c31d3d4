using Simulation.Engine.Statistics;
using Simulation.Runner.Charts;

namespace Simulation.Runner.Tests.Charts;

/// <summary>
/// Golden values of the chart data records, from one real engine run of <see cref="ChartTestStudy"/>
/// (27 Shenzhen clusters, 2,000 paths, seed 20231128). Exact equalities are mappings of engine numbers;
/// the pinned limits are this run's golden values.
/// </summary>
public class ChartDataBuilderTests
{
    private static StudyResult Study => ChartTestStudy.Result;

    private static ScenarioResult Baseline => Study.Scenarios.Single(s => s.Scenario.Id == "baseline");

    [Fact]
    public void FanChart_Years_AreTheIntegersFromBaseYearToHorizon()
    {
        var fan = ChartDataBuilder.FanChart(Study, "baseline", "smart-terminals");
        Assert.Equal(Enumerable.Range(2023, 13), fan.Years);
        Assert.Equal(2023, fan.BaseYear);
        Assert.Equal(8800, fan.BaseValue);
        Assert.Equal([2025, 2030, 2035], fan.Milestones.ToArray());
        Assert.Equal("Smart terminals", fan.Cluster.English);
        Assert.Equal("智能终端", fan.Cluster.Chinese);
        Assert.Equal("CNY 100 million (亿元)", fan.UnitLabel);
    }

    [Fact]
    public void FanChart_EveryClusterAndScenario_BandsAreOrdered()
    {
        foreach (var scenario in Study.Scenarios)
        {
            foreach (var cluster in scenario.Clusters)
            {
                var fan = ChartDataBuilder.FanChart(scenario, cluster.ClusterId);
                Assert.Equal(13, fan.P50.Length);
                for (int i = 0; i < fan.Years.Length; i++)
                {
                    Assert.True(fan.P05[i] <= fan.P25[i] && fan.P25[i] <= fan.P50[i] && fan.P50[i] <= fan.P75[i] && fan.P75[i] <= fan.P95[i],
                        $"{scenario.Scenario.Id}/{cluster.ClusterId} {fan.Years[i]}");
                }
            }
        }
    }

    [Fact]
    public void FanChart_Series_AreTheEngineQuantiles()
    {
        var fan = ChartDataBuilder.FanChart(Study, "baseline", "semiconductors");
        var years = Baseline.Clusters.Single(c => c.ClusterId == "semiconductors").Years;

        // Levels 0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95 → indices 0, 2, 3, 4, 6.
        Assert.Equal(years.Select(y => y.Quantiles[0]), fan.P05);
        Assert.Equal(years.Select(y => y.Quantiles[2]), fan.P25);
        Assert.Equal(years.Select(y => y.Quantiles[3]), fan.P50);
        Assert.Equal(years.Select(y => y.Quantiles[4]), fan.P75);
        Assert.Equal(years.Select(y => y.Quantiles[6]), fan.P95);
    }

    [Fact]
    public void FanChart_BaseYear_EveryBandAtTheBaseValue()
    {
        var fan = ChartDataBuilder.FanChart(Study, "baseline", "semiconductors");
        double tolerance = Baseline.RelativeAccuracy * fan.BaseValue;
        Assert.Equal(fan.BaseValue, fan.P05[0], tolerance);
        Assert.Equal(fan.BaseValue, fan.P95[0], tolerance);
    }

    [Fact]
    public void FanChart_SameCluster_SameLimitsInEveryScenario()
    {
        foreach (string cluster in new[] { "smart-terminals", "synthetic-biology", "watches", "eyewear" })
        {
            var limits = Study.Scenarios.Select(s => ChartDataBuilder.FanChart(Study, s.Scenario.Id, cluster).YLimits).Distinct().ToList();
            Assert.Single(limits);
        }
    }

    [Fact]
    public void FanChart_Limits_StartAtZeroAndCoverEveryScenariosP95()
    {
        foreach (var cluster in Baseline.Clusters)
        {
            var limits = ChartDataBuilder.FanChart(Study, "baseline", cluster.ClusterId).YLimits;
            Assert.Equal(0, limits.Min);
            double top = Study.Scenarios.Max(s => s.Clusters.Single(c => c.ClusterId == cluster.ClusterId).Years.Max(y => y.Quantiles[6]));
            Assert.True(limits.Max >= top * SharedAxes.Headroom, cluster.ClusterId);
            Assert.Equal(SharedAxes.NiceCeiling(limits.Max), limits.Max);
        }
    }

    [Fact]
    public void FanChart_GoldenLimits_PinnedForThisRun()
    {
        AxisRange Limits(string id) => ChartDataBuilder.FanChart(Study, "baseline", id).YLimits;
        Assert.Equal(new AxisRange(0, 40000), Limits("smart-terminals"));
        Assert.Equal(new AxisRange(0, 1500), Limits("watches"));
        Assert.Equal(new AxisRange(0, 400), Limits("eyewear"));
        Assert.Equal(new AxisRange(0, 1500), Limits("synthetic-biology"));
    }

    [Fact]
    public void FanChart_Thresholds_InsideDrawnAboveNamed()
    {
        var terminals = ChartDataBuilder.FanChart(Study, "baseline", "smart-terminals");
        Assert.Equal([5000.0, 10000, 20000], terminals.Thresholds.Select(t => t.Value));
        Assert.Empty(terminals.ThresholdsAbove);
        Assert.Equal(["CNY 500 bn", "CNY 1 tn", "CNY 2 tn"], terminals.Thresholds.Select(t => t.Label.English));
        Assert.Equal(["5000亿", "1万亿", "2万亿"], terminals.Thresholds.Select(t => t.Label.Chinese));

        // A small cluster the targets count: its thresholds are all above its axis, named in a note.
        var small = ChartTestStudy.Sei.Select(id => ChartDataBuilder.FanChart(Study, "baseline", id)).First(f => f.YLimits.Max < 5000);
        Assert.Empty(small.Thresholds);
        Assert.Equal([5000.0, 10000, 20000], small.ThresholdsAbove.Select(t => t.Value));
    }

    [Fact]
    public void FanChart_ClusterNoTargetCounts_NoThresholdsDrawnOrNamed()
    {
        // Watches is a traditional cluster: every target counts the 20 SEI clusters only.
        var watches = ChartDataBuilder.FanChart(Study, "baseline", "watches");
        Assert.DoesNotContain("watches", ChartTestStudy.Sei);
        Assert.Empty(watches.Thresholds);
        Assert.Empty(watches.ThresholdsAbove);
        Assert.Empty(ChartDataBuilder.MilestoneDistribution(Study, "baseline", "watches").Thresholds);
        Assert.All(ChartDataBuilder.MilestoneDistribution(Study, "baseline", "watches").Curves, c => Assert.Empty(c.Thresholds));
        Assert.Empty(ChartDataBuilder.ScenarioOverlay(Study, "watches").Thresholds);
    }

    [Fact]
    public void SmallMultiples_Panels_EveryClusterInOrderWithLimitsSharedAcrossScenarios()
    {
        var baseline = ChartDataBuilder.SmallMultiples(Study, "baseline");
        var adverse = ChartDataBuilder.SmallMultiples(Study, "adverse-world");
        Assert.Equal(27, baseline.Panels.Length);
        Assert.Equal(Baseline.Scenario.Dataset.Clusters.Select(c => c.Id), baseline.Panels.Select(p => p.ClusterId));
        Assert.Equal(baseline.Panels.Select(p => p.YLimits), adverse.Panels.Select(p => p.YLimits));
        Assert.True(baseline.Panels.Select(p => p.YLimits.Max).Distinct().Count() > 5, "each panel has its own scale");
    }

    [Fact]
    public void MilestoneDistribution_Curves_QuantilesAscendingExceedanceDescending()
    {
        var data = ChartDataBuilder.MilestoneDistribution(Study, "baseline", "smart-terminals");
        Assert.Equal([2025, 2030, 2035], data.Curves.Select(c => c.Year));
        foreach (var curve in data.Curves)
        {
            Assert.Equal([95.0, 90, 75, 50, 25, 10, 5], curve.ExceedancePercent.Select(p => Math.Round(p, 9)));
            Assert.True(curve.Values.Zip(curve.Values.Skip(1)).All(p => p.First <= p.Second));
        }

        Assert.Equal(ChartDataBuilder.FanChart(Study, "adverse-world", "smart-terminals").YLimits, data.XLimits);
    }

    [Fact]
    public void MilestoneDistribution_ThresholdProbabilities_AreTheEngineProportionsInPercent()
    {
        var data = ChartDataBuilder.MilestoneDistribution(Study, "baseline", "smart-terminals");
        var engine = Baseline.Clusters.Single(c => c.ClusterId == "smart-terminals").Milestones.Single(m => m.Year == 2035);
        var chart = data.Curves.Single(c => c.Year == 2035);
        Assert.Equal(engine.Thresholds.Length, chart.Thresholds.Length);
        for (int k = 0; k < engine.Thresholds.Length; k++)
        {
            var p = engine.Thresholds[k].Probability;
            Assert.Equal(engine.Thresholds[k].Threshold, chart.Thresholds[k].Threshold.Value);
            Assert.Equal(new PercentInterval(100 * p.Estimate, 100 * p.Lower, 100 * p.Upper), chart.Thresholds[k].Probability);
        }
    }

    [Fact]
    public void TargetProbabilities_ErrorBars_AreTheProportionIntervals()
    {
        var data = ChartDataBuilder.TargetProbabilities(Study);
        Assert.Equal(["baseline", "no-subsidy", "double-subsidy", "adverse-world", "full-plan"], data.ScenarioIds.ToArray());
        Assert.Equal(["stage-one-2025", "leader-tiers-2035", "leader-total-2035", "leader-2035"], data.Targets.Select(t => t.TargetId));
        Assert.Equal(ChartTestStudy.Paths, data.Paths);
        foreach (var target in data.Targets)
        {
            Assert.Equal(data.ScenarioIds.ToArray(), target.Scenarios.Select(s => s.ScenarioId));
            foreach (var point in target.Scenarios)
            {
                var p = Study.Scenarios.Single(s => s.Scenario.Id == point.ScenarioId).Targets.Single(t => t.Target.Id == target.TargetId).Probability;
                Assert.Equal(100 * p.Estimate, point.Probability.Estimate);
                Assert.Equal(100 * p.Lower, point.Probability.Lower);
                Assert.Equal(100 * p.Upper, point.Probability.Upper);
                Assert.InRange(point.Probability.Estimate, point.Probability.Lower, point.Probability.Upper);
                Assert.InRange(point.Probability.Lower, 0, 100);
                Assert.InRange(point.Probability.Upper, 0, 100);
            }
        }
    }

    [Fact]
    public void ScenarioOverlay_Series_ComparedScenariosOnOneRangeCoveringEveryP75()
    {
        var data = ChartDataBuilder.ScenarioOverlay(Study, "semiconductors");
        Assert.Equal(["baseline", "no-subsidy", "double-subsidy", "adverse-world", "full-plan"], data.Series.Select(s => s.ScenarioId));
        Assert.Equal(Enumerable.Range(2023, 13), data.Years);
        Assert.Equal(0, data.YLimits.Min);
        Assert.True(data.Series.All(s => s.P75.Max() <= data.YLimits.Max));
        Assert.True(data.Series.All(s => s.P25.Zip(s.P50, s.P75).All(t => t.First <= t.Second && t.Second <= t.Third)));
        Assert.True(data.YLimits.Max <= ChartDataBuilder.FanChart(Study, "baseline", "semiconductors").YLimits.Max);
    }

    [Fact]
    public void PairedDifferences_Points_AreTheEnginePairedIntervalsInPercentagePoints()
    {
        var data = ChartDataBuilder.PairedDifferences(Study);
        Assert.Equal("baseline", data.BaselineId);
        Assert.Equal(["adverse-world", "double-subsidy", "full-plan", "no-subsidy"], data.Panels.SelectMany(p => p.ScenarioIds).Order(StringComparer.Ordinal));
        foreach (var target in data.Targets)
        {
            Assert.Equal(["no-subsidy", "double-subsidy", "adverse-world", "full-plan"], target.Scenarios.Select(s => s.ScenarioId));
            foreach (var point in target.Scenarios)
            {
                var d = Study.Differences.Single(x => x.ScenarioId == point.ScenarioId && x.TargetId == target.TargetId);
                Assert.Equal(100 * d.Difference, point.Difference);
                Assert.Equal(100 * d.Lower, point.Lower);
                Assert.Equal(100 * d.Upper, point.Upper);
                var axis = data.Panels.Single(p => p.ScenarioIds.Contains(point.ScenarioId)).Axis;
                Assert.InRange(point.Lower, axis.Min, axis.Max);
                Assert.InRange(point.Upper, axis.Min, axis.Max);
                Assert.InRange(0, axis.Min, axis.Max);
            }
        }
    }

    [Fact]
    public void SweepCurve_Points_SortedByLeverAndEqualToTheSweepScenarios()
    {
        Assert.Equal(["subsidy-budget"], ChartDataBuilder.SweepIds(Study).ToArray());
        var data = ChartDataBuilder.SweepCurve(Study, "subsidy-budget");
        Assert.Equal("levers.subsidy.annual-budget", data.LeverPath);
        Assert.Equal(4, data.Series.Length);
        foreach (var series in data.Series)
        {
            Assert.Equal(ChartTestStudy.SweepBudgets, series.LeverValues.ToArray());
            for (int i = 0; i < series.LeverValues.Length; i++)
            {
                string id = "subsidy-budget-" + series.LeverValues[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
                var p = Study.Scenarios.Single(s => s.Scenario.Id == id).Targets.Single(t => t.Target.Id == series.TargetId).Probability;
                Assert.Equal(ChartDataBuilder.Percent(p), series.Probabilities[i]);
            }

            // The sweep point at the baseline's budget runs the baseline's levers on the same paths: identical.
            var atBaseline = series.Probabilities[Array.IndexOf(ChartTestStudy.SweepBudgets, 15.0)];
            Assert.Equal(ChartDataBuilder.Percent(Baseline.Targets.Single(t => t.Target.Id == series.TargetId).Probability), atBaseline);
        }

        Assert.True(data.XLimits.Min < 0 && data.XLimits.Max > 60);
    }

    [Fact]
    public void SweepCurve_UnknownSweep_Throws() =>
        Assert.Throws<ArgumentException>(() => ChartDataBuilder.SweepCurve(Study, "no-such-sweep"));

    [Fact]
    public void ComparedScenarioIds_StudyOfSweepPointsOnly_ComparesAllUpToThirteenThenTheBaselineAlone()
    {
        var study = Study.Study;
        int baseline = study.Scenarios.ToList().FindIndex(s => s.Scenario.Id == study.BaselineId);
        int point = study.Scenarios.ToList().FindIndex(s => !s.Sweep.IsEmpty);

        StudyResult WithVariants(int count)
        {
            var variants = Enumerable.Range(0, count).Select(i => study.Scenarios[point] with { Scenario = study.Scenarios[point].Scenario with { Id = $"v{i}" } }).ToList();
            return new StudyResult(
                study with { Scenarios = [study.Scenarios[baseline], .. variants] },
                [Study.Scenarios[baseline], .. variants.Select(v => Study.Scenarios[point] with { Scenario = v.Scenario })],
                []);
        }

        Assert.Equal(["baseline", "v0", "v1", "v2"], ChartDataBuilder.ComparedScenarioIds(WithVariants(3)).ToArray());
        Assert.Equal(ChartDataBuilder.MostCompared, ChartDataBuilder.ComparedScenarioIds(WithVariants(ChartDataBuilder.MostCompared - 1)).Length);
        Assert.Equal(["baseline"], ChartDataBuilder.ComparedScenarioIds(WithVariants(ChartDataBuilder.MostCompared)).ToArray());
    }
}

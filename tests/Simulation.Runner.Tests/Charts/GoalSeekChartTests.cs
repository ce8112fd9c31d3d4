using Simulation.Runner.Charts;
using Simulation.Runner.Tests.Reports;
using SkiaSharp;

namespace Simulation.Runner.Tests.Charts;

/// <summary>The goal seek chart's data from the tiny study's goal seek, its probability axis, and its rendering.</summary>
[Collection("Charts")]
public class GoalSeekChartTests
{
    private static GoalSeekChartData Data => GoalSeekChartData.From(ReportFixtures.StudyResult, ReportFixtures.StudyResult.GoalSeeks[0]);

    [Fact]
    public void Data_EveryValueTried_InOrder_WithTheAnswerAndLevel()
    {
        var data = Data;
        var seek = ReportFixtures.StudyResult.GoalSeeks[0];
        Assert.Equal(seek.Evaluations.Select(e => e.Value), data.Points.Select(p => p.Value));
        Assert.Equal(seek.Evaluations.Select(e => 100 * e.Probability.Estimate), data.Points.Select(p => p.Probability.Estimate));
        Assert.All(data.Points, p => Assert.Equal(p.Probability.Estimate >= 50, p.Reaches));
        Assert.Equal(50, data.LevelPercent, 12);
        Assert.Equal(seek.Value, data.Answer);
        Assert.Equal(new AxisRange(0, 0.12), data.Range);
        Assert.StartsWith("smallest value reaching 50.0%: 0.101 (95%: ", data.Outcome, StringComparison.Ordinal);
        Assert.Equal("", data.UnitLabel); // a trend is a rate, not an amount in the dataset's unit
    }

    [Fact]
    public void Data_TheScenarioAsItIs_IsAPointWhenNoValueTriedIsIts()
    {
        var seek = ReportFixtures.StudyResult.GoalSeeks[0];
        Assert.DoesNotContain(seek.Evaluations, e => e.Value == 0.05);
        var asItIs = seek with { Spec = seek.Spec with { CurrentValue = 0.05 } };

        var data = GoalSeekChartData.From(ReportFixtures.StudyResult, asItIs);

        var point = Assert.Single(data.Points, p => p.AsItIs);
        Assert.Equal(0.05, point.Value);
        Assert.Equal(100 * seek.Current!.Estimate, point.Probability.Estimate, 12);
        Assert.Equal(seek.Evaluations.Length + 1, data.Points.Length);
        Assert.Equal(data.Points.OrderBy(p => p.Value), data.Points);

        // A value the search tried is not drawn twice, nor one outside the range.
        var tried = seek with { Spec = seek.Spec with { CurrentValue = seek.Evaluations[0].Value } };
        Assert.DoesNotContain(GoalSeekChartData.From(ReportFixtures.StudyResult, tried).Points, p => p.AsItIs);
        var outside = seek with { Spec = seek.Spec with { CurrentValue = 0.2 } };
        Assert.DoesNotContain(GoalSeekChartData.From(ReportFixtures.StudyResult, outside).Points, p => p.AsItIs);
        using var bitmap = SKBitmap.Decode(ChartRenderer.RenderGoalSeek(data, ChartFonts.Configure(ChartLanguage.English).Options));
        Assert.NotNull(bitmap);
    }

    [Fact]
    public void ProbabilityAxis_WideSpread_IsTheSharedZeroToHundred() =>
        Assert.Equal(SharedAxes.Percent, ChartRenderer.ProbabilityWindow(Data)); // 0.8% to 66.7%: more than half the axis

    [Fact]
    public void ProbabilityAxis_NarrowSpread_IsZoomedToTheValuesAndLevel_ToRoundBounds()
    {
        var narrow = Data with
        {
            Points = [new GoalSeekPoint(0, new PercentInterval(71.5, 70.1, 72.9), false), new GoalSeekPoint(0.12, new PercentInterval(80.5, 79.3, 81.7), true)],
            LevelPercent = 80,
        };
        Assert.Equal(new AxisRange(65, 90), ChartRenderer.ProbabilityWindow(narrow)); // 70.1–81.7: steps of 5 (≈ 11.6 / 4), one to spare

        var middle = narrow with { Points = [new GoalSeekPoint(0, new PercentInterval(93, 92.5, 93.4), true)], LevelPercent = 94 };
        Assert.Equal(new AxisRange(92, 94.5), ChartRenderer.ProbabilityWindow(middle)); // 92.5–94: steps of 0.5
    }

    [Fact]
    public void ProbabilityAxis_RareOrNearCertain_RunsFromZeroOrToHundred_ToARoundBound()
    {
        // Half of a 0.7% chance sought: the axis 0–1%, so that 0.35% reads as half of 0.7%.
        var rare = Data with
        {
            Points = [new GoalSeekPoint(0, new PercentInterval(0.705, 0.598, 0.831), true), new GoalSeekPoint(10, new PercentInterval(0.375, 0.299, 0.470), true)],
            LevelPercent = 0.3525,
        };
        Assert.Equal(new AxisRange(0, 1), ChartRenderer.ProbabilityWindow(rare)); // 0.831 × 1.2 = 1.0 → 1

        var nearCertain = Data with { Points = [new GoalSeekPoint(0, new PercentInterval(99, 98.5, 99.4), true)], LevelPercent = 99 };
        Assert.Equal(new AxisRange(98, 100), ChartRenderer.ProbabilityWindow(nearCertain)); // 1.5 pp short of 100, × 1.2 = 1.8 → 2
    }

    [Fact]
    public void Render_IsAPng()
    {
        using var bitmap = SKBitmap.Decode(ChartRenderer.RenderGoalSeek(Data, ChartFonts.Configure(ChartLanguage.English).Options));
        Assert.NotNull(bitmap);
        Assert.Equal(1200, bitmap.Width);
    }
}

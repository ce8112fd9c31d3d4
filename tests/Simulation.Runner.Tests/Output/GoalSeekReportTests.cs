using Simulation.Engine.Analysis;
using Simulation.Engine.Statistics;
using Simulation.Runner.Output;
using Simulation.Runner.Tests.Reports;

namespace Simulation.Runner.Tests.Output;

/// <summary>The report's "What it would take" section and console lines, for the tiny study's goal seek and made-up answers of every outcome.</summary>
public class GoalSeekReportTests
{
    private static StudyResult Study => ReportFixtures.StudyResult;

    private static string Markdown(StudyResult result) =>
        GoalSeekReport.Markdown(result, new Dictionary<string, string> { ["chips-even-odds"] = "charts/goal-seek-chips-even-odds.png" });

    [Fact]
    public void Found_SaysTheValue_ItsInterval_TheChanceThere_AndAsTheScenarioIs()
    {
        var seek = Study.GoalSeeks[0];
        Assert.Equal(GoalSeekOutcome.Found, seek.Outcome);
        string md = Markdown(Study);

        Assert.Contains("## What it would take\n", md, StringComparison.Ordinal);
        Assert.Contains("same 2,000 paths as the rest of this report", md, StringComparison.Ordinal);
        Assert.Contains("### `chips-even-odds`: Chips, the \"big\" target\n", md, StringComparison.Ordinal);
        Assert.Contains("![What it would take: chips-even-odds](charts/goal-seek-chips-even-odds.png)", md, StringComparison.Ordinal);
        Assert.Contains("The smallest value of `clusters.chips.trend.mean` at which P(`chips-3000`) in `baseline` reaches 50.0% is **0.101** (95% interval ", md, StringComparison.Ordinal);
        Assert.Contains($"There it is {Runner.Reports.Format.Probability(seek.AtValue!.Probability)}; at 0.098, the nearest value tried below it, 47.4%.", md, StringComparison.Ordinal);
        Assert.Contains("7 runs of 2,000 paths; bisected to within 0.005.", md, StringComparison.Ordinal);
        Assert.DoesNotContain("does not move one way", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Headline_OneLinePerGoalSeek()
    {
        string line = Assert.Single(GoalSeekReport.Headline(Study));
        Assert.StartsWith("  goal chips-even-odds: clusters.chips.trend.mean = 0.101 (", line, StringComparison.Ordinal);
        Assert.EndsWith(") gives P(chips-3000) ≥ 50.0% in baseline", line, StringComparison.Ordinal);
    }

    /// <summary>The study's goal seek, answered again on a made-up curve of 1,000 paths.</summary>
    private static StudyResult With(double level, Func<double, double> curve, SeekDirection seek = SeekDirection.Smallest)
    {
        var spec = Study.Study.GoalSeeks[0] with { Level = level, Seek = seek };
        var answer = GoalSeeker.Seek(spec, v => new Proportion((long)Math.Round(1000 * curve(v)), 1000), new Proportion(177, 1000));
        return Study with { GoalSeeks = [answer] };
    }

    [Fact]
    public void Unreachable_SaysTheBestAndToWidenTheRange()
    {
        string md = Markdown(With(0.9, v => v * 5));
        Assert.Contains("No value of `clusters.chips.trend.mean` from 0 to 0.12 gives P(`chips-3000`) in `baseline` of 90.0%, judging by the range's two ends", md, StringComparison.Ordinal);
        Assert.Contains("the most is 60.0% (95% CI ", md, StringComparison.Ordinal);
        Assert.Contains("| out of range |  | best 60.0% |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void MetAtTheStart_SaysTheLeverIsNotWhatHoldsItBack()
    {
        string md = Markdown(With(0.1, v => 0.5 + v));
        Assert.Contains("Already at the range's start, `clusters.chips.trend.mean` = 0, P(`chips-3000`) in `baseline` is 50.0%", md, StringComparison.Ordinal);
        Assert.Contains("every value from 0 to 0.12 reaches it", md, StringComparison.Ordinal);
        Assert.DoesNotContain("did you mean", md, StringComparison.Ordinal);
    }

    [Fact]
    public void TheWrongDirection_IsNotEveryValue_AndSaysWhichWasMeant()
    {
        // A chance that rises with the value, sought as the largest value: met at the range's end only.
        var result = With(0.55, v => 0.5 + v, SeekDirection.Largest);
        var seek = result.GoalSeeks[0];
        Assert.True(seek.EndsReversed);
        Assert.False(seek.ReachedAtBothEnds);
        string md = Markdown(result);
        Assert.DoesNotContain("every value from", md, StringComparison.Ordinal);
        Assert.Contains("is the range's end, 0.12, where it is 62.0%", md, StringComparison.Ordinal);
        Assert.Contains("But the other end falls short (from 50.0% at 0 to 62.0% at 0.12)", md, StringComparison.Ordinal);
        Assert.Contains("**The chance rises as the value rises** (from 50.0% at 0 to 62.0% at 0.12), the other way from what `seek: largest` assumes", md, StringComparison.Ordinal);
        Assert.Contains("did you mean `seek: smallest`?", md, StringComparison.Ordinal);
        Assert.EndsWith("did you mean `seek: smallest`?", Assert.Single(GoalSeekReport.Headline(result)), StringComparison.Ordinal);
    }

    [Fact]
    public void UnreachableWithinTheNoise_SaysMorePathsWouldTell()
    {
        // Best 49.7% on 1,000 paths (95% CI ±3.1 pp) against 50%: not "cannot".
        string md = Markdown(With(0.5, v => 0.45 + (0.4 * v)));
        Assert.Contains("Yet the level is within the Monte Carlo error of the chance from ", md, StringComparison.Ordinal);
        Assert.DoesNotContain("this lever alone cannot", md, StringComparison.Ordinal);
    }

    [Fact]
    public void RareLevel_IsGivenTheDecimalsThatTellItFromTheChanceThere()
    {
        // Half of a 0.70% chance is 0.35%: with one decimal both it and the 0.38% reached would read 0.4%.
        var spec = Study.Study.GoalSeeks[0] with { Level = 0.5, ShareOfCurrent = true, Seek = SeekDirection.Largest };
        var answer = GoalSeeker.Seek(spec, v => new Proportion((long)Math.Round(100_000 * (0.007 - (0.027 * v))), 100_000), new Proportion(700, 100_000));
        string md = Markdown(Study with { GoalSeeks = [answer] });

        Assert.Equal(GoalSeekOutcome.AtRangeEnd, answer.Outcome);
        Assert.Contains("is 0.38% (95% CI ", md, StringComparison.Ordinal);
        Assert.Contains("at least the 0.35% sought (half of its 0.70% as the scenario is)", md, StringComparison.Ordinal);
        Assert.Contains("| 0.35% | **0.12** (range end) |", md, StringComparison.Ordinal);
        Assert.EndsWith("≥ 0.35% in baseline", Assert.Single(GoalSeekReport.Headline(Study with { GoalSeeks = [answer] })), StringComparison.Ordinal);
    }

    [Fact]
    public void AnswerWithinTheNoise_SaysHowLittleTheLeverMovesTheChance()
    {
        // From 49.0% to 50.2% over the range, on 1,000 paths (±3.1 pp): the answer's interval runs past both ends of the range.
        var result = With(0.5, v => 0.49 + (0.1 * v));
        var seek = result.GoalSeeks[0];
        Assert.Equal((null, null), (seek.ValueLow, seek.ValueHigh));
        Assert.Contains("(95% interval below 0 to above 0.12)", Markdown(result), StringComparison.Ordinal);
        string md = Markdown(result);
        Assert.Contains("The interval reaches the end of the range: across the values tried the lever moves this chance by 1.2 pp, against a Monte Carlo error of ±", md, StringComparison.Ordinal);
        Assert.Contains(" pp at 1,000 paths, so the answer is uncertain; four times the paths (`--paths`) roughly halve that error.", md, StringComparison.Ordinal);
        Assert.DoesNotContain("The interval reaches the end", Markdown(Study), StringComparison.Ordinal);
    }

    [Fact]
    public void NotMonotone_IsWarnedOf()
    {
        // Rises overall but jumps to 70% between 0.05 and 0.07: the bisection tries 0.06 (70%), then 0.09 (45%) for the interval, and sees P fall.
        var result = With(0.5, v => v is > 0.05 and < 0.07 ? 0.7 : v * 5);
        var (lower, higher) = result.GoalSeeks[0].NotMonotone!.Value;
        string md = Markdown(result);
        Assert.Contains($"**The chance does not move one way with this lever:** it is {Runner.Reports.Format.Percent(lower.Probability.Estimate)} at {Runner.Reports.GoalSeekTables.Value(lower.Value, result.GoalSeeks[0].Spec)} but ", md, StringComparison.Ordinal);
        Assert.True(lower.Value < higher.Value && lower.Probability.Estimate > higher.Probability.Estimate);
    }

    [Fact]
    public void NoGoalSeeks_NoSection() =>
        Assert.Equal(string.Empty, GoalSeekReport.Markdown(Study with { GoalSeeks = [] }, new Dictionary<string, string>()));
}

using System.Collections.Immutable;
using Simulation.Engine.Analysis;
using Simulation.Engine.Statistics;
using Simulation.Runner.Reports;

namespace Simulation.Runner.Charts;

/// <summary>
/// One value a goal seek tried: the value, the target's probability there (percent, with its 95%
/// interval), and whether it reaches the level; or, <paramref name="AsItIs"/>, the lever's value in the
/// scenario as it is, whose probability the run itself measured on the same paths.
/// </summary>
public sealed record GoalSeekPoint(double Value, PercentInterval Probability, bool Reaches, bool AsItIs = false);

/// <summary>
/// A goal seek's chart: the target's probability at every value tried, the level sought, the answer
/// with its interval, and the lever's value in the scenario as it is.
/// </summary>
/// <param name="Id">The goal seek.</param>
/// <param name="ScenarioId">The scenario varied.</param>
/// <param name="TargetName">The target's name.</param>
/// <param name="LeverPath">The lever's path.</param>
/// <param name="UnitLabel">The dataset's unit when the lever is an amount in it; else empty.</param>
/// <param name="LevelPercent">The probability sought, in percent.</param>
/// <param name="Points">Every value tried, and the scenario as it is when no value tried is its, in increasing order.</param>
/// <param name="Answer">The answer, when one was found (an end of the range included).</param>
/// <param name="AnswerLow">The low end of the answer's 95% interval; null: beyond the range.</param>
/// <param name="AnswerHigh">The high end; null: beyond the range.</param>
/// <param name="Current">The lever's value in the scenario as it is, when one number.</param>
/// <param name="Range">The range searched.</param>
/// <param name="Outcome">What the legend says of the answer, e.g. "smallest value reaching 50%: 34 [28–41]".</param>
/// <param name="Paths">Paths per evaluation.</param>
public sealed record GoalSeekChartData(string Id, string ScenarioId, string TargetName, string LeverPath, string UnitLabel, double LevelPercent,
    ImmutableArray<GoalSeekPoint> Points, double? Answer, double? AnswerLow, double? AnswerHigh, double? Current, AxisRange Range, string Outcome, long Paths)
{
    /// <summary>The chart of <paramref name="result"/>, a goal seek of a scenario of <paramref name="study"/>.</summary>
    public static GoalSeekChartData From(StudyResult study, GoalSeekResult result)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(result);
        var spec = result.Spec;
        var scenario = study.Scenarios.First(s => s.Scenario.Id == spec.ScenarioId).Scenario;
        string unit = Loading.ScenarioSchema.Instance.IsInDatasetUnit(spec.Path.Split('.')) ? scenario.Dataset.Unit.Label : "";
        string V(double v) => GoalSeekTables.Value(v, spec);
        int decimals = Format.LevelDecimals(result.Level);
        string level = Format.Percent(result.Level, decimals);
        string which = spec.Seek == SeekDirection.Smallest ? "smallest" : "largest";
        string outcome = result.Outcome switch
        {
            GoalSeekOutcome.Unreachable => $"no value reaches {level}; best {Format.Percent(result.Best.Probability.Estimate, decimals)} at {V(result.Best.Value)}",
            GoalSeekOutcome.AtRangeEnd when result.ReachedAtBothEnds => $"every value reaches {level}, even {V(result.Value!.Value)}",
            GoalSeekOutcome.AtRangeEnd => $"{which} value reaching {level}: the range's {(spec.Seek == SeekDirection.Smallest ? "start" : "end")}, {V(result.Value!.Value)}",
            _ => $"{which} value reaching {level}: {V(result.Value!.Value)} (95%: {GoalSeekTables.Interval(result)})",
        };
        return new GoalSeekChartData(spec.Id, spec.ScenarioId, study.Scenarios.First(s => s.Scenario.Id == spec.ScenarioId).Targets.First(t => t.Target.Id == spec.TargetId).Target.Name,
            spec.Path, unit, 100 * result.Level,
            [.. result.Evaluations.Select(e => new GoalSeekPoint(e.Value, ChartDataBuilder.Percent(e.Probability), e.Probability.Estimate >= result.Level))
                .Concat(AsItIs(result)).OrderBy(p => p.Value)],
            result.Value, result.ValueLow, result.ValueHigh, spec.CurrentValue, new AxisRange(spec.From, spec.To), outcome, result.Best.Probability.Trials);
    }

    /// <summary>The scenario as it is, as a point, when its lever is one number in the range that no evaluation tried (on common random numbers it is one more value of the curve).</summary>
    private static IEnumerable<GoalSeekPoint> AsItIs(GoalSeekResult result)
    {
        if (result.Spec.CurrentValue is { } v && result.Current is { } p && v >= result.Spec.From && v <= result.Spec.To && result.Evaluations.All(e => e.Value != v))
        {
            yield return new GoalSeekPoint(v, ChartDataBuilder.Percent(p), p.Estimate >= result.Level, AsItIs: true);
        }
    }
}

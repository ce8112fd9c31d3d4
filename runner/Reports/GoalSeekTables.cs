using System.Collections.Immutable;
using System.Globalization;
using Simulation.Engine.Analysis;

namespace Simulation.Runner.Reports;

/// <summary>
/// The tables of a study's goal seeks, in the format of <see cref="CsvTables"/>: goal-seeks.csv (one
/// row per goal seek: the question and its answer) and one goal-seek-&lt;id&gt;.csv per goal seek (every
/// value tried). Pure: nothing here touches the disk.
/// </summary>
internal static class GoalSeekTables
{
    /// <summary>The study-level table of answers.</summary>
    public const string SummaryFile = "goal-seeks.csv";

    /// <summary>The file name of a goal seek's evaluations.</summary>
    public static string EvaluationsFile(string goalSeekId) => "goal-seek-" + goalSeekId + ".csv";

    /// <summary>
    /// goal-seeks.csv columns: the question (id, scenario, lever path, target, smallest or largest,
    /// the range, the tolerance, the probability sought and, when it is a share of the current
    /// probability, that share), the scenario as it is (the lever's value when it is one number, the
    /// target's probability), then the answer: its outcome (found, at-range-end, unreachable), the
    /// value with its 95% interval (an empty end: beyond the range), the probability there with its
    /// interval, the best value and probability found (for an unreachable level), the evaluations, the
    /// paths of each, and the two consecutive values between which the probability went the wrong way
    /// (empty when it never did).
    /// </summary>
    public static ImmutableArray<string> SummaryHeader { get; } =
    [
        "goal_seek", "scenario", "path", "target", "seek", "from", "to", "tolerance", "level", "share_of_current", "current_value", "current_probability",
        "outcome", "value", "value_low", "value_high", "probability", "ci_low", "ci_high", "best_value", "best_probability", "evaluations", "paths",
        "not_monotone_from", "not_monotone_to",
    ];

    /// <summary>goal-seek-&lt;id&gt;.csv columns: each value tried, in increasing order, with the target's probability there, its 95% interval, the paths that met it, the paths, and whether the probability reaches the level.</summary>
    public static ImmutableArray<string> EvaluationsHeader { get; } = ["goal_seek", "value", "probability", "ci_low", "ci_high", "successes", "paths", "reaches_level"];

    /// <summary>The outcome as written in the table and the report.</summary>
    public static string OutcomeName(GoalSeekOutcome outcome) => outcome switch
    {
        GoalSeekOutcome.Found => "found",
        GoalSeekOutcome.AtRangeEnd => "at-range-end",
        _ => "unreachable",
    };

    /// <summary>goal-seeks.csv.</summary>
    public static string Summary(IReadOnlyList<GoalSeekResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return CsvTables.Render(writer =>
        {
            using var csv = CsvTables.Open(writer, SummaryHeader);
            foreach (var r in results)
            {
                var s = r.Spec;
                foreach (string field in new[] { s.Id, s.ScenarioId, s.Path, s.TargetId, s.Seek == SeekDirection.Smallest ? "smallest" : "largest" })
                {
                    csv.WriteField(field);
                }

                CsvTables.WriteOptional(csv, s.From);
                CsvTables.WriteOptional(csv, s.To);
                CsvTables.WriteOptional(csv, s.WholeNumbers ? 1 : s.Tolerance);
                CsvTables.WriteOptional(csv, r.Level);
                CsvTables.WriteOptional(csv, s.ShareOfCurrent ? s.Level : null);
                CsvTables.WriteOptional(csv, s.CurrentValue);
                CsvTables.WriteOptional(csv, r.Current?.Estimate);
                csv.WriteField(OutcomeName(r.Outcome));
                CsvTables.WriteOptional(csv, r.Value);
                CsvTables.WriteOptional(csv, r.ValueLow);
                CsvTables.WriteOptional(csv, r.ValueHigh);
                var at = r.AtValue?.Probability;
                CsvTables.WriteOptional(csv, at?.Estimate);
                CsvTables.WriteOptional(csv, at?.Lower);
                CsvTables.WriteOptional(csv, at?.Upper);
                CsvTables.WriteOptional(csv, r.Best.Value);
                CsvTables.WriteOptional(csv, r.Best.Probability.Estimate);
                csv.WriteField(Numbers.Format(r.Evaluations.Length));
                csv.WriteField(Numbers.Format(r.Best.Probability.Trials));
                CsvTables.WriteOptional(csv, r.NotMonotone?.Lower.Value);
                CsvTables.WriteOptional(csv, r.NotMonotone?.Higher.Value);
                csv.NextRecord();
            }
        });
    }

    /// <summary>goal-seek-&lt;id&gt;.csv.</summary>
    public static string Evaluations(GoalSeekResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return CsvTables.Render(writer =>
        {
            using var csv = CsvTables.Open(writer, EvaluationsHeader);
            foreach (var e in result.Evaluations)
            {
                csv.WriteField(result.Spec.Id);
                csv.WriteField(Numbers.Format(e.Value));
                csv.WriteField(Numbers.Format(e.Probability.Estimate));
                csv.WriteField(Numbers.Format(e.Probability.Lower));
                csv.WriteField(Numbers.Format(e.Probability.Upper));
                csv.WriteField(Numbers.Format(e.Probability.Successes));
                csv.WriteField(Numbers.Format(e.Probability.Trials));
                csv.WriteField(e.Probability.Estimate >= result.Level ? "true" : "false");
                csv.NextRecord();
            }
        });
    }

    /// <summary>
    /// A lever value as the report shows it: whole numbers for a whole-number lever, else as many
    /// decimals as the tolerance the answer is known to (a tolerance of 2 → none, of 0.05 → two; trailing
    /// zeros dropped), with thousands separators.
    /// </summary>
    public static string Value(double value, GoalSeekSpec spec) => Value(value, spec, 0);

    /// <summary>
    /// The answer's 95% interval for reading: "28–41", an end beyond the range as "below 0" or "above
    /// 200", ends rounded outwards (the low end down, the high end up) so that rounding never narrows it.
    /// </summary>
    public static string Interval(GoalSeekResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var spec = result.Spec;
        string low = result.ValueLow is { } l ? Value(l, spec, -1) : $"below {Value(spec.From, spec)}";
        string high = result.ValueHigh is { } h ? Value(h, spec, +1) : $"above {Value(spec.To, spec)}";
        return result.ValueLow is null || result.ValueHigh is null ? $"{low} to {high}" : low == high ? low : $"{low}–{high}";
    }

    /// <summary><see cref="Value(double, GoalSeekSpec)"/>, rounded down (<paramref name="direction"/> −1), up (+1) or to the nearest (0).</summary>
    private static string Value(double value, GoalSeekSpec spec, int direction)
    {
        ArgumentNullException.ThrowIfNull(spec);
        int decimals = spec.WholeNumbers ? 0 : Math.Clamp((int)Math.Ceiling(-Math.Log10(spec.Tolerance) - 1e-9), 0, 8);
        double scale = Math.Pow(10, decimals);
        double rounded = direction switch
        {
            < 0 => Math.Floor((value * scale) + 1e-9) / scale,
            > 0 => Math.Ceiling((value * scale) - 1e-9) / scale,
            _ => Math.Round(value, decimals),
        };
        double shown = rounded == 0 ? 0 : rounded; // never "-0"
        return shown.ToString(decimals == 0 ? "#,0" : "#,0." + new string('#', decimals), CultureInfo.InvariantCulture);
    }
}

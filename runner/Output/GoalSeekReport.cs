using System.Globalization;
using System.Text;
using Simulation.Engine.Analysis;
using Simulation.Engine.Statistics;
using Simulation.Runner.Reports;

namespace Simulation.Runner.Output;

/// <summary>
/// The report's "What it would take" section: each goal seek's answer in a sentence, with its interval,
/// the probability there and in the scenario as it is, its chart, and a warning when the probability
/// did not move one way with the lever; and one console line per goal seek.
/// </summary>
internal static class GoalSeekReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The section, or empty when the study has no goal seeks.</summary>
    public static string Markdown(StudyResult result, IReadOnlyDictionary<string, string> charts)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(charts);
        if (result.GoalSeeks.IsEmpty)
        {
            return string.Empty;
        }

        long paths = result.GoalSeeks[0].Best.Probability.Trials;
        var md = new StringBuilder();
        md.Append("## What it would take\n\n")
          .Append("Each goal seek finds the value of one lever at which a target's chance reaches a level. It runs the scenario again with the lever set to a value, ")
          .Append("on the same ").Append(paths.ToString("N0", Invariant)).Append(" paths as the rest of this report (common random numbers: the chance moves with the lever, not with noise), ")
          .Append("and bisects the range it is given to the tolerance. The **95% interval** of an answer holds the values the Monte Carlo error cannot tell from it: ")
          .Append("from where the upper end of the chance's 95% interval reaches the level to where its lower end does. ")
          .Append("Answers are in `").Append(GoalSeekTables.SummaryFile).Append("`, every value tried in `goal-seek-<id>.csv`.\n\n");

        var table = new MarkdownTable(["Goal seek", "Lever", "Target", "Chance sought", "Answer", "95% interval", "Chance there"]);
        foreach (var r in result.GoalSeeks)
        {
            var at = r.AtValue?.Probability;
            table.AddMarkdownRow($"`{r.Spec.Id}`", $"`{r.Spec.Path}` in `{r.Spec.ScenarioId}` ({(r.Spec.Seek == SeekDirection.Smallest ? "smallest" : "largest")})",
                $"`{r.Spec.TargetId}`", Pct(r, r.Level),
                r.Outcome switch
                {
                    GoalSeekOutcome.Unreachable => "out of range",
                    GoalSeekOutcome.AtRangeEnd => $"**{GoalSeekTables.Value(r.Value!.Value, r.Spec)}** (range end)",
                    _ => $"**{GoalSeekTables.Value(r.Value!.Value, r.Spec)}**",
                },
                r.Value is null ? "" : Interval(r),
                at is null ? $"best {Pct(r, r.Best.Probability.Estimate)}" : Prob(r, at));
        }

        md.Append(table.ToString()).Append('\n');
        foreach (var r in result.GoalSeeks)
        {
            md.Append("### `").Append(r.Spec.Id).Append("`: ").Append(MarkdownTable.EscapeText(TargetName(result, r))).Append("\n\n");
            if (charts.TryGetValue(r.Spec.Id, out string? chart))
            {
                md.Append("![What it would take: ").Append(r.Spec.Id).Append("](").Append(chart).Append(")\n\n");
            }

            md.Append(Sentence(result, r)).Append("\n\n");
        }

        return md.ToString();
    }

    /// <summary>One line per goal seek for the console.</summary>
    public static IEnumerable<string> Headline(StudyResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        foreach (var r in result.GoalSeeks)
        {
            string question = $"P({r.Spec.TargetId}) ≥ {Pct(r, r.Level)} in {r.Spec.ScenarioId}";
            bool smallest = r.Spec.Seek == SeekDirection.Smallest;
            string line = r.Outcome switch
            {
                GoalSeekOutcome.Unreachable => $"  goal {r.Spec.Id}: no {r.Spec.Path} in [{V(r, r.Spec.From)}, {V(r, r.Spec.To)}] gives {question} (best {Pct(r, r.Best.Probability.Estimate)} at {V(r, r.Best.Value)})",
                GoalSeekOutcome.AtRangeEnd when r.ReachedAtBothEnds => $"  goal {r.Spec.Id}: every {r.Spec.Path} in [{V(r, r.Spec.From)}, {V(r, r.Spec.To)}] gives {question}",
                GoalSeekOutcome.AtRangeEnd => $"  goal {r.Spec.Id}: {r.Spec.Path} = {V(r, r.Value!.Value)} (the range's {(smallest ? "start" : "end")}; its other end falls short) gives {question}",
                _ => $"  goal {r.Spec.Id}: {r.Spec.Path} = {V(r, r.Value!.Value)} ({Interval(r)}) gives {question}",
            };
            yield return r.EndsReversed
                ? $"{line}; but the chance {(smallest ? "falls" : "rises")} as the value rises: did you mean `seek: {(smallest ? "largest" : "smallest")}`?"
                : line;
        }
    }

    private static string V(GoalSeekResult r, double value) => GoalSeekTables.Value(value, r.Spec);

    /// <summary>A probability of <paramref name="r"/>'s, with its level's decimals.</summary>
    private static string Pct(GoalSeekResult r, double probability) => Format.Percent(probability, Format.LevelDecimals(r.Level));

    private static string Prob(GoalSeekResult r, Proportion probability) => Format.Probability(probability, Format.LevelDecimals(r.Level));

    private static string Interval(GoalSeekResult r) => GoalSeekTables.Interval(r);

    private static string TargetName(StudyResult result, GoalSeekResult r) =>
        result.Scenarios.First(s => s.Scenario.Id == r.Spec.ScenarioId).Targets.First(t => t.Target.Id == r.Spec.TargetId).Target.Name;

    private static string Sentence(StudyResult result, GoalSeekResult r)
    {
        var spec = r.Spec;
        var scenario = result.Scenarios.First(s => s.Scenario.Id == spec.ScenarioId).Scenario;
        string unit = Loading.ScenarioSchema.Instance.IsInDatasetUnit(spec.Path.Split('.')) ? $" (in {scenario.Dataset.Unit.Label})" : string.Empty;
        string chance = $"P(`{spec.TargetId}`) in `{spec.ScenarioId}`";
        string share = spec.ShareOfCurrent ? $" ({Share(spec.Level)} its {Pct(r, r.Current!.Estimate)} as the scenario is)" : string.Empty;
        string level = Pct(r, r.Level) + share;
        bool smallest = spec.Seek == SeekDirection.Smallest;
        var text = new StringBuilder();
        var (first, last) = (r.Evaluations[0], r.Evaluations[^1]);
        string span = $"from {Pct(r, first.Probability.Estimate)} at {V(r, first.Value)} to {Pct(r, last.Probability.Estimate)} at {V(r, last.Value)}";
        switch (r.Outcome)
        {
            case GoalSeekOutcome.Unreachable:
                text.Append("No value of `").Append(spec.Path).Append('`').Append(unit).Append(" from ").Append(V(r, spec.From)).Append(" to ").Append(V(r, spec.To))
                    .Append(" gives ").Append(chance).Append(" of ").Append(level);
                if (r.Level >= 1)
                {
                    text.Append(", a level no probability reaches: ask for a share that keeps it below 100%.");
                    break;
                }

                text.Append(", judging by the ").Append(r.Evaluations.Length == 2 ? "range's two ends" : $"{r.Evaluations.Length} values tried")
                    .Append(" (a lever that moves the chance one way gives its most at an end): the most is ")
                    .Append(Prob(r, r.Best.Probability)).Append(", at ").Append(V(r, r.Best.Value)).Append('.');
                if ((smallest ? r.ValueLow : r.ValueHigh) is { } noise)
                {
                    text.Append(" Yet the level is within the Monte Carlo error of the chance ").Append(smallest ? "from " : "up to ").Append(V(r, noise))
                        .Append(" (its 95% interval reaches it there): more paths would tell whether the lever can give it.");
                }
                else
                {
                    text.Append(" Widen the range if larger changes are plausible; otherwise this lever alone cannot give that chance.");
                }

                break;
            case GoalSeekOutcome.AtRangeEnd when r.ReachedAtBothEnds:
                text.Append(smallest ? "Already at the range's start, " : "Even at the range's end, ").Append('`').Append(spec.Path).Append("` = ").Append(V(r, r.Value!.Value)).Append(unit)
                    .Append(", ").Append(chance).Append(" is ").Append(Prob(r, r.AtValue!.Probability)).Append(", at least the ").Append(Pct(r, r.Level)).Append(" sought").Append(share)
                    .Append(", and so it is at the other end (").Append(span).Append("): as the chance moves one way with the lever, every value from ").Append(V(r, spec.From)).Append(" to ").Append(V(r, spec.To))
                    .Append(" reaches it, so this lever does not stand between the scenario and that chance.");
                break;
            case GoalSeekOutcome.AtRangeEnd:
                text.Append("The ").Append(smallest ? "smallest" : "largest").Append(" value of `").Append(spec.Path).Append('`').Append(unit).Append(" at which ").Append(chance)
                    .Append(" reaches ").Append(level).Append(" is the range's ").Append(smallest ? "start" : "end").Append(", ").Append(V(r, r.Value!.Value))
                    .Append(", where it is ").Append(Prob(r, r.AtValue!.Probability)).Append(". But the other end falls short (").Append(span).Append(").");
                break;
            default:
                text.Append("The ").Append(smallest ? "smallest" : "largest").Append(" value of `").Append(spec.Path).Append('`').Append(unit).Append(" at which ").Append(chance)
                    .Append(smallest ? " reaches " : " still reaches ").Append(level).Append(" is **").Append(V(r, r.Value!.Value)).Append("** (95% interval ")
                    .Append(Interval(r)).Append("). There it is ").Append(Prob(r, r.AtValue!.Probability));
                if (Beyond(r) is { } next)
                {
                    text.Append("; at ").Append(V(r, next.Value)).Append(", the nearest value tried ").Append(smallest ? "below" : "above").Append(" it, ")
                        .Append(Near(next.Probability.Estimate, r.Level));
                }

                text.Append(". Across the range the chance runs ").Append(span).Append('.');
                if (r.ValueLow is null || r.ValueHigh is null || (r.ValueLow == spec.From && r.ValueHigh == spec.To))
                {
                    var at = r.AtValue!.Probability;
                    double moved = r.Evaluations.Max(e => e.Probability.Estimate) - r.Evaluations.Min(e => e.Probability.Estimate);
                    text.Append(" The interval reaches the end of the range: across the values tried the lever moves this chance by ").Append(Format.Points(moved).TrimStart('+'))
                        .Append(" pp, against a Monte Carlo error of ±").Append(Format.Points((at.Upper - at.Lower) / 2).TrimStart('+')).Append(" pp at ")
                        .Append(at.Trials.ToString("N0", Invariant)).Append(" paths, so the answer is uncertain; four times the paths (`--paths`) roughly halve that error.");
                }

                break;
        }

        if (r.EndsReversed)
        {
            text.Append("\n\n**The chance ").Append(smallest ? "falls" : "rises").Append(" as the value rises** (").Append(span).Append("), the other way from what `seek: ")
                .Append(smallest ? "smallest" : "largest").Append("` assumes (a lever that ").Append(smallest ? "raises" : "lowers").Append(" the chance): did you mean `seek: ")
                .Append(smallest ? "largest" : "smallest").Append("`?");
        }

        string asItIs = r.Current is { } p ? $"{chance} is {Prob(r, p)}" : string.Empty;
        text.Append(' ').Append(spec.CurrentValue is { } now
            ? $"As the scenario is, with `{spec.Path}` = {Numbers.Format(now)}, {asItIs}."
            : $"As the scenario is, {asItIs}; there `{spec.Path}` is not one number (a default or a table by year), and each value tried sets it to that one number.");
        text.Append(' ').Append(Numbers.Count(r.Evaluations.Length, "run")).Append(" of ").Append(r.Best.Probability.Trials.ToString("N0", Invariant))
            .Append(r.Outcome != GoalSeekOutcome.Found ? " paths." : spec.WholeNumbers ? " paths; whole numbers only." : $" paths; bisected to within {Numbers.Format(spec.Tolerance)}.");
        if (r.NotMonotone is var (lower, higher) && !r.EndsReversed)
        {
            text.Append("\n\n**The chance does not move one way with this lever:** it is ").Append(Pct(r, lower.Probability.Estimate)).Append(" at ").Append(V(r, lower.Value))
                .Append(" but ").Append(Pct(r, higher.Probability.Estimate)).Append(" at ").Append(V(r, higher.Value))
                .Append(". On common random numbers that is the lever's own effect, not noise: the answer is a value where the chance crosses the level, perhaps not the only one. ")
                .Append("The chart shows every value tried.");
        }

        return text.ToString();
    }

    /// <summary>A probability next to the level it falls short of: with up to three more decimals when fewer would read as the level itself (79.95% or 89.998% against 80% or 90%).</summary>
    private static string Near(double probability, double level)
    {
        int d = Format.LevelDecimals(level), most = d + 3;
        while (d < most && Format.Percent(probability, d) == Format.Percent(level, d))
        {
            d++;
        }

        return Format.Percent(probability, d);
    }

    /// <summary>The nearest value tried on the failing side of the answer (below the smallest, above the largest), or null.</summary>
    private static GoalSeekEvaluation? Beyond(GoalSeekResult r) => r.Spec.Seek == SeekDirection.Smallest
        ? r.Evaluations.Where(e => e.Value < r.Value).MaxBy(e => e.Value)
        : r.Evaluations.Where(e => e.Value > r.Value).MinBy(e => e.Value);

    /// <summary>"half", "a quarter of", "90% of"...: a share in words.</summary>
    private static string Share(double share) => share switch
    {
        0.5 => "half of",
        0.25 => "a quarter of",
        0.75 => "three quarters of",
        1 => "all of",
        2 => "twice",
        _ => $"{(share * 100).ToString("0.##", Invariant)}% of",
    };
}

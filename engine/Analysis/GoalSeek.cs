using System.Collections.Immutable;
using Simulation.Engine.Model;
using Simulation.Engine.Statistics;

namespace Simulation.Engine.Analysis;

/// <summary>Which end of the lever values reaching the level a goal seek looks for.</summary>
public enum SeekDirection
{
    /// <summary>The smallest value at which the probability reaches the level (for a lever that raises it, such as a budget).</summary>
    Smallest,

    /// <summary>The largest value at which the probability still reaches the level (for a lever that lowers it, such as a delay).</summary>
    Largest,
}

/// <summary>
/// "How much of this lever would it take?": the value of one numeric lever of a scenario at which a
/// target's probability reaches a level, within a range.
/// </summary>
/// <param name="Id">Names its outputs (<c>goal-seek-&lt;id&gt;.csv</c>).</param>
/// <param name="ScenarioId">The scenario whose lever is varied.</param>
/// <param name="Path">The lever's dotted path in the scenario language, e.g. <c>levers.subsidy.annual-budget</c>.</param>
/// <param name="TargetId">The target whose probability is sought.</param>
/// <param name="Level">The probability to reach, or with <paramref name="ShareOfCurrent"/> the share of the target's probability in the scenario as it is.</param>
/// <param name="ShareOfCurrent">True when <paramref name="Level"/> is a share of the current probability (0.5: half of it).</param>
/// <param name="From">The range's lower end.</param>
/// <param name="To">The range's upper end (above <paramref name="From"/>).</param>
/// <param name="Tolerance">The search stops when the answer is known to within this, in the lever's unit.</param>
/// <param name="Seek">Smallest or largest value.</param>
/// <param name="WholeNumbers">True for a lever that takes whole numbers (a delay in years): only those are tried.</param>
/// <param name="CurrentValue">The lever's value in the scenario as it is, when that is one number; null when it is a default, a distribution or a table (which each value tried replaces).</param>
/// <param name="ScenarioAt">The scenario with the lever set to a value (the same paths every time: common random numbers).</param>
public sealed record GoalSeekSpec(string Id, string ScenarioId, string Path, string TargetId, double Level, bool ShareOfCurrent, double From, double To,
    double Tolerance, SeekDirection Seek, bool WholeNumbers, double? CurrentValue, Func<double, Scenario> ScenarioAt);

/// <summary>One lever value tried, and the target's probability there.</summary>
public sealed record GoalSeekEvaluation(double Value, Proportion Probability);

/// <summary>How a goal seek ended.</summary>
public enum GoalSeekOutcome
{
    /// <summary>The level is reached inside the range; <see cref="GoalSeekResult.Value"/> is where.</summary>
    Found,

    /// <summary>The level is reached already at the end of the range where the search starts (its other end is tried too: if the level is met there as well, every value in between reaches it as the chance moves one way).</summary>
    AtRangeEnd,

    /// <summary>No value in the range reaches the level.</summary>
    Unreachable,
}

/// <summary>The answer of a goal seek.</summary>
/// <param name="Spec">The question.</param>
/// <param name="Level">The probability sought (for a share of the current probability: that share of it).</param>
/// <param name="Current">The target's probability in the scenario as it is, when the caller gave it (a share of it needs it).</param>
/// <param name="Outcome">Found, reached at the range's end, or unreachable.</param>
/// <param name="Value">The answer: the smallest (largest) value tried that reaches the level; null when unreachable.</param>
/// <param name="ValueLow">
/// The low end of the answer's 95% interval, at the outer end of its bracket: for the smallest value, the
/// largest value tried where the upper end of P's interval does not reach the level; for the largest, the
/// largest value tried where its lower end still does. Null: beyond the range (the level is within the error
/// already at the range's start) or, for an unreachable level, nowhere. For an unreachable level whose
/// upper end does reach it, the value from which the level is within the Monte Carlo error.
/// </param>
/// <param name="ValueHigh">The high end, mirrored (null: beyond the range, or nowhere).</param>
/// <param name="Best">The evaluation of the highest probability, for an unreachable level.</param>
/// <param name="Evaluations">Every value tried, in increasing order of value.</param>
/// <param name="NotMonotone">Two consecutive values tried (in increasing order) between which the probability went the wrong way (fell for the smallest value, rose for the largest); null when it never did.</param>
public sealed record GoalSeekResult(GoalSeekSpec Spec, double Level, Proportion? Current, GoalSeekOutcome Outcome, double? Value, double? ValueLow, double? ValueHigh,
    GoalSeekEvaluation Best, ImmutableArray<GoalSeekEvaluation> Evaluations, (GoalSeekEvaluation Lower, GoalSeekEvaluation Higher)? NotMonotone)
{
    /// <summary>The evaluation at the answer, when there is one.</summary>
    public GoalSeekEvaluation? AtValue => Value is { } v ? Evaluations.First(e => e.Value == v) : null;

    /// <summary>
    /// True when the chance is lower at the end of the range the search moves towards than where it
    /// starts (for the smallest value: lower at `to` than at `from`): the lever moves the chance the
    /// other way, and the other <see cref="SeekDirection"/> is probably what was meant.
    /// </summary>
    public bool EndsReversed => Spec.Seek == SeekDirection.Smallest
        ? Evaluations[^1].Probability.Estimate < Evaluations[0].Probability.Estimate
        : Evaluations[0].Probability.Estimate < Evaluations[^1].Probability.Estimate;

    /// <summary>True when the level is reached at both ends of the range.</summary>
    public bool ReachedAtBothEnds => Evaluations[0].Probability.Estimate >= Level && Evaluations[^1].Probability.Estimate >= Level;
}

/// <summary>
/// Solves for a lever value with common random numbers: every evaluation runs the scenario with the
/// lever set to a value on the same paths (the same seed), so the target's probability P(v) is a
/// deterministic step function of the value, and monotone wherever the lever acts monotonically on
/// every path (a budget, a delay). The search is a bisection on "P(v) reaches the level" to the
/// tolerance (on whole numbers for a whole-number lever): for the smallest value, between the largest
/// value tried that does not reach it and the smallest that does. The answer's interval comes from
/// the same bisection on "the upper end of P's 95% interval reaches the level" and on "its lower end
/// does": the values the Monte Carlo error cannot tell from the answer. Pure: the caller supplies the
/// evaluation.
/// Specified in docs/model.md §11.
/// </summary>
public static class GoalSeeker
{
    /// <summary>The most evaluations <see cref="Seek"/> makes for <paramref name="spec"/>: three bisections (the answer and its interval's ends), each trying both ends and then halving to the tolerance; values they share are evaluated once, so usually far fewer.</summary>
    public static int MostEvaluations(GoalSeekSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        double halvings = Math.Log2((spec.To - spec.From) / (spec.WholeNumbers ? 1 : spec.Tolerance));
        return 2 + (3 * (int)Math.Ceiling(Math.Max(0, halvings)));
    }

    /// <summary>Seeks <paramref name="spec"/>'s value, evaluating the target's probability with <paramref name="probabilityAt"/>.</summary>
    public static GoalSeekResult Seek(GoalSeekSpec spec, Func<double, Proportion> probabilityAt, Proportion? current = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(probabilityAt);
        if (!(spec.From < spec.To) || !double.IsFinite(spec.From) || !double.IsFinite(spec.To))
        {
            throw new ArgumentException($"Goal seek `{spec.Id}`: the range {spec.From}..{spec.To} is empty, reversed or not finite.", nameof(spec));
        }

        if (spec.WholeNumbers ? Math.Floor(spec.From) != spec.From || Math.Floor(spec.To) != spec.To : !(spec.Tolerance > 0) || !double.IsFinite(spec.Tolerance))
        {
            throw new ArgumentException($"Goal seek `{spec.Id}`: a whole-number range needs whole ends, and any other a finite tolerance above 0.", nameof(spec));
        }

        double level = spec.ShareOfCurrent
            ? (current ?? throw new ArgumentException("A level that is a share of the current probability needs the current probability.", nameof(current))).Estimate * spec.Level
            : spec.Level;
        var cache = new SortedDictionary<double, Proportion>();
        Proportion At(double v)
        {
            if (!cache.TryGetValue(v, out var p))
            {
                p = probabilityAt(v);
                cache[v] = p;
            }

            return p;
        }

        bool smallest = spec.Seek == SeekDirection.Smallest;

        // The end the search starts from (where the level should not yet be reached) and the end it moves towards.
        double start = smallest ? spec.From : spec.To, goal = smallest ? spec.To : spec.From;

        // Both ends, always: a level met at the start is "every value" only if it is met at the other end too.
        At(start);
        At(goal);

        // The bracket (no, yes) of the boundary of `reaches`: yes reaches it, no (nearer the start) does not;
        // no is null when the start already reaches it, yes null when the goal end does not.
        (double? No, double? Yes) Boundary(Func<Proportion, bool> reaches)
        {
            if (reaches(At(start)))
            {
                return (null, start);
            }

            if (!reaches(At(goal)))
            {
                return (start, null);
            }

            double no = start, yes = goal;
            while (Math.Abs(yes - no) > (spec.WholeNumbers ? 1 : spec.Tolerance))
            {
                double mid = spec.WholeNumbers ? Math.Floor((no + yes) / 2) : (no + yes) / 2;
                if (mid == no || mid == yes)
                {
                    break; // no number between them: a tolerance finer than the doubles there
                }

                if (reaches(At(mid)))
                {
                    yes = mid;
                }
                else
                {
                    no = mid;
                }
            }

            return (no, yes);
        }

        // The answer; its interval's outer ends: where the upper end of P's interval stops reaching the
        // level (just beyond the optimistic boundary), and where its lower end starts (the conservative one).
        double? value = Boundary(p => p.Estimate >= level).Yes;
        var optimistic = Boundary(p => p.Upper >= level);
        double? outer = optimistic.Yes is null ? null : optimistic.No;
        double? inner = Boundary(p => p.Lower >= level).Yes;
        var evaluations = cache.Select(kv => new GoalSeekEvaluation(kv.Key, kv.Value)).ToImmutableArray();
        var best = evaluations.OrderByDescending(e => e.Probability.Estimate).ThenBy(e => smallest ? e.Value : -e.Value).First();
        var outcome = value is null ? GoalSeekOutcome.Unreachable : value == start ? GoalSeekOutcome.AtRangeEnd : GoalSeekOutcome.Found;
        (double? low, double? high) = smallest ? (outer, inner) : (inner, outer);
        return new GoalSeekResult(spec, level, current, outcome, value, low, high, best, evaluations, NotMonotone(evaluations, smallest));
    }

    /// <summary>The first two consecutive values tried between which P moved against the lever's expected direction (fell for the smallest value, rose for the largest), or null.</summary>
    private static (GoalSeekEvaluation, GoalSeekEvaluation)? NotMonotone(ImmutableArray<GoalSeekEvaluation> evaluations, bool rising)
    {
        for (int i = 1; i < evaluations.Length; i++)
        {
            var (a, b) = (evaluations[i - 1], evaluations[i]);
            if (rising ? b.Probability.Estimate < a.Probability.Estimate : b.Probability.Estimate > a.Probability.Estimate)
            {
                return (a, b);
            }
        }

        return null;
    }
}

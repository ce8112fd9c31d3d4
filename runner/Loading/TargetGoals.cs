using Simulation.Engine.Model;

namespace Simulation.Runner.Loading;

/// <summary>
/// In a study a target id names one goal: the comparison table pairs a scenario's target with the
/// baseline's of that id, and the charts put all of an id's probabilities side by side, so two
/// scenarios that define one id differently (another year, value or form, say through an extending
/// file) would be compared as if they measured the same thing.
/// </summary>
public static class TargetGoals
{
    /// <summary>A target defined otherwise than in an earlier scenario of the study.</summary>
    /// <param name="Scenario">Index of the scenario whose target differs.</param>
    /// <param name="TargetId">The target's id.</param>
    /// <param name="First">Index of the scenario whose definition it differs from (the baseline's where it has one).</param>
    public sealed record Conflict(int Scenario, string TargetId, int First);

    /// <summary>Every target that differs from the first definition of its id, the baseline's first.</summary>
    public static List<Conflict> Conflicts(IReadOnlyList<Scenario> scenarios, int baseline)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        var first = new Dictionary<string, (Target Target, int Scenario)>(StringComparer.Ordinal);
        var conflicts = new List<Conflict>();
        var order = baseline >= 0 && baseline < scenarios.Count
            ? [baseline, .. Enumerable.Range(0, scenarios.Count).Where(i => i != baseline)]
            : Enumerable.Range(0, scenarios.Count).ToList();
        foreach (int s in order)
        {
            foreach (var target in scenarios[s].Targets)
            {
                if (!first.TryGetValue(target.Id, out var earlier))
                {
                    first[target.Id] = (target, s);
                }
                else if (!earlier.Target.IsSameGoal(scenarios[earlier.Scenario].Dataset, target, scenarios[s].Dataset))
                {
                    conflicts.Add(new Conflict(s, target.Id, earlier.Scenario));
                }
            }
        }

        return conflicts;
    }

    /// <summary>The problem, said of <paramref name="conflict"/> for the scenario it names.</summary>
    public static string Message(Conflict conflict, IReadOnlyList<Scenario> scenarios)
    {
        ArgumentNullException.ThrowIfNull(conflict);
        ArgumentNullException.ThrowIfNull(scenarios);
        var here = scenarios[conflict.Scenario].Targets.First(t => t.Id == conflict.TargetId);
        var there = scenarios[conflict.First].Targets.First(t => t.Id == conflict.TargetId);
        return $"target `{conflict.TargetId}` differs from scenario `{scenarios[conflict.First].Id}`'s target of that id in {Difference(here, there)}: " +
            $"in a study one id names one goal, so that scenarios compare like with like; give this goal an id of its own (where it is inherited, `{conflict.TargetId}: null` drops the inherited one)";
    }

    /// <summary>What differs between two definitions of a target, in the scenario language's words.</summary>
    private static string Difference(Target here, Target there)
    {
        if (here.Year != there.Year)
        {
            return $"its year ({here.Year} here, {there.Year} there)";
        }

        string form = Form(here.Condition), otherForm = Form(there.Condition);
        if (form != otherForm)
        {
            return $"its form (`{form}` here, `{otherForm}` there)";
        }

        return (here.Condition, there.Condition) switch
        {
            (ClusterAtLeast a, ClusterAtLeast b) when a.Value != b.Value => Values(a.Value, b.Value),
            (CountAtLeast a, CountAtLeast b) when a.Value != b.Value => Values(a.Value, b.Value),
            (TotalAtLeast a, TotalAtLeast b) when a.Value != b.Value => Values(a.Value, b.Value),
            (CountAtLeast a, CountAtLeast b) when a.AtLeast != b.AtLeast => $"its `at-least` ({a.AtLeast} here, {b.AtLeast} there)",
            (AllOf or AnyOf, _) => "its conditions",
            (ClusterAtLeast, _) => "its cluster",
            _ => "its clusters",
        };
    }

    private static string Values(double here, double there) => $"its value ({Reports.Numbers.Format(here)} here, {Reports.Numbers.Format(there)} there)";

    private static string Form(TargetCondition condition) => condition switch
    {
        ClusterAtLeast => "cluster",
        CountAtLeast => "count",
        TotalAtLeast => "total",
        AllOf => "all",
        _ => "any",
    };
}

using System.Collections.Immutable;
using Simulation.Engine.Model;

namespace Simulation.Runner.Commands;

/// <summary>
/// Where a scenario's simulation time goes, measured rather than sampled: the scenario is timed
/// whole, without each of its parts in turn (the subsidy, the parks, the revivals, the attraction,
/// the events), and as its core alone (shocks, correlation, statistics and targets; no lever, no
/// event). A part's cost is the whole run's time less the time without it; what the parts and the
/// core do not account for is their interplay (a capacity cell that two levers fill is paid once).
/// </summary>
public static class BenchBreakdown
{
    /// <summary>One timed form of the scenario.</summary>
    /// <param name="Part">The part it leaves out (null: the whole scenario).</param>
    /// <param name="Label">How the bench names the run.</param>
    /// <param name="Scenario">The scenario to time.</param>
    public sealed record Variant(string? Part, string Label, Scenario Scenario);

    /// <summary>The core's name among the parts: the scenario with no lever and no event.</summary>
    public const string Core = "core";

    /// <summary>
    /// The whole scenario first, then one variant without each part it has, then the core alone
    /// when the scenario has two parts or more (with one, the run without it is the core).
    /// </summary>
    public static ImmutableArray<Variant> Variants(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var levers = scenario.Levers;
        var variants = ImmutableArray.CreateBuilder<Variant>();
        variants.Add(new Variant(null, "everything", scenario));
        void Without(string part, bool present, Scenario less)
        {
            if (present)
            {
                variants.Add(new Variant(part, "without " + part, less));
            }
        }

        Without("subsidy", levers.Subsidy is not null, scenario with { Levers = levers with { Subsidy = null } });
        Without("parks", !levers.Parks.IsEmpty, scenario with { Levers = levers with { Parks = [] } });
        Without("revivals", !levers.Revivals.IsEmpty, scenario with { Levers = levers with { Revivals = [] } });
        Without("attraction", levers.Attraction is not null, scenario with { Levers = levers with { Attraction = null } });
        Without("events", !scenario.Dataset.Events.IsEmpty, scenario with { Dataset = scenario.Dataset with { Events = [] } });
        if (variants.Count > 2)
        {
            variants.Add(new Variant(Core, "core only (no lever, no event)", scenario with { Levers = Levers.None, Dataset = scenario.Dataset with { Events = [] } }));
        }

        return variants.ToImmutable();
    }

    /// <summary>A part's share of the whole run's time.</summary>
    /// <param name="Part">The part (a lever, the events, the core, or the interplay).</param>
    /// <param name="Seconds">Its time: the whole run's less the run's without it (the core: its own run's; the interplay: the rest, possibly negative).</param>
    /// <param name="Share">Seconds ÷ the whole run's seconds.</param>
    public sealed record Cost(string Part, double Seconds, double Share);

    /// <summary>The interplay's name among the costs.</summary>
    public const string Interplay = "interplay";

    /// <summary>
    /// The cost of each part from one round's seconds of each variant (in the order of
    /// <see cref="Variants"/>; the first the whole scenario), then the core (its own run, or with a
    /// single part the run without it), then, with two parts or more, the interplay: the whole run
    /// less the core and the parts.
    /// </summary>
    public static ImmutableArray<Cost> Costs(IReadOnlyList<Variant> variants, IReadOnlyList<double> seconds)
    {
        ArgumentNullException.ThrowIfNull(variants);
        ArgumentNullException.ThrowIfNull(seconds);
        if (variants.Count != seconds.Count || variants.Count == 0 || variants[0].Part is not null)
        {
            throw new ArgumentException("One time per variant, the whole scenario's first.", nameof(seconds));
        }

        double whole = seconds[0];
        var costs = ImmutableArray.CreateBuilder<Cost>();
        double rest = whole;
        for (int i = 1; i < variants.Count; i++)
        {
            double cost = variants[i].Part == Core ? seconds[i] : whole - seconds[i];
            costs.Add(new Cost(variants[i].Part!, cost, cost / whole));
            rest -= cost;
        }

        if (variants.Count == 2)
        {
            costs.Add(new Cost(Core, seconds[1], seconds[1] / whole));
        }
        else if (variants.Count > 2)
        {
            costs.Add(new Cost(Interplay, rest, rest / whole));
        }

        return costs.ToImmutable();
    }

    /// <summary>
    /// The median over rounds of each part's cost, each round's costs taken from that round's runs
    /// only, so that a minute when the machine is busy moves a round's runs together rather than
    /// one variant's median against another's. <paramref name="rounds"/>[r][v]: round r's seconds of variant v.
    /// </summary>
    public static ImmutableArray<Cost> MedianCosts(IReadOnlyList<Variant> variants, IReadOnlyList<IReadOnlyList<double>> rounds)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        if (rounds.Count == 0)
        {
            throw new ArgumentException("At least one round.", nameof(rounds));
        }

        var each = rounds.Select(r => Costs(variants, r)).ToList();
        return [.. each[0].Select((c, i) => new Cost(c.Part, Median(each.Select(e => e[i].Seconds)), Median(each.Select(e => e[i].Share))))];
    }

    /// <summary>The median (the mean of the middle two for an even count).</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}

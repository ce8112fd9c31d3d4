using System.Collections.Immutable;
using System.Globalization;
using Simulation.Engine.Model;

namespace Simulation.Engine.Analysis;

/// <summary>What a recorded input measures, which says how to read and phrase its values.</summary>
public enum InputKind
{
    /// <summary>A growth rate in the dataset's convention (a trend, a revival's uplift): arithmetic rate or log-drift.</summary>
    Rate,

    /// <summary>A cluster's correlated standardised annual shocks summed over a period of years, divided by √years (a standard normal).</summary>
    Shocks,

    /// <summary>How many times something happened on the path (an event's firings, attracted projects).</summary>
    Count,

    /// <summary>1 when something happened on the path (a park cancelled, a revival succeeded), else 0.</summary>
    Flag,

    /// <summary>A calendar year; the horizon + 1 stands for "never within the horizon".</summary>
    Year,

    /// <summary>A duration in years, as drawn (the kernel rounds it to whole years).</summary>
    Years,

    /// <summary>A share in [0, 1].</summary>
    Share,

    /// <summary>An amount in the dataset's unit (per km² for a park's output density).</summary>
    Amount,

    /// <summary>A plain ratio (investment induced per unit of subsidy, output per unit of investment).</summary>
    Ratio,
}

/// <summary>Where the recorder takes an input's value from.</summary>
internal enum InputSource
{
    Trend,
    Shocks,
    EventCount,
    EventFirstYear,
    SubsidyInducedInvestment,
    SubsidyOutputPerInvestment,
    ParkCancelled,
    ParkBuildYears,
    ParkRampYears,
    ParkDensity,
    ParkDisplacement,
    RevivalSucceeded,
    RevivalUplift,
    AttractionArrivals,
    AttractionClusterArrivals,
}

/// <summary>
/// One uncertain input recorded per path: a value drawn once per path (a trend, a park's build time,
/// whether a revival succeeds), a count of per-year draws (an event's firings), or a cluster's
/// annual shocks summed over the years.
/// </summary>
/// <param name="Name">Where it comes from in the scenario language, e.g. <c>clusters.semiconductors.trend</c> or <c>levers.parks.sites.guangming-1.cancelled</c>.</param>
/// <param name="Owner">The readable name of what it belongs to (a cluster, an event, a park, a lever).</param>
/// <param name="Quantity">What it is, in words: "trend", "firings", "cancelled", …</param>
/// <param name="Kind">How to read its values.</param>
public sealed record SampleInput(string Name, string Owner, string Quantity, InputKind Kind)
{
    /// <summary>"Owner: quantity", for tables and charts.</summary>
    public string Label => Owner + ": " + Quantity;

    internal InputSource Source { get; init; }

    /// <summary>The index of the cluster, event, park, programme or attraction cluster it belongs to.</summary>
    internal int Index { get; init; }
}

/// <summary>Whether an outcome is a cluster's value or a condition met (1) or not (0).</summary>
public enum OutcomeKind
{
    /// <summary>A cluster's value in a milestone year, in the dataset's unit.</summary>
    Value,

    /// <summary>1 when the path met a target or condition, else 0.</summary>
    Met,
}

/// <summary>One outcome recorded per path.</summary>
/// <param name="Name"><c>clusters.&lt;id&gt;.&lt;year&gt;</c> for a value, <c>targets.&lt;id&gt;</c> for a scenario's target, <c>conditions.&lt;id&gt;</c> for a study's own condition.</param>
/// <param name="Label">Readable name.</param>
/// <param name="Kind">Value or met.</param>
/// <param name="Year">The year it is read in.</param>
/// <param name="ClusterIndex">The cluster of a value, else −1.</param>
/// <param name="Condition">The target or condition of a met outcome, else null.</param>
public sealed record SampleOutcome(string Name, string Label, OutcomeKind Kind, int Year, int ClusterIndex, Target? Condition);

/// <summary>
/// The columns a scenario's recorded paths have: every uncertain input it draws per path (inputs
/// whose distribution is a fixed value, or whose probability is 0 or 1, vary on no path and are left
/// out), then every outcome: each cluster's value at each milestone, each target met, and each of
/// the study's own conditions met.
/// </summary>
/// <param name="Inputs">Inputs in the order of the scenario language: clusters (trend, shocks by period), events, then levers.</param>
/// <param name="Outcomes">Values by milestone then cluster, then targets, then conditions.</param>
/// <param name="ShockPeriods">
/// The periods a cluster's annual shocks are summed over: from the first simulated year to the first
/// year an outcome is read in, from the year after to the next, …, to the horizon. An outcome read in
/// a year depends on the shocks of the periods up to it and on no later ones.
/// </param>
public sealed record SampleLayout(ImmutableArray<SampleInput> Inputs, ImmutableArray<SampleOutcome> Outcomes, ImmutableArray<(int From, int To)> ShockPeriods)
{
    /// <summary>All columns: inputs then outcomes.</summary>
    public int Columns => Inputs.Length + Outcomes.Length;

    /// <summary>The layout of <paramref name="scenario"/>'s paths, with <paramref name="conditions"/> recorded after its targets.</summary>
    public static SampleLayout For(Scenario scenario, IEnumerable<Target> conditions)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(conditions);
        var dataset = scenario.Dataset;
        var inputs = ImmutableArray.CreateBuilder<SampleInput>();
        void Add(bool varies, string name, string owner, string quantity, InputKind kind, InputSource source, int index)
        {
            if (varies)
            {
                inputs.Add(new SampleInput(name, owner, quantity, kind) { Source = source, Index = index });
            }
        }

        var conditionList = conditions.ToList();
        var periods = ShockPeriodsOf(scenario, conditionList);
        int n = dataset.Clusters.Length;
        for (int c = 0; c < n; c++)
        {
            var cluster = dataset.Clusters[c];
            string at = "clusters." + cluster.Id;
            Add(Varies(cluster.Trend), at + ".trend", cluster.NameEn, "trend", InputKind.Rate, InputSource.Trend, c);
            for (int p = 0; p < periods.Length; p++)
            {
                var (from, to) = periods[p];
                string years = from == to ? from.ToString(CultureInfo.InvariantCulture) : $"{from.ToString(CultureInfo.InvariantCulture)}-{to.ToString(CultureInfo.InvariantCulture)}";
                Add(cluster.Volatility > 0, $"{at}.shocks.{years}", cluster.NameEn, "annual shocks " + years.Replace('-', '–'), InputKind.Shocks, InputSource.Shocks, c + (n * p));
            }
        }

        for (int e = 0; e < dataset.Events.Length; e++)
        {
            var ev = dataset.Events[e];
            var (first, last) = EventYears(ev, dataset.BaseYear, scenario.Horizon);
            bool fires = ev.AnnualProbability > 0 && first <= last && !(ev.AnnualProbability >= 1);
            string at = "events." + ev.Id;
            Add(fires, at + ".count", ev.Name, "firings", InputKind.Count, InputSource.EventCount, e);
            Add(fires, at + ".first-year", ev.Name, "first firing", InputKind.Year, InputSource.EventFirstYear, e);
        }

        var levers = scenario.Levers;
        if (levers.Subsidy is { } subsidy)
        {
            Add(Varies(subsidy.InducedInvestmentPerSubsidy), "levers.subsidy.induced-investment-per-subsidy", "Subsidy", "investment induced per unit paid",
                InputKind.Ratio, InputSource.SubsidyInducedInvestment, 0);
            Add(Varies(subsidy.OutputPerInvestment), "levers.subsidy.output-per-investment", "Subsidy", "output per unit of investment",
                InputKind.Ratio, InputSource.SubsidyOutputPerInvestment, 0);
        }

        for (int p = 0; p < levers.Parks.Length; p++)
        {
            var park = levers.Parks[p];
            string at = "levers.parks.sites." + park.Id;
            string owner = park.Name.Length > 0 ? park.Name : park.Id;
            Add(park.CancellationProbability is > 0 and < 1, at + ".cancelled", owner, "cancelled", InputKind.Flag, InputSource.ParkCancelled, p);
            Add(Varies(park.BuildYears), at + ".build-years", owner, "build years", InputKind.Years, InputSource.ParkBuildYears, p);
            Add(Varies(park.OccupancyRampYears), at + ".occupancy-ramp-years", owner, "occupancy ramp years", InputKind.Years, InputSource.ParkRampYears, p);
            Add(Varies(park.OutputDensity), at + ".output-density", owner, "output density", InputKind.Amount, InputSource.ParkDensity, p);
            Add(Varies(park.Displacement), at + ".displacement", owner, "displacement", InputKind.Share, InputSource.ParkDisplacement, p);
        }

        for (int r = 0; r < levers.Revivals.Length; r++)
        {
            var revival = levers.Revivals[r];
            string at = "levers.revival." + revival.Id;
            string owner = revival.Name.Length > 0 ? revival.Name : revival.Id;
            Add(revival.SuccessProbability is > 0 and < 1, at + ".succeeded", owner, "succeeded", InputKind.Flag, InputSource.RevivalSucceeded, r);
            Add(Varies(revival.Uplift), at + ".uplift", owner, "uplift", InputKind.Rate, InputSource.RevivalUplift, r);
        }

        if (levers.Attraction is { } attraction && attraction.ArrivalsPerYear > 0
            && Math.Max(attraction.StartYear, dataset.BaseYear + 1) <= Math.Min(attraction.EndYear, scenario.Horizon))
        {
            Add(true, "levers.attraction.arrivals", "Attraction", "projects attracted", InputKind.Count, InputSource.AttractionArrivals, 0);
            var weighted = attraction.Clusters.Where(w => w.Weight > 0).ToList();
            if (weighted.Count > 1)
            {
                for (int k = 0; k < attraction.Clusters.Length; k++)
                {
                    var w = attraction.Clusters[k];
                    int c = dataset.IndexOf(w.ClusterId);
                    Add(w.Weight > 0, "levers.attraction.clusters." + w.ClusterId + ".arrivals", "Attraction",
                        "projects attracted to " + (c >= 0 ? dataset.Clusters[c].NameEn : w.ClusterId), InputKind.Count, InputSource.AttractionClusterArrivals, k);
                }
            }
        }

        var outcomes = ImmutableArray.CreateBuilder<SampleOutcome>();
        foreach (int year in scenario.Milestones)
        {
            for (int c = 0; c < dataset.Clusters.Length; c++)
            {
                var cluster = dataset.Clusters[c];
                outcomes.Add(new SampleOutcome($"clusters.{cluster.Id}.{year}", $"{cluster.NameEn}, {year}", OutcomeKind.Value, year, c, null));
            }
        }

        foreach (var target in scenario.Targets)
        {
            outcomes.Add(new SampleOutcome("targets." + target.Id, target.Name, OutcomeKind.Met, target.Year, -1, target));
        }

        foreach (var condition in conditionList)
        {
            outcomes.Add(new SampleOutcome("conditions." + condition.Id, condition.Name, OutcomeKind.Met, condition.Year, -1, condition));
        }

        return new SampleLayout(inputs.ToImmutable(), outcomes.ToImmutable(), periods);
    }

    /// <summary>The periods shocks are summed over: consecutive year ranges ending at each year an outcome is read in (milestones, targets, conditions) and at the horizon.</summary>
    private static ImmutableArray<(int From, int To)> ShockPeriodsOf(Scenario scenario, IEnumerable<Target> conditions)
    {
        int baseYear = scenario.Dataset.BaseYear;
        var ends = scenario.Milestones.Concat(scenario.Targets.Select(t => t.Year)).Concat(conditions.Select(c => c.Year)).Append(scenario.Horizon)
            .Where(y => y > baseYear && y <= scenario.Horizon).Distinct().Order().ToList();
        var periods = ImmutableArray.CreateBuilder<(int, int)>(ends.Count);
        int from = baseYear + 1;
        foreach (int end in ends)
        {
            periods.Add((from, end));
            from = end + 1;
        }

        return periods.MoveToImmutable();
    }

    /// <summary>The first and last year an event may fire within base year + 1 .. horizon (first &gt; last: never).</summary>
    internal static (int First, int Last) EventYears(EventSpec ev, int baseYear, int horizon) =>
        (Math.Max(baseYear + 1, ev.FirstYear ?? baseYear + 1), Math.Min(horizon, ev.LastYear ?? horizon));

    private static bool Varies(Distribution distribution) => distribution.Minimum < distribution.Maximum;
}

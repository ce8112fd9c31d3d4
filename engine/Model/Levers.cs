using System.Collections.Immutable;

namespace Simulation.Engine.Model;

/// <summary>A value that changes by year: each entry holds from its year until the next entry.</summary>
public sealed record YearSchedule(ImmutableArray<(int Year, double Value)> Steps)
{
    /// <summary>A value that holds in every year.</summary>
    public static YearSchedule Constant(double value) => new([(int.MinValue, value)]);

    /// <summary>The value in force in <paramref name="year"/> (0 before the first entry).</summary>
    public double ValueAt(int year)
    {
        double v = 0;
        foreach (var (y, value) in Steps)
        {
            if (y <= year)
            {
                v = value;
            }
        }

        return v;
    }
}

/// <summary>A cluster and its share of something (park output, attracted projects).</summary>
public sealed record ClusterWeight(string ClusterId, double Weight);

/// <summary>
/// The technological-transformation subsidy. In each active year, qualifying projects arrive in each
/// eligible cluster as a Poisson count whose mean is <see cref="ProjectsPerYear"/> (citywide, at
/// base-year sizes) shared among the clusters by weight × size, and growing with each cluster's
/// trend-expected size (a function of the path's drawn trend, never of the lever); each has an investment drawn from <see cref="ProjectInvestment"/>
/// conditioned on being at least <see cref="InvestmentThreshold"/>; its claim is
/// min(<see cref="ReimbursementRate"/> × investment, <see cref="CapPerProject"/>). When the year's
/// claims exceed the budget, every claim is paid pro rata. The output effect is the additional
/// investment the subsidy actually paid induces — <see cref="InducedInvestmentPerSubsidy"/> per unit
/// paid, at most the subsidised projects' own investment — times the output per unit of investment,
/// entering the year after the subsidy and phased in linearly over <see cref="RampYears"/> years.
/// So output never falls as the budget, the rate or the cap rises, and a budget that binds makes the
/// rate matter only through the money paid. All amounts are in the dataset's unit.
/// </summary>
public sealed record SubsidyLever(
    int StartYear,
    int EndYear,
    YearSchedule AnnualBudget,
    double ReimbursementRate,
    double CapPerProject,
    double InvestmentThreshold,
    double ProjectsPerYear,
    ImmutableArray<ClusterWeight> Clusters,
    Distribution ProjectInvestment,
    Distribution InducedInvestmentPerSubsidy,
    Distribution OutputPerInvestment,
    int RampYears);

/// <summary>
/// One new industrial park: it may be cancelled; otherwise it is built from
/// <see cref="ConstructionStart"/> (+ the scenario's delay) over an uncertain number of years, then
/// fills over an uncertain occupancy ramp to its output density at full occupancy. A displacement
/// share of its output only moves from elsewhere in the city and adds nothing.
/// </summary>
public sealed record ParkLever(
    string Id,
    string Name,
    ImmutableArray<ClusterWeight> Serves,
    double AreaKm2,
    int ConstructionStart,
    Distribution BuildYears,
    double CancellationProbability,
    Distribution OccupancyRampYears,
    Distribution OutputDensity,
    Distribution Displacement);

/// <summary>
/// A traditional-industry revival programme: from <see cref="StartYear"/> it succeeds on a path with
/// <see cref="SuccessProbability"/>, and where it does the clusters' annual log-growth rises by an
/// uncertain uplift phased in linearly over <see cref="PhaseInYears"/> years.
/// </summary>
public sealed record RevivalLever(
    string Id,
    string Name,
    ImmutableArray<string> Clusters,
    int StartYear,
    double SuccessProbability,
    Distribution Uplift,
    int PhaseInYears);

/// <summary>
/// Major-project attraction: in each active year a Poisson number of key enterprises settle, each in
/// a cluster chosen by weight, adding an uncertain annual output phased in over <see cref="RampYears"/>.
/// </summary>
public sealed record AttractionLever(
    int StartYear,
    int EndYear,
    double ArrivalsPerYear,
    ImmutableArray<ClusterWeight> Clusters,
    Distribution ProjectSize,
    int RampYears);

/// <summary>The policies a scenario sets. Any may be absent. Their effect on a path: docs/model.md §4.</summary>
public sealed record Levers(
    SubsidyLever? Subsidy,
    ImmutableArray<ParkLever> Parks,
    int ParkDelayYears,
    ImmutableArray<RevivalLever> Revivals,
    AttractionLever? Attraction)
{
    /// <summary>No policy at all.</summary>
    public static Levers None { get; } = new(null, [], 0, [], null);
}

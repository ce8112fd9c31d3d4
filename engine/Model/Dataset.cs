using System.Collections.Immutable;

namespace Simulation.Engine.Model;

/// <summary>How a dataset states growth: arithmetic rates (a cluster "grew 8%") or log-growth.</summary>
public enum RateKind
{
    /// <summary>Trend is the mean arithmetic growth rate g and volatility the sd d of the annual rate.</summary>
    Arithmetic,

    /// <summary>Trend is the expected annual log-growth and volatility the sd of the log shock.</summary>
    Logarithmic,
}

/// <summary>The unit every value of a dataset is stated in, e.g. CNY in units of 100 million (亿元).</summary>
/// <param name="Currency">ISO currency code, e.g. CNY.</param>
/// <param name="Scale">How many currency units one value unit holds, e.g. 1e8.</param>
/// <param name="Label">The unit as people write it, e.g. "CNY 100 million (亿元)".</param>
public sealed record ValueUnit(string Currency, double Scale, string Label);

/// <summary>
/// One industrial cluster. Values are in the dataset's unit and measure. The trend is drawn once
/// per path; the volatility is the sd of the annual shock (see <see cref="RateKind"/>).
/// </summary>
public sealed record Cluster
{
    /// <summary>Creates a cluster, checking its invariants.</summary>
    public Cluster(string id, string nameEn, string nameZh, string group, double baseValue, Distribution trend, double volatility,
        RateKind rateKind, double? ceiling = null, int? takeOffYear = null, double? valueAddedRatio = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(trend);
        Guard.Positive(baseValue, nameof(baseValue));
        Guard.NonNegative(volatility, nameof(volatility));
        if (ceiling is { } k && !(k > baseValue && double.IsFinite(k)))
        {
            throw new ArgumentOutOfRangeException(nameof(ceiling), ceiling, "a ceiling must be finite and above the base value");
        }

        if (valueAddedRatio is { } r && !(r > 0 && r <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(valueAddedRatio), valueAddedRatio, "a value-added ratio must be in (0, 1]");
        }

        if (rateKind == RateKind.Arithmetic && !(trend.Cdf(-1) < 1e-9))
        {
            throw new ArgumentOutOfRangeException(nameof(trend), "an arithmetic growth rate of -100% or less must have a probability below 1e-9");
        }

        Id = id;
        NameEn = nameEn;
        NameZh = nameZh;
        Group = group;
        BaseValue = baseValue;
        Trend = trend;
        Volatility = volatility;
        RateKind = rateKind;
        Ceiling = ceiling;
        TakeOffYear = takeOffYear;
        ValueAddedRatio = valueAddedRatio;
    }

    /// <summary>Kebab-case identifier, unique in the dataset.</summary>
    public string Id { get; }

    /// <summary>English name.</summary>
    public string NameEn { get; }

    /// <summary>Chinese name.</summary>
    public string NameZh { get; }

    /// <summary>Group, e.g. electronic-information; within-group correlation applies.</summary>
    public string Group { get; }

    /// <summary>Value in the base year, in the dataset's unit.</summary>
    public double BaseValue { get; }

    /// <summary>Annual growth trend, drawn once per path (arithmetic rate or log drift per <see cref="RateKind"/>).</summary>
    public Distribution Trend { get; }

    /// <summary>Sd of the annual growth rate (arithmetic) or of the annual log shock (logarithmic).</summary>
    public double Volatility { get; }

    /// <summary>How <see cref="Trend"/> and <see cref="Volatility"/> are stated.</summary>
    public RateKind RateKind { get; }

    /// <summary>Optional ceiling K: the drift is scaled by (1 - V/K).</summary>
    public double? Ceiling { get; }

    /// <summary>Optional first year of trend growth; before it the drift is zero.</summary>
    public int? TakeOffYear { get; }

    /// <summary>Value added as a share of the measure, where known.</summary>
    public double? ValueAddedRatio { get; }
}

/// <summary>A correlation between the annual shocks of two clusters.</summary>
public sealed record PairCorrelation(string First, string Second, double Value);

/// <summary>The correlation of annual shocks within one group of clusters.</summary>
public sealed record GroupCorrelation(string Group, double Value);

/// <summary>
/// How the correlation matrix of annual shocks is built: a default for every pair, overridden by a
/// within-group value, overridden by a pair value.
/// </summary>
public sealed record CorrelationSpec(double Default, ImmutableArray<GroupCorrelation> WithinGroup, ImmutableArray<PairCorrelation> Pairs)
{
    /// <summary>No correlation at all.</summary>
    public static CorrelationSpec None { get; } = new(0, [], []);

    /// <summary>The matrix for the given clusters, in their order; the caller checks it is positive semi-definite.</summary>
    public double[,] BuildMatrix(IReadOnlyList<Cluster> clusters)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        int n = clusters.Count;
        var m = new double[n, n];
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < n; i++)
        {
            index[clusters[i].Id] = i;
        }

        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                m[i, j] = i == j ? 1 : Default;
            }
        }

        foreach (var g in WithinGroup)
        {
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    if (i != j && clusters[i].Group == g.Group && clusters[j].Group == g.Group)
                    {
                        m[i, j] = g.Value;
                    }
                }
            }
        }

        foreach (var p in Pairs)
        {
            if (index.TryGetValue(p.First, out int a) && index.TryGetValue(p.Second, out int b) && a != b)
            {
                m[a, b] = p.Value;
                m[b, a] = p.Value;
            }
        }

        return m;
    }
}

/// <summary>
/// A stochastic event: in each year of its window it fires with <see cref="AnnualProbability"/>;
/// when it fires, each hit cluster's value is multiplied by (1 + level shock) and its log-growth
/// shifted by the growth shift for <see cref="Duration"/> years (the fired year included).
/// </summary>
public sealed record EventSpec
{
    /// <summary>Creates an event, checking its invariants.</summary>
    public EventSpec(string id, string name, double annualProbability, int? firstYear, int? lastYear, ImmutableArray<string> clusters,
        Distribution? levelShock, Distribution? growthShift, int duration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        Guard.Probability(annualProbability, nameof(annualProbability));
        if (levelShock is not null && !(levelShock.Minimum > -1))
        {
            throw new ArgumentOutOfRangeException(nameof(levelShock), "a level shock must stay above -100%: bound its distribution");
        }

        if (duration < 1 && growthShift is not null)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "a growth shift lasts at least one year");
        }

        Id = id;
        Name = name;
        AnnualProbability = annualProbability;
        FirstYear = firstYear;
        LastYear = lastYear;
        Clusters = clusters;
        LevelShock = levelShock;
        GrowthShift = growthShift;
        Duration = Math.Max(duration, 1);
    }

    /// <summary>Identifier.</summary>
    public string Id { get; }

    /// <summary>Readable name.</summary>
    public string Name { get; }

    /// <summary>Probability of firing in each year of the window.</summary>
    public double AnnualProbability { get; }

    /// <summary>First year it may fire (default: the first simulated year).</summary>
    public int? FirstYear { get; }

    /// <summary>Last year it may fire (default: the horizon).</summary>
    public int? LastYear { get; }

    /// <summary>Cluster ids it hits.</summary>
    public ImmutableArray<string> Clusters { get; }

    /// <summary>Relative level shock x (value times 1 + x), drawn once per firing.</summary>
    public Distribution? LevelShock { get; }

    /// <summary>Shift of annual log-growth while active, drawn once per firing.</summary>
    public Distribution? GrowthShift { get; }

    /// <summary>Years the growth shift lasts.</summary>
    public int Duration { get; }
}

/// <summary>A baseline of clusters with their growth, correlation and events.</summary>
/// <param name="Id">Identifier.</param>
/// <param name="Name">Readable name.</param>
/// <param name="BaseYear">The year of the observed values; simulation starts with the next year.</param>
/// <param name="Unit">The unit of every value.</param>
/// <param name="Measure">What the values measure (output, revenue, scale or value added), never mixed.</param>
/// <param name="PriceBasis">"nominal" or "real".</param>
/// <param name="Clusters">Clusters in declared order.</param>
/// <param name="Correlation">Correlation of annual shocks.</param>
/// <param name="Events">Stochastic events in declared order.</param>
public sealed record Dataset(string Id, string Name, int BaseYear, ValueUnit Unit, string Measure, string PriceBasis,
    ImmutableArray<Cluster> Clusters, CorrelationSpec Correlation, ImmutableArray<EventSpec> Events)
{
    /// <summary>Published figures the model can be compared with (docs/model.md §12): history up to the base year, out of sample after it.</summary>
    public ImmutableArray<Observation> Observations { get; init; } = [];

    /// <summary>The index of the cluster with this id, or -1.</summary>
    public int IndexOf(string clusterId)
    {
        for (int i = 0; i < Clusters.Length; i++)
        {
            if (Clusters[i].Id == clusterId)
            {
                return i;
            }
        }

        return -1;
    }
}

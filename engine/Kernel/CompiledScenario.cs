using System.Collections.Immutable;
using MathNet.Numerics.LinearAlgebra;
using Simulation.Engine.Model;
using Simulation.Engine.Randomness;

namespace Simulation.Engine.Kernel;

/// <summary>
/// A scenario compiled once per run into the flat arrays the kernel reads: cluster parameters,
/// the correlation factor, lever schedules, component ids of every random stream, and log-space
/// thresholds. Immutable after construction; shared by all worker threads.
/// </summary>
internal sealed class CompiledScenario
{
    public CompiledScenario(Scenario scenario)
        : this(scenario, new SamplerCache())
    {
    }

    /// <summary>Compiles a scenario, sharing samplers with the other scenarios of a run through <paramref name="samplers"/>.</summary>
    public CompiledScenario(Scenario scenario, SamplerCache samplers)
    {
        Scenario = scenario;
        var dataset = scenario.Dataset;
        Clusters = dataset.Clusters.Length;
        BaseYear = dataset.BaseYear;
        Years = scenario.Horizon - dataset.BaseYear;
        if (Years < 1)
        {
            throw new ArgumentException("The horizon must be after the base year.", nameof(scenario));
        }

        foreach (int year in scenario.Milestones.Concat(scenario.Targets.Select(t => t.Year)))
        {
            if (year <= dataset.BaseYear || year > scenario.Horizon)
            {
                throw new ArgumentException($"Year {year} of scenario `{scenario.Id}` is outside the simulated years {dataset.BaseYear + 1}..{scenario.Horizon}.", nameof(scenario));
            }
        }

        if (scenario.Thresholds.Any(t => !(t > 0) || double.IsInfinity(t)))
        {
            throw new ArgumentException($"Thresholds of scenario `{scenario.Id}` must be finite and above 0.", nameof(scenario));
        }

        BaseValues = dataset.Clusters.Select(c => c.BaseValue).ToArray();
        LogBaseValues = BaseValues.Select(v => DetMath.Log(v)).ToArray();
        TrendSamplers = dataset.Clusters.Select(c => samplers.For(c.Trend)).ToArray();
        Factor = CorrelationFactor(dataset.Correlation.BuildMatrix(dataset.Clusters));
        IsIdentityFactor = IsIdentity(Factor, Clusters);
        Shocks = new CorrelatedShocks(Factor, Clusters);
        Ceilings = dataset.Clusters.Select(c => c.Ceiling ?? double.PositiveInfinity).ToArray();
        TakeOffOffsets = dataset.Clusters.Select(c => c.TakeOffYear is { } y ? y - BaseYear : int.MinValue).ToArray();
        Events = dataset.Events.Select(e => new CompiledEvent(e, dataset, BaseYear, scenario.Horizon, samplers)).ToImmutableArray();
        Subsidy = scenario.Levers.Subsidy is { } s ? new CompiledSubsidy(s, dataset, BaseYear, scenario.Horizon, samplers) : null;
        Parks = scenario.Levers.Parks.Select(p => new CompiledPark(p, dataset, scenario.Levers.ParkDelayYears, samplers)).ToImmutableArray();
        Revivals = scenario.Levers.Revivals.Select(r => new CompiledRevival(r, dataset, samplers)).ToImmutableArray();
        Attraction = scenario.Levers.Attraction is { } a ? new CompiledAttraction(a, dataset, samplers) : null;
        MilestoneOffsets = scenario.Milestones.Select(y => y - BaseYear).ToArray();
        LogThresholds = scenario.Thresholds.Select(v => DetMath.Log(v)).ToArray();
        TargetOffsets = scenario.Targets.Select(t => t.Year - BaseYear).ToArray();
        HasCapacity = Subsidy is not null || !Parks.IsEmpty || Attraction is not null;
        HasCeiling = Ceilings.Any(double.IsFinite);
    }

    public Scenario Scenario { get; }

    public int Clusters { get; }

    public int BaseYear { get; }

    /// <summary>Simulated years; year offset 0 is the base year, offsets 1..Years are simulated.</summary>
    public int Years { get; }

    public double[] BaseValues { get; }

    public double[] LogBaseValues { get; }

    public Sampler[] TrendSamplers { get; }

    /// <summary>Row-major factor F (F Fᵀ = correlation); lower triangular when Cholesky succeeds.</summary>
    public double[] Factor { get; }

    public bool IsIdentityFactor { get; }

    /// <summary>The product with the factor, e = F z.</summary>
    public CorrelatedShocks Shocks { get; }

    public double[] Ceilings { get; }

    public bool HasCeiling { get; }

    public int[] TakeOffOffsets { get; }

    public ImmutableArray<CompiledEvent> Events { get; }

    public CompiledSubsidy? Subsidy { get; }

    public ImmutableArray<CompiledPark> Parks { get; }

    public ImmutableArray<CompiledRevival> Revivals { get; }

    public CompiledAttraction? Attraction { get; }

    /// <summary>True when some lever adds capacity (then the kernel works in levels, not only logs).</summary>
    public bool HasCapacity { get; }

    public int[] MilestoneOffsets { get; }

    public double[] LogThresholds { get; }

    public int[] TargetOffsets { get; }

    internal static ulong ShockComponent { get; } = RandomStreams.Component("shocks");

    internal static ulong TrendComponent { get; } = RandomStreams.Component("trends");

    /// <summary>
    /// A factor F with F Fᵀ = C: the Cholesky factor when C is positive definite, else (positive
    /// semi-definite C) V √Λ from the symmetric eigen-decomposition with tiny negative eigenvalues
    /// clipped to zero. A matrix with a clearly negative eigenvalue is refused.
    /// </summary>
    internal static double[] CorrelationFactor(double[,] correlation)
    {
        int n = correlation.GetLength(0);
        var m = Matrix<double>.Build.DenseOfArray(correlation);
        var result = new double[n * n];
        try
        {
            var l = m.Cholesky().Factor;
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    result[(i * n) + j] = l[i, j];
                }
            }

            return result;
        }
        catch (ArgumentException)
        {
        }

        var evd = m.Evd(Symmetricity.Symmetric);
        var values = evd.EigenValues.Select(v => v.Real).ToArray();
        if (values.Min() < -1e-9)
        {
            throw new ArgumentException("The correlation matrix is not positive semi-definite.", nameof(correlation));
        }

        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < n; k++)
            {
                result[(i * n) + k] = evd.EigenVectors[i, k] * Math.Sqrt(Math.Max(values[k], 0));
            }
        }

        return result;
    }

    private static bool IsIdentity(double[] factor, int n)
    {
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                if (factor[(i * n) + j] != (i == j ? 1.0 : 0.0))
                {
                    return false;
                }
            }
        }

        return true;
    }

    internal static int[] Indices(Dataset dataset, IEnumerable<string> ids) =>
        ids.Select(id => dataset.IndexOf(id) is var i and >= 0 ? i : throw new ArgumentException($"Unknown cluster id `{id}`.", nameof(ids))).ToArray();

    internal static (int[] Index, double[] Share) Shares(Dataset dataset, ImmutableArray<ClusterWeight> weights)
    {
        var index = Indices(dataset, weights.Select(w => w.ClusterId));
        foreach (var w in weights)
        {
            Guard.NonNegative(w.Weight, nameof(weights));
        }

        double total = weights.Sum(w => w.Weight);
        var share = weights.Select(w => total > 0 ? w.Weight / total : 0).ToArray();
        return (index, share);
    }
}

/// <summary>An event with its per-year probability and hit clusters resolved.</summary>
internal sealed class CompiledEvent
{
    public CompiledEvent(EventSpec spec, Dataset dataset, int baseYear, int horizon, SamplerCache samplers)
    {
        Spec = spec;
        Component = RandomStreams.Component("event:" + spec.Id);
        FirstOffset = Math.Max(1, (spec.FirstYear ?? baseYear + 1) - baseYear);
        LastOffset = Math.Min(horizon - baseYear, (spec.LastYear ?? horizon) - baseYear);
        Hits = CompiledScenario.Indices(dataset, spec.Clusters);
        Level = spec.LevelShock is { } level ? samplers.For(level) : null;
        Shift = spec.GrowthShift is { } shift ? samplers.For(shift) : null;
    }

    public Sampler? Level { get; }

    public Sampler? Shift { get; }

    public EventSpec Spec { get; }

    public ulong Component { get; }

    public int FirstOffset { get; }

    public int LastOffset { get; }

    public int[] Hits { get; }
}

/// <summary>The subsidy lever with eligible clusters, shares and budgets by year offset.</summary>
internal sealed class CompiledSubsidy
{
    /// <summary>The largest double below 1: a project's probability above the threshold, passed to an inverse CDF, must stay inside (0, 1).</summary>
    public const double BelowOne = 1 - (1.0 / (1L << 53));

    public CompiledSubsidy(SubsidyLever lever, Dataset dataset, int baseYear, int horizon, SamplerCache samplers)
    {
        Guard.Probability(lever.ReimbursementRate, nameof(lever.ReimbursementRate));
        Guard.NonNegative(lever.CapPerProject, nameof(lever.CapPerProject));
        Guard.NonNegative(lever.InvestmentThreshold, nameof(lever.InvestmentThreshold));
        Guard.NonNegative(lever.ProjectsPerYear, nameof(lever.ProjectsPerYear));
        Lever = lever;
        (Eligible, var weight) = CompiledScenario.Shares(dataset, lever.Clusters.IsDefaultOrEmpty
            ? dataset.Clusters.Select(c => new ClusterWeight(c.Id, 1)).ToImmutableArray()
            : lever.Clusters);

        // Mean projects per year in each eligible cluster at base-year sizes: the citywide rate
        // shared by weight × base size.
        double denominator = 0;
        for (int k = 0; k < Eligible.Length; k++)
        {
            denominator += weight[k] * dataset.Clusters[Eligible[k]].BaseValue;
        }

        BaseRate = new double[Eligible.Length];
        for (int k = 0; k < Eligible.Length; k++)
        {
            BaseRate[k] = denominator > 0 ? lever.ProjectsPerYear * weight[k] * dataset.Clusters[Eligible[k]].BaseValue / denominator : 0;
        }

        FirstOffset = Math.Max(1, lever.StartYear - baseYear);
        LastOffset = Math.Min(horizon - baseYear, lever.EndYear - baseYear);
        Budget = new double[horizon - baseYear + 1];
        for (int t = FirstOffset; t <= LastOffset; t++)
        {
            Budget[t] = lever.AnnualBudget.ValueAt(baseYear + t);
        }

        ThresholdProbability = lever.ProjectInvestment.Cdf(lever.InvestmentThreshold);
        Investment = samplers.For(lever.ProjectInvestment);
        InducedInvestment = samplers.For(lever.InducedInvestmentPerSubsidy);
        if (!(ThresholdProbability < 1))
        {
            throw new ArgumentException("The subsidy's investment threshold is above every project investment its distribution allows.", nameof(lever));
        }
        OutputPerInvestment = samplers.For(lever.OutputPerInvestment);
        Component = RandomStreams.Component("subsidy");
        YearComponents = Enumerable.Range(0, horizon - baseYear + 1)
            .Select(t => RandomStreams.Component("subsidy:" + (baseYear + t).ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .ToArray();
    }

    public SubsidyLever Lever { get; }

    public int[] Eligible { get; }

    public double[] BaseRate { get; }

    public int FirstOffset { get; }

    public int LastOffset { get; }

    public double[] Budget { get; }

    /// <summary>P(investment &lt; threshold): project investments are drawn above it.</summary>
    public double ThresholdProbability { get; }

    public ulong Component { get; }

    /// <summary>The stream of each year's projects.</summary>
    public ulong[] YearComponents { get; }

    public Sampler Investment { get; }

    public Sampler InducedInvestment { get; }

    public Sampler OutputPerInvestment { get; }
}

/// <summary>A park with its served clusters resolved.</summary>
internal sealed class CompiledPark
{
    public CompiledPark(ParkLever lever, Dataset dataset, int delayYears, SamplerCache samplers)
    {
        Guard.Probability(lever.CancellationProbability, nameof(lever.CancellationProbability));
        Guard.NonNegative(lever.AreaKm2, nameof(lever.AreaKm2));
        ArgumentOutOfRangeException.ThrowIfNegative(delayYears);
        Lever = lever;
        (Serves, Share) = CompiledScenario.Shares(dataset, lever.Serves);
        Start = lever.ConstructionStart + delayYears;
        Component = RandomStreams.Component("park:" + lever.Id);
        Build = samplers.For(lever.BuildYears);
        Ramp = samplers.For(lever.OccupancyRampYears);
        Density = samplers.For(lever.OutputDensity);
        Displacement = samplers.For(lever.Displacement);
    }

    public Sampler Build { get; }

    public Sampler Ramp { get; }

    public Sampler Density { get; }

    public Sampler Displacement { get; }

    public ParkLever Lever { get; }

    public int[] Serves { get; }

    public double[] Share { get; }

    public int Start { get; }

    public ulong Component { get; }
}

/// <summary>A revival programme with its clusters resolved.</summary>
internal sealed class CompiledRevival
{
    public CompiledRevival(RevivalLever lever, Dataset dataset, SamplerCache samplers)
    {
        Guard.Probability(lever.SuccessProbability, nameof(lever.SuccessProbability));
        Lever = lever;
        Targets = CompiledScenario.Indices(dataset, lever.Clusters);
        Component = RandomStreams.Component("revival:" + lever.Id);
        Uplift = samplers.For(lever.Uplift);
    }

    public Sampler Uplift { get; }

    public RevivalLever Lever { get; }

    public int[] Targets { get; }

    public ulong Component { get; }
}

/// <summary>The attraction lever with cumulative cluster weights.</summary>
internal sealed class CompiledAttraction
{
    public CompiledAttraction(AttractionLever lever, Dataset dataset, SamplerCache samplers)
    {
        Guard.NonNegative(lever.ArrivalsPerYear, nameof(lever.ArrivalsPerYear));
        if (lever.EndYear < lever.StartYear)
        {
            throw new ArgumentException("Attraction years run backwards.", nameof(lever));
        }

        Lever = lever;
        (Index, var share) = CompiledScenario.Shares(dataset, lever.Clusters);
        Cumulative = new double[share.Length];
        double running = 0;
        for (int i = 0; i < share.Length; i++)
        {
            running += share[i];
            Cumulative[i] = running;
        }

        Size = samplers.For(lever.ProjectSize);
        YearComponents = new ulong[lever.EndYear - lever.StartYear + 1];
        for (int y = lever.StartYear; y <= lever.EndYear; y++)
        {
            YearComponents[y - lever.StartYear] = RandomStreams.Component("attraction:" + y.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    public Sampler Size { get; }

    /// <summary>The stream of each year's arrivals, from the start year on.</summary>
    public ulong[] YearComponents { get; }

    public AttractionLever Lever { get; }

    public int[] Index { get; }

    public double[] Cumulative { get; }

    /// <summary>The position in <see cref="Index"/> of the cluster a project with uniform draw <paramref name="u"/> goes to: the first whose cumulative share reaches u.</summary>
    public int Choose(double u)
    {
        int k = 0;
        while (k < Cumulative.Length - 1 && u > Cumulative[k])
        {
            k++;
        }

        return k;
    }
}

using System.Collections.Immutable;
using Simulation.Engine.Kernel;
using Simulation.Engine.Model;
using Simulation.Engine.Statistics;

namespace Simulation.Engine.Analysis;

/// <summary>Where an observation fell against the projection's central bands.</summary>
public enum BacktestVerdict
{
    /// <summary>Inside the 50% band (p25–p75); for an interval fact, the interval meets it.</summary>
    Inside50,

    /// <summary>Inside the 90% band (p05–p95) but not the 50% band.</summary>
    Inside90,

    /// <summary>Below the 90% band: the projection was high.</summary>
    ProjectionHigh,

    /// <summary>Above the 90% band: the projection was low.</summary>
    ProjectionLow,
}

/// <summary>
/// One out-of-sample observation set beside the projection of its year: the projection's quantiles
/// (<see cref="Backtester.Levels"/>), where the fact fell in it, and its score.
/// </summary>
/// <param name="Observation">The fact.</param>
/// <param name="Quantiles">The projected quantity's p05, p25, p50, p75, p95 (empirical, the lower quantile: the smallest path value with at least that share of paths at or below it).</param>
/// <param name="Percentile">
/// For a point fact, its predictive percentile: the share of paths below it plus half the share equal
/// to it (the mid-distribution PIT; uniform over many facts when the projection is calibrated).
/// For an interval fact, the share of paths below its lower end (0 without one).
/// </param>
/// <param name="PercentileHigh">For an interval fact, the share of paths at or below its upper end (1 without one); null for a point.</param>
/// <param name="IntervalProbability">For an interval fact, the share of paths inside it, with its 95% interval; null for a point.</param>
/// <param name="Verdict">Inside the 50% band, the 90% band, or outside it on which side.</param>
/// <param name="Crps">
/// For a point fact, the continuous ranked probability score of the paths' empirical distribution,
/// E|X − y| − ½ E|X − X′|, in the observation's unit (0 is perfect; lower is better); null for an interval.
/// Divided by <see cref="Scale"/> (known before the outcome) it stays a proper score.
/// </param>
/// <param name="LogScore">For an interval fact, ln((k + ½) / (n + 1)) for k of n paths inside it (higher is better; finite when k = 0); null for a point.</param>
public sealed record BacktestFact(Observation Observation, ImmutableArray<double> Quantiles, double Percentile, double? PercentileHigh,
    Proportion? IntervalProbability, BacktestVerdict Verdict, double? Crps, double? LogScore)
{
    /// <summary>Inside the 90% band (which includes the 50% band).</summary>
    public bool Inside90 => Verdict is BacktestVerdict.Inside50 or BacktestVerdict.Inside90;

    /// <summary>Inside the 50% band.</summary>
    public bool Inside50 => Verdict == BacktestVerdict.Inside50;

    /// <summary>
    /// The quantity at the base year (the dataset's base values): a scale known before the outcome, so a
    /// CRPS divided by it stays proper. Null when not set or not above 0 (e.g. a count of none).
    /// </summary>
    public double? Scale { get; init; }

    /// <summary>The CRPS divided by <see cref="Scale"/>: comparable across facts of different sizes; null without a scale.</summary>
    public double? RelativeCrps => Crps is { } c && Scale is { } k && k > 0 ? c / k : null;
}

/// <summary>A scenario's projection scored against its dataset's out-of-sample observations within the horizon.</summary>
/// <param name="ScenarioId">The scenario tested (by default the baseline: the policies in force).</param>
/// <param name="Paths">Paths the projection was read from: the run's first paths, the same seed.</param>
/// <param name="Facts">One per out-of-sample observation within the horizon, in dataset order.</param>
public sealed record BacktestResult(string ScenarioId, long Paths, ImmutableArray<BacktestFact> Facts)
{
    /// <summary>Facts inside the 90% band.</summary>
    public int Inside90 => Facts.Count(f => f.Inside90);

    /// <summary>Facts inside the 50% band.</summary>
    public int Inside50 => Facts.Count(f => f.Inside50);

    /// <summary>The sum of the point facts' CRPS relative to their base-year scale (null without such facts; a fact without a scale is left out): lower is better.</summary>
    public double? RelativeCrpsSum => Facts.Any(f => f.RelativeCrps is not null) ? Facts.Sum(f => f.RelativeCrps ?? 0) : null;

    /// <summary>The sum of the interval facts' log scores (null without interval facts): higher is better.</summary>
    public double? LogScoreSum => Facts.Any(f => f.LogScore is not null) ? Facts.Sum(f => f.LogScore ?? 0) : null;
}

/// <summary>
/// Scores a projection against observed facts (docs/model.md §12): simulates the scenario's first
/// paths (the same streams as the run, so the same paths), evaluates each fact's quantity in its year
/// on every path, and compares the fact with that distribution. Deterministic at any thread count.
/// </summary>
public static class Backtester
{
    /// <summary>The quantile levels every fact reports.</summary>
    public static ImmutableArray<double> Levels { get; } = [0.05, 0.25, 0.50, 0.75, 0.95];

    /// <summary>The most paths a backtest reads (100,000: a percentile to within ±0.3 pp at 95%).</summary>
    public const int MaxPaths = 100_000;

    /// <summary>The observations a backtest of <paramref name="scenario"/> scores: those after the base year, up to its horizon.</summary>
    public static ImmutableArray<Observation> OutOfSample(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return scenario.Dataset.Observations.Where(o => o.Year > scenario.Dataset.BaseYear && o.Year <= scenario.Horizon).ToImmutableArray();
    }

    /// <summary>
    /// Scores <paramref name="scenario"/>'s paths 0 … <paramref name="paths"/> − 1 of <paramref name="seed"/>
    /// against its out-of-sample observations; null when it has none.
    /// </summary>
    public static BacktestResult? Run(Scenario scenario, ulong seed, int paths, int threads = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentOutOfRangeException.ThrowIfLessThan(paths, 1);
        var facts = OutOfSample(scenario);
        if (facts.IsEmpty)
        {
            return null;
        }

        var samples = Sample(scenario, facts, seed, paths, threads, cancellationToken);
        var baseValues = scenario.Dataset.Clusters.Select(c => c.BaseValue).ToArray();
        return new BacktestResult(scenario.Id, paths, facts.Select((o, j) => Score(o, samples[j]) with { Scale = o.Quantity.Evaluate(baseValues) }).ToImmutableArray());
    }

    /// <summary>Each fact's quantity on each path (fact-major), simulated in chunks whose results land by path index.</summary>
    private static double[][] Sample(Scenario scenario, ImmutableArray<Observation> facts, ulong seed, int paths, int threads, CancellationToken cancellationToken)
    {
        var plan = new CompiledScenario(scenario);
        int n = scenario.Dataset.Clusters.Length, baseYear = scenario.Dataset.BaseYear;

        // The values of each year some fact reads are computed once per path, however many facts read it.
        int[] years = facts.Select(o => o.Year).Distinct().ToArray();
        int[] yearOf = facts.Select(o => Array.IndexOf(years, o.Year)).ToArray();
        var samples = facts.Select(_ => new double[paths]).ToArray();
        const int Chunk = 1024;
        int chunks = (paths + Chunk - 1) / Chunk;
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = threads > 0 ? threads : -1 };
        Parallel.For(0, chunks, parallel, () => (Sim: new PathSimulator(plan, seed), Values: new double[years.Length * n]), (chunk, _, local) =>
        {
            int end = Math.Min(paths, (chunk + 1) * Chunk);
            for (int p = chunk * Chunk; p < end; p++)
            {
                local.Sim.Simulate(p);
                for (int y = 0; y < years.Length; y++)
                {
                    int offset = (years[y] - baseYear) * n;
                    for (int c = 0; c < n; c++)
                    {
                        local.Values[(y * n) + c] = DetMath.Exp(local.Sim.LogValues[offset + c]);
                    }
                }

                for (int j = 0; j < facts.Length; j++)
                {
                    samples[j][p] = facts[j].Quantity.Evaluate(local.Values.AsSpan(yearOf[j] * n, n));
                }
            }

            return local;
        }, _ => { });
        return samples;
    }

    /// <summary>Scores one fact against the quantity's values on the paths (sorted in place).</summary>
    public static BacktestFact Score(Observation observation, double[] values)
    {
        ArgumentNullException.ThrowIfNull(observation);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length < 1)
        {
            throw new ArgumentException("no paths", nameof(values));
        }

        Array.Sort(values);
        int count = values.Length;
        var q = Levels.Select(level => values[Math.Clamp((int)Math.Ceiling((level * count) - 1e-9) - 1, 0, count - 1)]).ToImmutableArray();
        double p05 = q[0], p25 = q[1], p75 = q[3], p95 = q[4];
        if (observation.Value is { } y)
        {
            int below = CountBelow(values, y, inclusive: false), atOrBelow = CountBelow(values, y, inclusive: true);
            double percentile = (below + (0.5 * (atOrBelow - below))) / count;
            var verdict = y < p05 ? BacktestVerdict.ProjectionHigh : y > p95 ? BacktestVerdict.ProjectionLow
                : y >= p25 && y <= p75 ? BacktestVerdict.Inside50 : BacktestVerdict.Inside90;
            return new BacktestFact(observation, q, percentile, null, null, verdict, Crps(values, y), null);
        }

        double low = observation.AtLeast ?? double.NegativeInfinity, high = observation.AtMost ?? double.PositiveInfinity;
        int under = CountBelow(values, low, inclusive: false), upTo = CountBelow(values, high, inclusive: true);
        int inside = Math.Max(0, upTo - under);
        var where = high < p05 ? BacktestVerdict.ProjectionHigh : low > p95 ? BacktestVerdict.ProjectionLow
            : high >= p25 && low <= p75 ? BacktestVerdict.Inside50 : BacktestVerdict.Inside90;
        return new BacktestFact(observation, q, (double)under / count, (double)upTo / count, new Proportion(inside, count), where, null,
            Math.Log((inside + 0.5) / (count + 1.0)));
    }

    /// <summary>The CRPS of the empirical distribution of sorted <paramref name="x"/> at <paramref name="y"/>: mean |x − y| − (1/n²) Σᵢ (2i − n − 1) x₍ᵢ₎.</summary>
    internal static double Crps(double[] x, double y)
    {
        double n = x.Length, absolute = 0, spread = 0;
        for (int i = 0; i < x.Length; i++)
        {
            absolute += Math.Abs(x[i] - y);
            spread += ((2.0 * (i + 1)) - n - 1) * x[i];
        }

        return (absolute / n) - (spread / (n * n));
    }

    /// <summary>The number of sorted values below <paramref name="v"/> (with <paramref name="inclusive"/>, at or below it).</summary>
    private static int CountBelow(double[] sorted, double v, bool inclusive)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < v || (inclusive && sorted[mid] == v))
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}

using System.Collections.Immutable;

namespace Simulation.Engine.Analysis;

/// <summary>Two recorded inputs whose values move together in the sample (Spearman's rank correlation).</summary>
/// <param name="First">The first input's index.</param>
/// <param name="Second">The second input's index.</param>
/// <param name="Correlation">Spearman's ρ over the sampled paths (average ranks for ties).</param>
public sealed record InputCorrelation(int First, int Second, double Correlation);

/// <summary>What the analysis of a scenario's recorded paths found.</summary>
/// <param name="Sample">The recorded paths.</param>
/// <param name="Sensitivity">One entry per outcome, in layout order; empty when the study turned sensitivity off.</param>
/// <param name="Correlated">Pairs of inputs with |ρ| ≥ <see cref="Analyzer.CorrelationNote"/>: their first-order indices overlap.</param>
/// <param name="Discoveries">PRIM's answer for each discovery, in the study's order.</param>
public sealed record ScenarioAnalysis(PathSample Sample, ImmutableArray<OutcomeSensitivity> Sensitivity, ImmutableArray<InputCorrelation> Correlated,
    ImmutableArray<DiscoveryResult> Discoveries);

/// <summary>
/// Analyses a scenario's recorded paths: the first-order index and low/high-fifth readings of every
/// input on every outcome (<see cref="Analysis.Sensitivity"/>), the pairs of inputs that are not
/// independent in the sample, and PRIM on each discovery. Deterministic: the same sample gives the
/// same numbers whatever the thread count.
/// </summary>
public static class Analyzer
{
    /// <summary>|ρ| from which two inputs are reported as dependent.</summary>
    public const double CorrelationNote = 0.1;

    /// <summary>Analyses <paramref name="sample"/> as <paramref name="spec"/> and <paramref name="options"/> ask, on up to <paramref name="threads"/> threads (0: one per core).</summary>
    public static ScenarioAnalysis Analyze(PathSample sample, ScenarioAnalysisSpec spec, AnalysisOptions options, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        var layout = sample.Layout;
        int d = layout.Inputs.Length;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount };
        var inputs = new double[d][];
        var bins = new InputBins[d];
        Parallel.For(0, d, parallel, j =>
        {
            inputs[j] = sample.Input(j);
            bins[j] = new InputBins(inputs[j]);
        });

        var sensitivity = ImmutableArray<OutcomeSensitivity>.Empty;
        if (options.Sensitivity)
        {
            var outcomes = new OutcomeSensitivity[layout.Outcomes.Length];
            Parallel.For(0, outcomes.Length, parallel, () => new double[Sensitivity.ScratchLength(Math.Max(1, bins.Select(b => b.Count).DefaultIfEmpty(1).Max()))],
                (k, _, scratch) =>
                {
                    outcomes[k] = Outcome(sample, k, bins, scratch);
                    return scratch;
                },
                _ => { });
            sensitivity = [.. outcomes];
        }

        var correlated = Correlations(inputs, bins, parallel);
        var orders = bins.Select(b => b.Order).ToArray();
        var discoveries = new DiscoveryResult[spec.Discoveries.Length];
        Parallel.For(0, discoveries.Length, parallel, i =>
        {
            var discovery = spec.Discoveries[i];
            int k = layout.Outcomes.IndexOf(layout.Outcomes.First(o => o.Name == OutcomeName(discovery)));
            var met = sample.Outcome(k).Select(v => v != 0).ToArray();
            discoveries[i] = new Prim(inputs, met, orders).Run(discovery, options.Prim, discovery.MinCoverage ?? options.Prim.MinCoverage, discovery.Step);
        });

        return new ScenarioAnalysis(sample, sensitivity, correlated, [.. discoveries]);
    }

    /// <summary>The outcome column a discovery explains: its target's, or its own condition's.</summary>
    public static string OutcomeName(Discovery discovery)
    {
        ArgumentNullException.ThrowIfNull(discovery);
        return (discovery.IsTarget ? "targets." : "conditions.") + discovery.Condition.Id;
    }

    private static OutcomeSensitivity Outcome(PathSample sample, int k, InputBins[] bins, double[] scratch)
    {
        double[] y = sample.Outcome(k);
        bool met = sample.Layout.Outcomes[k].Kind == OutcomeKind.Met;
        double sum = 0, sq = 0;
        bool constant = true;
        foreach (double v in y)
        {
            sum += v;
            sq += v * v;
            constant &= v == y[0];
        }

        var overall = Sensitivity.Reading(y.Length, sum, sq, met);
        if (constant)
        {
            return new OutcomeSensitivity(k, overall, [], [], IsConstant: true);
        }

        var values = new OutcomeValues(y, met);
        var effects = new InputEffect[bins.Length];
        for (int j = 0; j < bins.Length; j++)
        {
            effects[j] = Sensitivity.Effect(j, bins[j], values, scratch);
        }

        // An index that could not be estimated (NaN) ranks last.
        var ranking = Enumerable.Range(0, effects.Length)
            .OrderByDescending(j => double.IsNaN(effects[j].Index.Value) ? -1 : effects[j].Index.Value)
            .ThenBy(j => j)
            .ToImmutableArray();
        return new OutcomeSensitivity(k, overall, [.. effects], ranking, IsConstant: false);
    }

    /// <summary>Spearman's ρ of every pair of inputs (Pearson's on average ranks); the pairs with |ρ| ≥ <see cref="CorrelationNote"/>.</summary>
    private static ImmutableArray<InputCorrelation> Correlations(double[][] inputs, InputBins[] bins, ParallelOptions parallel)
    {
        int d = bins.Length, n = inputs.Length > 0 ? inputs[0].Length : 0;
        var ranks = new double[d][];
        Parallel.For(0, d, parallel, j =>
        {
            var x = inputs[j];
            var order = bins[j].Order;
            var r = new double[n];
            for (int start = 0; start < n;)
            {
                int end = start;
                while (end + 1 < n && x[order[end + 1]] == x[order[start]])
                {
                    end++;
                }

                double average = ((start + end) / 2.0) + 1;
                for (int i = start; i <= end; i++)
                {
                    r[order[i]] = average;
                }

                start = end + 1;
            }

            // Centre and scale so that ρ is a dot product.
            double mean = (n + 1) / 2.0, norm = 0;
            for (int i = 0; i < n; i++)
            {
                r[i] -= mean;
                norm += r[i] * r[i];
            }

            norm = Math.Sqrt(norm);
            for (int i = 0; i < n; i++)
            {
                r[i] = norm > 0 ? r[i] / norm : 0;
            }

            ranks[j] = r;
        });

        var found = new List<InputCorrelation>[d];
        Parallel.For(0, d, parallel, a =>
        {
            var list = new List<InputCorrelation>();
            for (int b = a + 1; b < d; b++)
            {
                double rho = 0;
                var ra = ranks[a];
                var rb = ranks[b];
                for (int i = 0; i < n; i++)
                {
                    rho += ra[i] * rb[i];
                }

                if (Math.Abs(rho) >= CorrelationNote)
                {
                    list.Add(new InputCorrelation(a, b, rho));
                }
            }

            found[a] = list;
        });

        return [.. found.SelectMany(l => l)];
    }
}

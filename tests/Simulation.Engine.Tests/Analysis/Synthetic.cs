using Simulation.Engine.Analysis;
using Simulation.Engine.Model;
using Simulation.Engine.Randomness;

namespace Simulation.Engine.Tests.Analysis;

/// <summary>Samples made of given columns, for tests of the estimators on models with known answers.</summary>
internal static class Synthetic
{
    /// <summary>A stand-in condition: analyses read only an outcome's name and kind.</summary>
    private static readonly Target Condition = new("y", "y", 2030, new ClusterAtLeast(0, 0));

    /// <summary>Uniform(0, 1) draws from the engine's own generator: column <paramref name="column"/> of a table fixed by <paramref name="seed"/>.</summary>
    public static double[] Uniform(int n, ulong seed, int column)
    {
        var rng = RandomStreams.Create(seed, column, "synthetic");
        return [.. Enumerable.Range(0, n).Select(_ => rng.NextOpenDouble())];
    }

    /// <summary>Standard normal draws, as <see cref="Uniform"/>.</summary>
    public static double[] Normal(int n, ulong seed, int column)
    {
        var rng = RandomStreams.Create(seed, column, "synthetic-normal");
        return [.. Enumerable.Range(0, n).Select(_ => StandardNormal.Next(ref rng))];
    }

    /// <summary>A sample whose inputs are x1, x2, … and whose one outcome is y (a value, or met when <paramref name="met"/>).</summary>
    public static PathSample Sample(double[][] inputs, double[] y, bool met, InputKind kind = InputKind.Ratio) => Sample(inputs, [y], met, kind);

    /// <summary>A sample whose inputs are x1, x2, … and whose outcomes are y1, y2, … (the first named y).</summary>
    public static PathSample Sample(double[][] inputs, double[][] outcomes, bool met, InputKind kind = InputKind.Ratio)
    {
        var layout = new SampleLayout(
            [.. inputs.Select((_, j) => new SampleInput($"x{j + 1}", $"x{j + 1}", "value", kind))],
            [.. outcomes.Select((_, k) =>
            {
                string name = k == 0 ? "y" : $"y{k + 1}";
                var condition = Condition with { Id = name };
                return new SampleOutcome(met ? "targets." + name : $"clusters.{name}.2030", name, met ? OutcomeKind.Met : OutcomeKind.Value, 2030, met ? -1 : 0,
                    met ? condition : null);
            })],
            []);
        var sample = new PathSample(layout, outcomes[0].Length);
        for (int i = 0; i < outcomes[0].Length; i++)
        {
            for (int j = 0; j < inputs.Length; j++)
            {
                sample.Set(j, i, inputs[j][i]);
            }

            for (int k = 0; k < outcomes.Length; k++)
            {
                sample.Set(inputs.Length + k, i, outcomes[k][i]);
            }

            sample.Recorded(i);
        }

        return sample;
    }

    /// <summary>Analysis options for a sample: sensitivity, and PRIM on the named met outcomes (y by default).</summary>
    public static (ScenarioAnalysisSpec Spec, AnalysisOptions Options) Options(int paths, bool discover, PrimOptions? prim = null, double? minCoverage = null, int? step = null,
        IEnumerable<string>? discovered = null)
    {
        var names = discovered ?? ["y"];
        var spec = new ScenarioAnalysisSpec("s", discover ? [.. names.Select(id => new Discovery(id, Condition with { Id = id }, IsTarget: true, minCoverage, step))] : []);
        return (spec, new AnalysisOptions(paths, [spec], Sensitivity: true, prim ?? PrimOptions.Default));
    }

    /// <summary>Analyses a one-outcome sample.</summary>
    public static ScenarioAnalysis Analyze(PathSample sample, bool discover = false, PrimOptions? prim = null, double? minCoverage = null, int? step = null)
    {
        var (spec, options) = Options(sample.Paths, discover, prim, minCoverage, step);
        return Analyzer.Analyze(sample, spec, options, threads: 2);
    }
}

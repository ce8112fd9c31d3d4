using System.Collections.Immutable;

using CsvHelper;
using Simulation.Engine.Analysis;
using Simulation.Engine.Statistics;

namespace Simulation.Runner.Reports;

/// <summary>
/// The tables of a scenario's analysis, in the format of <see cref="CsvTables"/> (UTF-8, LF, invariant
/// round-trip numbers, an empty cell for "not applicable"): samples.csv (every recorded path),
/// sensitivity.csv (outcome × input) and one discovery-&lt;id&gt;.csv per discovery PRIM could run.
/// Pure: nothing here touches the disk.
/// </summary>
internal static class AnalysisTables
{
    /// <summary>File names inside a scenario's folder.</summary>
    public const string SamplesFile = "samples.csv", SensitivityFile = "sensitivity.csv";

    /// <summary>The file name of a discovery's table.</summary>
    public static string DiscoveryFile(string discoveryId) => "discovery-" + discoveryId + ".csv";

    /// <summary>
    /// sensitivity.csv columns: the outcome (its name, kind — value or met — and year), the input
    /// (name, kind), its rank by index for that outcome (1 = first), the first-order index with its 95%
    /// interval and the bins it used, then the outcome on the input's low and high groups (paths, then
    /// P(met) or the mean value with its 95% interval) and on every sampled path.
    /// </summary>
    public static ImmutableArray<string> SensitivityHeader { get; } =
    [
        "scenario", "outcome", "outcome_kind", "year", "input", "input_kind", "rank", "index", "index_low", "index_high", "bins",
        "low_paths", "low", "low_ci_low", "low_ci_high", "high_paths", "high", "high_ci_low", "high_ci_high", "overall", "overall_ci_low", "overall_ci_high",
    ];

    /// <summary>
    /// discovery-&lt;id&gt;.csv columns: each box of the peeling trajectory (phase <c>peel</c>), then the
    /// chosen box after pasting (phase <c>chosen</c>) and that box without its limits that may be noise
    /// (phase <c>pruned</c>), one row per restricted input (a box with none has one row with the input
    /// cells empty): its step; paths, cases, coverage, density and mass on the even-numbered paths PRIM
    /// searched, then the same on the odd-numbered paths it held out; the number of restricted inputs;
    /// then the input, the limits kept (empty: that side unrestricted) and, for the chosen and pruned
    /// boxes, each limit's quasi-p-value (on the searched paths).
    /// </summary>
    public static ImmutableArray<string> DiscoveryHeader { get; } =
    [
        "scenario", "discovery", "outcome", "phase", "step", "paths", "cases", "coverage", "density", "mass",
        "holdout_paths", "holdout_cases", "holdout_coverage", "holdout_density", "holdout_mass", "restricted",
        "input", "lower", "upper", "qp_lower", "qp_upper",
    ];

    /// <summary>samples.csv as UTF-8 bytes (see <see cref="WriteSamples"/>).</summary>
    public static byte[] Samples(PathSample sample)
    {
        using var buffer = new MemoryStream();
        WriteSamples(sample, buffer);
        return buffer.ToArray();
    }

    /// <summary>samples.csv, streamed: a <c>path</c> column, then every input, then every outcome, one row per recorded path.</summary>
    public static void WriteSamples(PathSample sample, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(sample);
        using var writer = new StreamWriter(stream, ReportFile.Utf8NoBom, 1 << 16, leaveOpen: true) { NewLine = "\n" };
        var layout = sample.Layout;
        using var csv = CsvTables.Open(writer, ["path", .. layout.Inputs.Select(i => i.Name), .. layout.Outcomes.Select(o => o.Name)]);
        for (int p = 0; p < sample.Paths; p++)
        {
            csv.WriteField(Numbers.Format(p));
            foreach (double v in sample.Row(p))
            {
                csv.WriteField(Numbers.Format(v));
            }

            csv.NextRecord();
        }
    }

    /// <summary>sensitivity.csv: every outcome that varies (layout order) × every input (by rank).</summary>
    public static string Sensitivity(ScenarioResult result) => CsvTables.Render(w => WriteSensitivity(w, result));

    private static void WriteSensitivity(TextWriter writer, ScenarioResult result)
    {
        var analysis = result.Analysis ?? throw new ArgumentException("The scenario was not analysed.", nameof(result));
        var layout = analysis.Sample.Layout;
        using var csv = CsvTables.Open(writer, SensitivityHeader);
        foreach (var outcome in analysis.Sensitivity.Where(o => !o.IsConstant))
        {
            var info = layout.Outcomes[outcome.Outcome];
            for (int r = 0; r < outcome.Ranking.Length; r++)
            {
                var effect = outcome.Effects[outcome.Ranking[r]];
                var input = layout.Inputs[effect.Input];
                csv.WriteField(result.Scenario.Id);
                csv.WriteField(info.Name);
                csv.WriteField(info.Kind == OutcomeKind.Met ? "met" : "value");
                csv.WriteField(Numbers.Format(info.Year));
                csv.WriteField(input.Name);
                csv.WriteField(KindName(input.Kind));
                csv.WriteField(Numbers.Format(r + 1));
                Estimate(csv, effect.Index);
                csv.WriteField(Numbers.Format(effect.Bins));
                Group(csv, effect.Low);
                Group(csv, effect.High);
                Estimate(csv, outcome.Overall.Reading);
                csv.NextRecord();
            }
        }
    }

    /// <summary>The CSV name of an input kind: rate, shocks, count, flag, year, years, share, amount, ratio.</summary>
    public static string KindName(InputKind kind) => kind.ToString().ToLowerInvariant();

    private static void Estimate(CsvWriter csv, Estimate e)
    {
        CsvTables.WriteOptional(csv, double.IsNaN(e.Value) ? null : e.Value);
        CsvTables.WriteOptional(csv, double.IsNaN(e.Lower) ? null : e.Lower);
        CsvTables.WriteOptional(csv, double.IsNaN(e.Upper) ? null : e.Upper);
    }

    private static void Group(CsvWriter csv, GroupReading g)
    {
        csv.WriteField(Numbers.Format(g.Paths));
        Estimate(csv, g.Reading);
    }

    /// <summary>A discovery's table, or null when PRIM had nothing to explain (no sampled path meets the condition, or every one does).</summary>
    public static string? Discovery(ScenarioResult result, DiscoveryResult discovery)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(discovery);
        if (discovery.Chosen is not { } chosen)
        {
            return null;
        }

        var layout = result.Analysis!.Sample.Layout;
        return CsvTables.Render(writer =>
        {
            using var csv = CsvTables.Open(writer, DiscoveryHeader);
            void Box(string phase, PrimBox box)
            {
                foreach (var limit in box.Limits.Select(l => (BoxLimit?)l).DefaultIfEmpty())
                {
                    csv.WriteField(result.Scenario.Id);
                    csv.WriteField(discovery.Discovery.Id);
                    csv.WriteField(Analyzer.OutcomeName(discovery.Discovery));
                    csv.WriteField(phase);
                    csv.WriteField(Numbers.Format(box.Step));
                    csv.WriteField(Numbers.Format(box.Paths));
                    csv.WriteField(Numbers.Format(box.Cases));
                    csv.WriteField(Numbers.Format(box.Coverage));
                    csv.WriteField(Numbers.Format(box.Density));
                    csv.WriteField(Numbers.Format(box.Mass));
                    csv.WriteField(Numbers.Format(box.Holdout.Paths));
                    csv.WriteField(Numbers.Format(box.Holdout.Cases));
                    CsvTables.WriteOptional(csv, double.IsNaN(box.Holdout.Coverage) ? null : box.Holdout.Coverage);
                    CsvTables.WriteOptional(csv, double.IsNaN(box.Holdout.Density) ? null : box.Holdout.Density);
                    CsvTables.WriteOptional(csv, double.IsNaN(box.Holdout.Mass) ? null : box.Holdout.Mass);
                    csv.WriteField(Numbers.Format(box.Limits.Length));
                    csv.WriteField(limit is null ? string.Empty : layout.Inputs[limit.Input].Name);
                    CsvTables.WriteOptional(csv, limit?.Lower);
                    CsvTables.WriteOptional(csv, limit?.Upper);
                    CsvTables.WriteOptional(csv, limit is { Lower: not null } && !double.IsNaN(limit.QuasiPLower) ? limit.QuasiPLower : null);
                    CsvTables.WriteOptional(csv, limit is { Upper: not null } && !double.IsNaN(limit.QuasiPUpper) ? limit.QuasiPUpper : null);
                    csv.NextRecord();
                }
            }

            foreach (var box in discovery.Trajectory)
            {
                Box("peel", box);
            }

            Box("chosen", chosen);
            Box("pruned", discovery.Pruned!);
        });
    }

    /// <summary>The SHA-256 of some bytes, lower-case hex.</summary>
    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
}

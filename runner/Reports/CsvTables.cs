using System.Collections.Immutable;
using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Simulation.Engine.Model;
using Simulation.Engine.Statistics;

namespace Simulation.Runner.Reports;

/// <summary>
/// The CSV tables of a run, as pure functions of the result: no clock, no file system, no culture.
/// </summary>
/// <remarks>
/// <para>Bytes: UTF-8 without BOM (see <see cref="ReportFile"/>), LF line endings, a header row, a
/// comma delimiter, fields quoted by CsvHelper only when they hold a comma, a quote, a line break or
/// a leading or trailing space (quotes doubled, RFC 4180). Formula injection escaping is off: cells
/// are data (negative numbers start with '-').</para>
/// <para>Numbers: <see cref="Numbers.Format(double)"/> (invariant "R", full round-trip precision).
/// Probabilities are fractions in [0, 1], never percentages. Values are in the dataset's unit
/// (<see cref="Dataset.Unit"/>; written into summary.json).</para>
/// <para>Order: study scenario order, then dataset cluster order, then milestone or year order, then
/// scenario target order. Threshold columns follow the scenario's threshold order. An empty cell
/// means "not applicable" (e.g. the baseline's difference from itself), never zero.</para>
/// <para>Column names are a contract (<see cref="ClustersHeader"/> and friends): they may grow, not
/// silently change.</para>
/// </remarks>
internal static class CsvTables
{
    private static readonly CsvConfiguration Configuration = new(CultureInfo.InvariantCulture)
    {
        NewLine = "\n",
        InjectionOptions = InjectionOptions.None,
        HasHeaderRecord = true,
    };

    /// <summary>
    /// clusters.csv columns: scenario, cluster, name, name_zh, year, mean, sd, one column per quantile
    /// level (p05 … p95), then for each threshold t: p_ge_&lt;t&gt;, p_ge_&lt;t&gt;_low, p_ge_&lt;t&gt;_high
    /// (P(value ≥ t) at the milestone and its 95% interval; t written like every number, e.g. p_ge_1000),
    /// and last the unit of every value and threshold (the dataset's, e.g. "CNY 100 million (亿元)").
    /// </summary>
    public static ImmutableArray<string> ClustersHeader(ScenarioResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var header = ImmutableArray.CreateBuilder<string>();
        header.AddRange("scenario", "cluster", "name", "name_zh", "year", "mean", "sd");
        header.AddRange(result.QuantileLevels.Select(Numbers.QuantileName));
        foreach (double t in result.Scenario.Thresholds)
        {
            string p = "p_ge_" + Numbers.Format(t);
            header.AddRange(p, p + "_low", p + "_high");
        }

        header.Add("unit");
        return header.ToImmutable();
    }

    /// <summary>bands.csv columns: scenario, cluster, year, one column per quantile level (p05 … p95), then the values' unit.</summary>
    public static ImmutableArray<string> BandsHeader(ScenarioResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return ["scenario", "cluster", "year", .. result.QuantileLevels.Select(Numbers.QuantileName), "unit"];
    }

    /// <summary>targets.csv columns.</summary>
    public static ImmutableArray<string> TargetsHeader { get; } =
        ["scenario", "target", "name", "year", "probability", "ci_low", "ci_high", "standard_error", "method", "successes", "paths"];

    /// <summary>comparison.csv columns.</summary>
    public static ImmutableArray<string> ComparisonHeader { get; } =
        ["scenario", "target", "target_name", "year", "probability", "ci_low", "ci_high",
            "difference", "difference_low", "difference_high", "paired_se", "unpaired_se"];

    /// <summary>
    /// sweep-&lt;id&gt;.csv columns: scenario, one column per lever path the sweep sets (named by the path,
    /// in order of first appearance; in a grid, then the paths the other sweeps set), then for each target t of the swept scenarios (in order of first
    /// appearance): t_probability, t_ci_low, t_ci_high, t_difference, t_difference_low, t_difference_high.
    /// </summary>
    public static ImmutableArray<string> SweepHeader(StudyResult result, string sweepId)
    {
        var (levers, targets, _) = SweepLayout(result, sweepId);
        return ["scenario", .. levers, .. targets.SelectMany(t => SweepTargetColumns.Select(c => t.Id + "_" + c))];
    }

    /// <summary>One row per cluster and milestone year: distribution and threshold probabilities.</summary>
    public static string Clusters(ScenarioResult result) => Render(w => WriteClusters(w, result));

    /// <summary>Writes <see cref="Clusters(ScenarioResult)"/> to a writer (which stays open).</summary>
    public static void WriteClusters(TextWriter writer, ScenarioResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var csv = Open(writer, ClustersHeader(result));
        var dataset = result.Scenario.Dataset;
        foreach (var cluster in result.Clusters)
        {
            var info = ClusterInfo(dataset, cluster.ClusterId);
            foreach (var m in cluster.Milestones)
            {
                csv.WriteField(result.Scenario.Id);
                csv.WriteField(cluster.ClusterId);
                csv.WriteField(info.NameEn);
                csv.WriteField(info.NameZh);
                csv.WriteField(Numbers.Format(m.Year));
                csv.WriteField(Numbers.Format(m.Mean));
                csv.WriteField(Numbers.Format(m.Sd));
                foreach (double q in m.Quantiles)
                {
                    csv.WriteField(Numbers.Format(q));
                }

                foreach (var t in m.Thresholds)
                {
                    csv.WriteField(Numbers.Format(t.Probability.Estimate));
                    csv.WriteField(Numbers.Format(t.Probability.Lower));
                    csv.WriteField(Numbers.Format(t.Probability.Upper));
                }

                csv.WriteField(dataset.Unit.Label);
                csv.NextRecord();
            }
        }
    }

    /// <summary>One row per cluster and year, base year to horizon: the quantiles behind the fan charts.</summary>
    public static string Bands(ScenarioResult result) => Render(w => WriteBands(w, result));

    /// <summary>Writes <see cref="Bands(ScenarioResult)"/> to a writer (which stays open).</summary>
    public static void WriteBands(TextWriter writer, ScenarioResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var csv = Open(writer, BandsHeader(result));
        foreach (var cluster in result.Clusters)
        {
            foreach (var y in cluster.Years)
            {
                csv.WriteField(result.Scenario.Id);
                csv.WriteField(cluster.ClusterId);
                csv.WriteField(Numbers.Format(y.Year));
                foreach (double q in y.Quantiles)
                {
                    csv.WriteField(Numbers.Format(q));
                }

                csv.WriteField(result.Scenario.Dataset.Unit.Label);
                csv.NextRecord();
            }
        }
    }

    /// <summary>One row per target: probability, 95% interval, standard error, interval method and counts.</summary>
    public static string Targets(ScenarioResult result) => Render(w => WriteTargets(w, result));

    /// <summary>Writes <see cref="Targets(ScenarioResult)"/> to a writer (which stays open).</summary>
    public static void WriteTargets(TextWriter writer, ScenarioResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var csv = Open(writer, TargetsHeader);
        foreach (var t in result.Targets)
        {
            var p = t.Probability;
            WriteTargetProbability(csv, result.Scenario.Id, t);
            csv.WriteField(Numbers.Format(p.StandardError));
            csv.WriteField(p.Method);
            csv.WriteField(Numbers.Format(p.Successes));
            csv.WriteField(Numbers.Format(p.Trials));
            csv.NextRecord();
        }
    }

    /// <summary>
    /// One row per scenario and target, in study order: the probability and its interval, and for
    /// non-baseline scenarios the paired difference from the baseline (same paths), its paired 95%
    /// interval and standard error, and the standard error two independent runs would have had.
    /// The baseline's rows, and targets the baseline lacks, leave the difference cells empty.
    /// </summary>
    public static string Comparison(StudyResult result) => Render(w => WriteComparison(w, result));

    /// <summary>Writes <see cref="Comparison(StudyResult)"/> to a writer (which stays open).</summary>
    public static void WriteComparison(TextWriter writer, StudyResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var csv = Open(writer, ComparisonHeader);
        foreach (var scenario in result.Scenarios)
        {
            foreach (var t in scenario.Targets)
            {
                WriteTargetProbability(csv, scenario.Scenario.Id, t);
                var d = FindDifference(result, scenario.Scenario.Id, t.Target.Id);
                WriteInterval(csv, d?.Difference, d?.Lower, d?.Upper);
                WriteOptional(csv, d?.StandardError);
                WriteOptional(csv, d?.UnpairedStandardError);
                csv.NextRecord();
            }
        }
    }

    /// <summary>
    /// The lever values a variant sets, the sweep <paramref name="sweepId"/>'s first and then (in a grid)
    /// the other sweeps', in their order: how every table and chart of one sweep lists them.
    /// </summary>
    public static IEnumerable<SweepPoint> PointsOf(StudyScenario scenario, string sweepId)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return scenario.Sweep.Where(p => p.SweepId == sweepId).Concat(scenario.Sweep.Where(p => p.SweepId != sweepId));
    }

    /// <summary>The ids of the study's sweeps, in order of first appearance; each gets a sweep-&lt;id&gt;.csv.</summary>
    public static ImmutableArray<string> SweepIds(Study study)
    {
        ArgumentNullException.ThrowIfNull(study);
        return study.Scenarios.SelectMany(s => s.Sweep).Select(p => p.SweepId).Distinct(StringComparer.Ordinal).ToImmutableArray();
    }

    /// <summary>
    /// One row per variant of a sweep (study order): the lever value(s) it sets, then each target's
    /// probability, 95% interval and paired difference from the baseline with its interval (empty
    /// where the variant is the baseline or lacks the target).
    /// </summary>
    public static string Sweep(StudyResult result, string sweepId) => Render(w => WriteSweep(w, result, sweepId));

    /// <summary>Writes <see cref="Sweep(StudyResult, string)"/> to a writer (which stays open).</summary>
    public static void WriteSweep(TextWriter writer, StudyResult result, string sweepId)
    {
        var (levers, targets, variants) = SweepLayout(result, sweepId);
        using var csv = Open(writer, SweepHeader(result, sweepId));
        foreach (int s in variants)
        {
            var scenario = result.Scenarios[s];
            var points = result.Study.Scenarios[s].Sweep;
            csv.WriteField(scenario.Scenario.Id);
            foreach (string lever in levers)
            {
                var point = points.FirstOrDefault(p => p.LeverPath == lever);
                WriteOptional(csv, point?.Value);
            }

            foreach (var target in targets)
            {
                var p = scenario.Targets.FirstOrDefault(t => t.Target.Id == target.Id)?.Probability;
                WriteInterval(csv, p?.Estimate, p?.Lower, p?.Upper);
                var d = FindDifference(result, scenario.Scenario.Id, target.Id);
                WriteInterval(csv, d?.Difference, d?.Lower, d?.Upper);
            }

            csv.NextRecord();
        }
    }

    /// <summary>scenario, target, name, year, probability, ci_low, ci_high: the columns targets.csv and comparison.csv share.</summary>
    private static void WriteTargetProbability(CsvWriter csv, string scenarioId, TargetResult t)
    {
        csv.WriteField(scenarioId);
        csv.WriteField(t.Target.Id);
        csv.WriteField(t.Target.Name);
        csv.WriteField(Numbers.Format(t.Target.Year));
        WriteInterval(csv, t.Probability.Estimate, t.Probability.Lower, t.Probability.Upper);
    }

    /// <summary>An estimate and its interval, three cells (empty when absent).</summary>
    private static void WriteInterval(CsvWriter csv, double? estimate, double? lower, double? upper)
    {
        WriteOptional(csv, estimate);
        WriteOptional(csv, lower);
        WriteOptional(csv, upper);
    }

    private static readonly string[] SweepTargetColumns = ["probability", "ci_low", "ci_high", "difference", "difference_low", "difference_high"];

    private static (ImmutableArray<string> Levers, ImmutableArray<Target> Targets, ImmutableArray<int> Variants) SweepLayout(StudyResult result, string sweepId)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrEmpty(sweepId);
        var variants = Enumerable.Range(0, result.Study.Scenarios.Length)
            .Where(i => result.Study.Scenarios[i].Sweep.Any(p => p.SweepId == sweepId))
            .ToImmutableArray();
        if (variants.IsEmpty)
        {
            throw new ArgumentException($"The study has no sweep `{sweepId}`.", nameof(sweepId));
        }

        // This sweep's lever paths, then (in a grid) the other sweeps' that its variants also set.
        var levers = variants.SelectMany(i => PointsOf(result.Study.Scenarios[i], sweepId))
            .Select(p => p.LeverPath)
            .Distinct(StringComparer.Ordinal)
            .ToImmutableArray();
        var targets = ImmutableArray.CreateBuilder<Target>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (int i in variants)
        {
            foreach (var t in result.Scenarios[i].Targets)
            {
                if (seen.Add(t.Target.Id))
                {
                    targets.Add(t.Target);
                }
            }
        }

        return (levers, targets.ToImmutable(), variants);
    }

    private static PairedDifference? FindDifference(StudyResult result, string scenarioId, string targetId) =>
        result.Differences.FirstOrDefault(d => d.ScenarioId == scenarioId && d.TargetId == targetId);

    private static Cluster ClusterInfo(Dataset dataset, string clusterId)
    {
        int i = dataset.IndexOf(clusterId);
        return i >= 0 ? dataset.Clusters[i] : throw new InvalidOperationException($"Cluster `{clusterId}` is not in dataset `{dataset.Id}`.");
    }

    /// <summary>A number, or an empty cell ("not applicable").</summary>
    internal static void WriteOptional(CsvWriter csv, double? value) => csv.WriteField(value is { } v ? Numbers.Format(v) : string.Empty);

    /// <summary>A CSV writer in this class's format, its header written.</summary>
    internal static CsvWriter Open(TextWriter writer, IEnumerable<string> header)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var csv = new CsvWriter(writer, Configuration, leaveOpen: true);
        foreach (string h in header)
        {
            csv.WriteField(h);
        }

        csv.NextRecord();
        return csv;
    }

    /// <summary>A table as a string.</summary>
    internal static string Render(Action<TextWriter> write)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        write(writer);
        return writer.ToString();
    }
}

using System.Collections.Immutable;
using System.Text;
using Simulation.Engine.Model;
using Simulation.Engine.Statistics;

namespace Simulation.Runner.Reports;

/// <summary>One file of a report: where it goes under the output folder and what it holds.</summary>
/// <param name="RelativePath">Path under the output folder, '/'-separated (e.g. "baseline/clusters.csv").</param>
/// <param name="Content">The text; written as <see cref="ToUtf8"/>.</param>
internal sealed record ReportFile(string RelativePath, string Content)
{
    /// <summary>UTF-8 without a byte order mark, throwing on unpaired surrogates.</summary>
    public static UTF8Encoding Utf8NoBom { get; } = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The bytes to write.</summary>
    public byte[] ToUtf8() => Utf8NoBom.GetBytes(Content);
}

/// <summary>
/// The tables and summaries of a run as a list of files, in a fixed order, for the runner's I/O
/// layer to write (atomically) under the output folder. Pure: nothing here touches the disk.
/// </summary>
internal static class ReportTables
{
    /// <summary>File names inside a scenario's folder.</summary>
    public const string SummaryFile = "summary.json", ClustersFile = "clusters.csv", BandsFile = "bands.csv", TargetsFile = "targets.csv";

    /// <summary>The study-level comparison table.</summary>
    public const string ComparisonFile = "comparison.csv";

    /// <summary>The file name of a sweep's table: sweep-&lt;id&gt;.csv.</summary>
    public static string SweepFile(string sweepId) => "sweep-" + sweepId + ".csv";

    /// <summary>One scenario's files (summary.json, clusters.csv, bands.csv, targets.csv) in <paramref name="folder"/>.</summary>
    public static ImmutableArray<ReportFile> ForScenario(ScenarioResult result, IReadOnlyList<SweepPoint>? sweep = null, string? folder = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        string prefix = (folder ?? result.Scenario.Id) is { Length: > 0 } f ? f + "/" : string.Empty;
        return
        [
            new(prefix + SummaryFile, SummaryJson.Render(result, sweep)),
            new(prefix + ClustersFile, CsvTables.Clusters(result)),
            new(prefix + BandsFile, CsvTables.Bands(result)),
            new(prefix + TargetsFile, CsvTables.Targets(result)),
        ];
    }

    /// <summary>
    /// A study's files: comparison.csv, one sweep-&lt;id&gt;.csv per sweep, then each scenario's files
    /// in its own folder named by its id, in study order.
    /// </summary>
    public static ImmutableArray<ReportFile> ForStudy(StudyResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var files = ImmutableArray.CreateBuilder<ReportFile>();
        files.Add(new(ComparisonFile, CsvTables.Comparison(result)));
        foreach (string id in CsvTables.SweepIds(result.Study))
        {
            files.Add(new(SweepFile(id), CsvTables.Sweep(result, id)));
        }

        for (int i = 0; i < result.Scenarios.Length; i++)
        {
            files.AddRange(ForScenario(result.Scenarios[i], result.Study.Scenarios[i].Sweep));
        }

        return files.ToImmutable();
    }
}

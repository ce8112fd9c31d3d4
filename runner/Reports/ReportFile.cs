using System.Collections.Immutable;
using System.Text;
using Simulation.Engine.Model;
using Simulation.Engine.Statistics;

namespace Simulation.Runner.Reports;

/// <summary>One file of a report: where it goes under the output folder and its bytes.</summary>
internal sealed class ReportFile
{
    private readonly byte[] bytes;

    /// <summary>A text file, written as UTF-8 without a byte order mark.</summary>
    /// <param name="relativePath">Path under the output folder, '/'-separated (e.g. "baseline/clusters.csv").</param>
    /// <param name="content">The text.</param>
    public ReportFile(string relativePath, string content)
        : this(relativePath, Utf8NoBom.GetBytes(content))
    {
    }

    /// <summary>A file of given bytes (a large table written straight to UTF-8).</summary>
    public ReportFile(string relativePath, byte[] utf8)
    {
        RelativePath = relativePath;
        bytes = utf8;
    }

    /// <summary>UTF-8 without a byte order mark, throwing on unpaired surrogates.</summary>
    public static UTF8Encoding Utf8NoBom { get; } = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Path under the output folder, '/'-separated.</summary>
    public string RelativePath { get; }

    /// <summary>The text.</summary>
    public string Content => Utf8NoBom.GetString(bytes);

    /// <summary>The bytes to write.</summary>
    public byte[] ToUtf8() => bytes;
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

    /// <summary>
    /// One scenario's files in <paramref name="folder"/>: summary.json, clusters.csv, bands.csv,
    /// targets.csv, and for an analysed scenario sensitivity.csv (unless the study turned sensitivity
    /// off) and a discovery-&lt;id&gt;.csv for each discovery PRIM could run. Its samples.csv is streamed to
    /// disk apart (<see cref="AnalysisTables.WriteSamples"/>): <paramref name="samplesSha256"/> is its hash,
    /// which summary.json records.
    /// </summary>
    public static ImmutableArray<ReportFile> ForScenario(ScenarioResult result, IReadOnlyList<SweepPoint>? sweep = null, string? folder = null, string? samplesSha256 = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        string prefix = (folder ?? result.Scenario.Id) is { Length: > 0 } f ? f + "/" : string.Empty;
        var analysis = ImmutableArray.CreateBuilder<ReportFile>();
        if (result.Analysis is { } a)
        {
            if (!a.Sensitivity.IsEmpty)
            {
                analysis.Add(new(prefix + AnalysisTables.SensitivityFile, AnalysisTables.Sensitivity(result)));
            }

            foreach (var d in a.Discoveries)
            {
                if (AnalysisTables.Discovery(result, d) is { } table)
                {
                    analysis.Add(new(prefix + AnalysisTables.DiscoveryFile(d.Discovery.Id), table));
                }
            }
        }

        return
        [
            new(prefix + SummaryFile, SummaryJson.Render(result, sweep, samplesSha256)),
            new(prefix + ClustersFile, CsvTables.Clusters(result)),
            new(prefix + BandsFile, CsvTables.Bands(result)),
            new(prefix + TargetsFile, CsvTables.Targets(result)),
            .. analysis,
        ];
    }

    /// <summary>
    /// A study's files: comparison.csv, one sweep-&lt;id&gt;.csv per sweep, backtest.csv (when there are facts to score), goal-seeks.csv and one
    /// goal-seek-&lt;id&gt;.csv per goal seek (when the study has any), then each scenario's files in
    /// its own folder named by its id, in study order (with differences.csv, the paired cluster
    /// differences, for every scenario but the baseline); <paramref name="samplesSha256"/> holds the hash of
    /// each analysed scenario's samples.csv by scenario id (computed here for any it lacks).
    /// </summary>
    public static ImmutableArray<ReportFile> ForStudy(StudyResult result, IReadOnlyDictionary<string, string>? samplesSha256 = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var files = ImmutableArray.CreateBuilder<ReportFile>();
        files.Add(new(ComparisonFile, CsvTables.Comparison(result)));
        foreach (string id in CsvTables.SweepIds(result.Study))
        {
            files.Add(new(SweepFile(id), CsvTables.Sweep(result, id)));
        }

        if (result.Backtest is { } backtest)
        {
            files.Add(new(BacktestTables.File, BacktestTables.Render(backtest, result.Scenarios.First(s => s.Scenario.Id == backtest.ScenarioId).Scenario.Dataset)));
        }

        if (!result.GoalSeeks.IsEmpty)
        {
            files.Add(new(GoalSeekTables.SummaryFile, GoalSeekTables.Summary(result.GoalSeeks)));
            foreach (var seek in result.GoalSeeks)
            {
                files.Add(new(GoalSeekTables.EvaluationsFile(seek.Spec.Id), GoalSeekTables.Evaluations(seek)));
            }
        }

        for (int i = 0; i < result.Scenarios.Length; i++)
        {
            var scenario = result.Scenarios[i];
            string? hash = samplesSha256?.GetValueOrDefault(scenario.Scenario.Id)
                ?? (scenario.Analysis is { } a ? AnalysisTables.Sha256(AnalysisTables.Samples(a.Sample)) : null);
            files.AddRange(ForScenario(scenario, result.Study.Scenarios[i].Sweep, samplesSha256: hash));
            if (ClusterEffects.HasDifferences(result, scenario.Scenario.Id))
            {
                files.Add(new(scenario.Scenario.Id + "/" + ClusterEffects.File, ClusterEffects.Csv(result, scenario.Scenario.Id)));
            }
        }

        return files.ToImmutable();
    }
}

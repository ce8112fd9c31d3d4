using System.Runtime.ExceptionServices;
using Simulation.Engine.Analysis;
using Simulation.Engine.Statistics;
using Simulation.Runner.Charts;

namespace Simulation.Runner.Output;

/// <summary>
/// Chooses and renders the charts of a study report: the study's comparisons (targets by scenario,
/// paired differences, each sweep's curve, each goal seek's values tried, each cluster's scenarios overlaid on shared axes), a
/// small-multiples page per scenario, and the baseline's fan chart and milestone distribution per
/// cluster. Sweep variants get tables only: their charts would repeat the sweep curve.
/// </summary>
internal static class StudyCharts
{
    /// <summary>Relative paths of the charts written, for the report.</summary>
    public sealed record Index(
        string? TargetProbabilities,
        string? PairedDifferences,
        IReadOnlyDictionary<string, string> Sweeps,
        IReadOnlyDictionary<string, string> SweepDifferences,
        IReadOnlyDictionary<string, string> SmallMultiples,
        IReadOnlyDictionary<string, IReadOnlyList<(string Caption, string Path)>> Clusters,
        IReadOnlyDictionary<string, AnalysisIndex> Analyses,
        IReadOnlyDictionary<string, string> GoalSeeks,
        string? Backtest = null);

    /// <summary>An analysed scenario's charts: a tornado per met outcome (by its name, e.g. targets.x) and PRIM's two per discovery (by id).</summary>
    public sealed record AnalysisIndex(IReadOnlyDictionary<string, string> Tornadoes, IReadOnlyDictionary<string, (string? Trajectory, string? Box)> Discoveries);

    /// <summary>The file listing every chart with the fingerprint of what it shows (see <see cref="ChartStamp"/>).</summary>
    public const string ManifestFile = "charts.json";

    /// <summary>charts.json: every chart's path and fingerprint, in path order.</summary>
    internal static string Manifest(IEnumerable<string> paths, IReadOnlyList<string> fingerprints)
    {
        var charts = new SortedDictionary<string, string>(paths.Zip(fingerprints).ToDictionary(), StringComparer.Ordinal);
        var manifest = new Dictionary<string, object> { ["format"] = "simulation-charts", ["format_version"] = 1, ["charts"] = charts };
        return System.Text.Json.JsonSerializer.Serialize(manifest, Indented) + "\n";
    }

    private static readonly System.Text.Json.JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The backtest chart's rows: each fact's percentiles, and observed against the projection's median.</summary>
    internal static BacktestChartData BacktestChart(BacktestResult backtest, int baseYear) => new(backtest.ScenarioId, baseYear, BacktestReport.Summary(backtest),
        [.. backtest.Facts.Select(f => new BacktestRow(f.Observation.Name, 100 * f.Percentile, f.PercentileHigh * 100, f.Inside90,
            $"{BacktestReport.Observed(f.Observation)} · median {BacktestReport.Amount(f.Quantiles[2])}"))]);

    /// <summary>
    /// Writes the charts; adds a note when Chinese was asked for but no CJK font exists, and one (for
    /// the whole run) when some chart has a text no one font can draw (<see cref="ChartFonts.Warning"/>).
    /// <paramref name="cjkFonts"/> says where to look for a CJK font (default: the machine's font folders).
    /// </summary>
    public static Index Write(StudyResult result, ReportFolder folder, string lang, List<string> notes, CancellationToken cancellationToken, CjkFont? cjkFonts = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(notes);
        var setup = ChartFonts.Configure(lang == "zh" ? ChartLanguage.Chinese : ChartLanguage.English, cjkFonts);
        if (setup.Message is { } message)
        {
            notes.Add(message);
        }

        var options = setup.Options;
        var study = result.Study;
        string baseline = study.BaselineId;
        var compared = ChartDataBuilder.ComparedScenarioIds(result);

        // Charts are listed first and drawn afterwards, several at a time: each is independent of the others.
        // Each chart is stamped with the fingerprint of what it shows (ChartStamp), also listed in charts.json.
        // Each is given the run's options with its own list for the texts it cannot draw as composed.
        var jobs = new List<(string Path, Func<ChartOptions, (byte[] Png, string Fingerprint)> Render)>();
        string Save<T>(string path, Func<T> data, Func<T, ChartOptions, byte[]> render)
            where T : notnull
        {
            jobs.Add((path, chartOptions =>
            {
                var shown = data();
                string fingerprint = ChartStamp.Fingerprint(shown, chartOptions);
                return (ChartStamp.Write(render(shown, chartOptions), fingerprint), fingerprint);
            }
            ));
            return path;
        }

        string? targets = result.Scenarios.Any(s => !s.Targets.IsEmpty)
            ? Save("charts/targets.png", () => ChartDataBuilder.TargetProbabilities(result), ChartRenderer.RenderTargetProbabilities)
            : null;
        string? backtest = result.Backtest is { } tested
            ? Save("charts/backtest.png", () => BacktestChart(tested, result.Scenarios.First(s => s.Scenario.Id == tested.ScenarioId).Scenario.Dataset.BaseYear), ChartRenderer.RenderBacktest)
            : null;
        string? differences = compared.Length > 1 && !result.Differences.IsEmpty
            ? Save("charts/differences.png", () => ChartDataBuilder.PairedDifferences(result), ChartRenderer.RenderPairedDifferences)
            : null;
        var sweeps = new Dictionary<string, string>(StringComparer.Ordinal);
        var sweepDifferences = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string sweepId in ChartDataBuilder.SweepIds(result))
        {
            sweeps[sweepId] = Save($"charts/sweep-{sweepId}.png", () => ChartDataBuilder.SweepCurve(result, sweepId), ChartRenderer.RenderSweepCurve);

            // The same variants as paired differences from the baseline: in percentage points with paired
            // intervals, effects smaller than the probabilities' own intervals can be read.
            var members = Enumerable.Range(0, study.Scenarios.Length)
                .Where(i => study.Scenarios[i].Scenario.Id == baseline || study.Scenarios[i].Sweep.Any(p => p.SweepId == sweepId))
                .ToList();
            var ids = members.Select(i => study.Scenarios[i].Scenario.Id).ToHashSet(StringComparer.Ordinal);
            var variants = new StudyResult(
                study with { Scenarios = [.. members.Select(i => study.Scenarios[i] with { Sweep = [] })] },
                [.. members.Select(i => result.Scenarios[i])],
                [.. result.Differences.Where(d => ids.Contains(d.ScenarioId))]);
            // Beyond a dozen variants the points crowd out; the sweep curve above carries a long sweep.
            if (members.Count > 1 && members.Count <= ChartDataBuilder.MostCompared && !variants.Differences.IsEmpty)
            {
                sweepDifferences[sweepId] = Save($"charts/differences-sweep-{sweepId}.png",
                    () => ChartDataBuilder.PairedDifferences(variants), ChartRenderer.RenderPairedDifferences);
            }
        }

        var grids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string id in compared)
        {
            grids[id] = Save($"{id}/charts/clusters.png", () => ChartDataBuilder.SmallMultiples(result, id), ChartRenderer.RenderSmallMultiples);
        }

        var clusters = new Dictionary<string, IReadOnlyList<(string, string)>>(StringComparer.Ordinal);
        foreach (var cluster in result.Scenarios.First(s => s.Scenario.Id == baseline).Scenario.Dataset.Clusters)
        {
            var files = new List<(string, string)>
            {
                ("Fan chart, " + baseline, Save($"{baseline}/charts/fan-{cluster.Id}.png",
                    () => ChartDataBuilder.FanChart(result, baseline, cluster.Id), ChartRenderer.RenderFanChart)),
                ("Milestone distribution, " + baseline, Save($"{baseline}/charts/milestones-{cluster.Id}.png",
                    () => ChartDataBuilder.MilestoneDistribution(result, baseline, cluster.Id), ChartRenderer.RenderMilestoneDistribution)),
            };
            if (compared.Length > 1)
            {
                files.Add(("Scenarios compared", Save($"charts/overlay-{cluster.Id}.png",
                    () => ChartDataBuilder.ScenarioOverlay(result, cluster.Id), ChartRenderer.RenderScenarioOverlay)));
            }

            clusters[cluster.Id] = files;
        }

        var analyses = new Dictionary<string, AnalysisIndex>(StringComparer.Ordinal);
        foreach (var scenario in result.Scenarios.Where(s => s.Analysis is not null))
        {
            var analysis = scenario.Analysis!;
            string id = scenario.Scenario.Id;
            var tornadoes = new Dictionary<string, string>(StringComparer.Ordinal);
            var outcomes = analysis.Sample.Layout.Outcomes;
            foreach (var o in analysis.Sensitivity.Where(o => !o.IsConstant && !o.Effects.IsEmpty && outcomes[o.Outcome].Kind == OutcomeKind.Met))
            {
                var outcome = outcomes[o.Outcome];
                string name = outcome.Condition!.Id;
                int k = o.Outcome;
                tornadoes[outcome.Name] = Save($"{id}/charts/tornado-{name}.png", () => AnalysisChartData.Tornado(scenario, k)!, ChartRenderer.RenderTornado);
            }

            var discoveries = new Dictionary<string, (string?, string?)>(StringComparer.Ordinal);
            for (int i = 0; i < analysis.Discoveries.Length; i++)
            {
                int d = i;
                string name = analysis.Discoveries[i].Discovery.Id;
                string? trajectory = AnalysisChartData.Trajectory(scenario, d) is { } t
                    ? Save($"{id}/charts/discovery-{name}-trajectory.png", () => t, ChartRenderer.RenderTrajectory)
                    : null;
                string? box = AnalysisChartData.Box(scenario, d) is { } b
                    ? Save($"{id}/charts/discovery-{name}-box.png", () => b, ChartRenderer.RenderBox)
                    : null;
                discoveries[name] = (trajectory, box);
            }

            analyses[id] = new AnalysisIndex(tornadoes, discoveries);
        }

        var goalSeeks = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var seek in result.GoalSeeks)
        {
            var data = GoalSeekChartData.From(result, seek);
            goalSeeks[seek.Spec.Id] = Save($"charts/goal-seek-{seek.Spec.Id}.png", () => data, ChartRenderer.RenderGoalSeek);
        }

        var gaps = new List<FontGap>[jobs.Count];
        try
        {
            // As many at once as the run's --threads (0: one per core).
            var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = study.Options.Threads > 0 ? study.Options.Threads : Environment.ProcessorCount };
            var fingerprints = new string[jobs.Count];
            Parallel.For(0, jobs.Count, parallel, i =>
            {
                var found = new List<FontGap>();
                var (png, fingerprint) = jobs[i].Render(options with { OnFontGap = found.Add });
                folder.WriteBytes(jobs[i].Path, png);
                fingerprints[i] = fingerprint;
                gaps[i] = found;
            });
            folder.WriteText(ManifestFile, Manifest(jobs.Select(j => j.Path), fingerprints));
        }
        catch (AggregateException e)
        {
            // A failure is reported as itself, not as a parallel loop's (an IOException is exit code 4); a bug
            // (anything else) before a failed write, whichever chart happened to fail first.
            ExceptionDispatchInfo.Capture(e.InnerExceptions.FirstOrDefault(x => x is not IOException) ?? e.InnerExceptions[0]).Throw();
        }

        if (ChartFonts.Warning(jobs.SelectMany((job, i) => gaps[i].Select(gap => (job.Path, gap)))) is { } warning)
        {
            notes.Add(warning);
        }

        return new Index(targets, differences, sweeps, sweepDifferences, grids, clusters, analyses, goalSeeks, backtest);
    }
}

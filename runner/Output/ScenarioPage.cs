using System.Globalization;
using System.Text;
using Simulation.Engine.Statistics;
using Simulation.Runner.Reports;

namespace Simulation.Runner.Output;

/// <summary>
/// A scenario's own page, &lt;scenario&gt;/report.md (and its index.html, <see cref="ReportPage"/>): its
/// name, description and levers, its targets with the paired difference from the baseline, the charts
/// of its charts/ folder, its files, and links back to the study. Every link is relative to the
/// scenario's folder. Sections are appended one after another, so another is added in one place.
/// </summary>
internal static class ScenarioPage
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>What each of a scenario's files holds, by name, for the list of files.</summary>
    private static readonly Dictionary<string, string> FileContents = new(StringComparer.Ordinal)
    {
        [ReportTables.SummaryFile] = "all of the scenario's results, machine-readable",
        [ReportTables.ClustersFile] = "cluster × milestone: mean, sd, p05…p95, P(≥ each threshold) with intervals",
        [ReportTables.BandsFile] = "cluster × year: the quantiles behind the fan charts",
        [ReportTables.TargetsFile] = "target: probability, 95% interval, standard error, method, counts",
        [AnalysisTables.SamplesFile] = "the recorded paths, one row each: every uncertain input drawn, then each outcome",
        [ClusterEffects.File] = "cluster × milestone: medians, the paired mean difference from the baseline and the paired change in P(≥ each threshold)",
        [AnalysisTables.SensitivityFile] = "outcome × input: first-order index with its interval, the outcome on the input's lowest and highest fifth",
    };

    /// <summary>
    /// The page's Markdown. <paramref name="files"/> are the report's files ('/'-separated from its
    /// root) written so far: the scenario's charts and tables among them are shown and listed.
    /// </summary>
    public static string Markdown(StudyResult result, string scenarioId, StudyCharts.Index charts, IReadOnlyCollection<string> files)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(charts);
        ArgumentNullException.ThrowIfNull(files);
        var study = result.Study;
        var scenario = result.Scenarios.First(s => s.Scenario.Id == scenarioId).Scenario;
        string back = "[" + MarkdownTable.EscapeText(study.Name) + "](../" + ReportPage.MarkdownFile + ")";
        var md = new StringBuilder();
        md.Append("# ").Append(MarkdownTable.EscapeText(scenario.Name)).Append("\n\n");
        md.Append("Scenario `").Append(scenarioId).Append("` of the study ").Append(back)
          .Append(scenarioId == study.BaselineId
              ? ", and its baseline: every other scenario's difference is measured from this one"
              : $", compared with the baseline [`{study.BaselineId}`](../{StudyReport.PagePath(study.BaselineId)})")
          .Append(". Dataset `").Append(scenario.Dataset.Id).Append("` (base year ").Append(scenario.Dataset.BaseYear.ToString(Invariant))
          .Append("), horizon ").Append(scenario.Horizon.ToString(Invariant)).Append(".\n\n");
        if (scenario.Description.Length > 0)
        {
            md.Append(MarkdownTable.EscapeText(scenario.Description.Trim())).Append("\n\n");
        }

        md.Append(Levers(scenario));
        md.Append(Targets(result, scenarioId));
        if (ClusterEffects.HasDifferences(result, scenarioId))
        {
            md.Append("## What it changes\n\nEach cluster it changes, at every milestone, paired with the baseline on the same paths; ")
              .Append('`').Append(ClusterEffects.File).Append("` has every cluster, touched or not, and every threshold.\n\n")
              .Append(ClusterEffects.Markdown(result, scenarioId));
        }

        md.Append(Charts(result, scenarioId, charts, files));
        md.Append(Files(scenarioId, files));
        md.Append("Back to the study: ").Append(back).Append(".\n");
        return md.ToString();
    }

    private static string Levers(Engine.Model.Scenario scenario)
    {
        var table = new MarkdownTable(["Lever", "Setting"]);
        table.AddRow("Technological-transformation subsidy", StudyReport.Subsidy(scenario));
        table.AddRow("Advanced-manufacturing parks", StudyReport.Parks(scenario));
        table.AddRow("Traditional-industry revival", StudyReport.Revival(scenario));
        table.AddRow("Project attraction", StudyReport.Attraction(scenario));
        return "## Levers\n\n" + table + "\n";
    }

    private static string Targets(StudyResult result, string scenarioId)
    {
        var scenario = result.Scenarios.First(s => s.Scenario.Id == scenarioId);
        if (scenario.Targets.IsEmpty)
        {
            return string.Empty;
        }

        var table = new MarkdownTable(["Target", "Year", "Probability", "vs baseline (paired)"],
            [ColumnAlignment.Left, ColumnAlignment.Right, ColumnAlignment.Right, ColumnAlignment.Right]);
        foreach (var t in scenario.Targets)
        {
            table.AddMarkdownRow(MarkdownTable.EscapeText(t.Target.Name) + " `" + t.Target.Id + "`", Numbers.Format(t.Target.Year),
                Format.Probability(t.Probability), MarkdownTables.DifferenceCell(result, scenarioId, t.Target.Id));
        }

        return "## Targets\n\n" + "Each target's probability with its 95% interval, from " + Numbers.Count(scenario.Paths, "path")
            + (scenarioId == result.Study.BaselineId
                ? "; each other scenario's page gives its paired difference from these.\n\n"
                : "; the difference from the baseline is paired: both scenarios ran on the same random draws, path by path.\n\n")
            + table + "\n";
    }

    /// <summary>The charts in the scenario's charts/ folder: every cluster on one page, each cluster's own, what drives each target and when it is met, then any other.</summary>
    private static string Charts(StudyResult result, string scenarioId, StudyCharts.Index charts, IReadOnlyCollection<string> files)
    {
        string folder = scenarioId + "/";
        string Local(string path) => path[folder.Length..];
        var shown = new HashSet<string>(StringComparer.Ordinal);
        var md = new StringBuilder();
        void Image(string caption, string path)
        {
            if (path.StartsWith(folder + "charts/", StringComparison.Ordinal) && shown.Add(path))
            {
                md.Append("![").Append(MarkdownTable.EscapeText(caption)).Append("](").Append(Local(path)).Append(")\n");
            }
        }

        if (charts.SmallMultiples.TryGetValue(scenarioId, out string? grid))
        {
            Image("All clusters, " + scenarioId, grid);
            md.Append('\n');
        }

        var scenario = result.Scenarios.First(s => s.Scenario.Id == scenarioId);
        foreach (var cluster in scenario.Scenario.Dataset.Clusters)
        {
            if (charts.Clusters.TryGetValue(cluster.Id, out var clusterCharts) && clusterCharts.Any(c => c.Path.StartsWith(folder, StringComparison.Ordinal)))
            {
                md.Append("### ").Append(MarkdownTable.EscapeText(cluster.NameEn)).Append(" (").Append(cluster.NameZh).Append(")\n\n");
                foreach (var (caption, path) in clusterCharts)
                {
                    Image(caption, path);
                }

                md.Append('\n');
            }
        }

        if (charts.Analyses.TryGetValue(scenarioId, out var analysis) && scenario.Analysis is { } a)
        {
            var outcomes = a.Sample.Layout.Outcomes;
            if (analysis.Tornadoes.Count > 0)
            {
                md.Append("### What drives each target\n\n");
                foreach (var outcome in outcomes.Where(o => analysis.Tornadoes.ContainsKey(o.Name)))
                {
                    Image("What drives " + outcome.Label, analysis.Tornadoes[outcome.Name]);
                }

                md.Append('\n');
            }

            if (analysis.Discoveries.Values.Any(d => d.Trajectory is not null || d.Box is not null))
            {
                md.Append("### When is it met\n\n");
                foreach (var (id, (trajectory, box)) in analysis.Discoveries.OrderBy(d => d.Key, StringComparer.Ordinal))
                {
                    foreach (var (caption, path) in new[] { ("Peeling trajectory, " + id, trajectory), ("PRIM's box, " + id, box) })
                    {
                        if (path is not null)
                        {
                            Image(caption, path);
                        }
                    }
                }

                md.Append('\n');
            }
        }

        var others = files.Where(f => f.StartsWith(folder + "charts/", StringComparison.Ordinal) && f.EndsWith(".png", StringComparison.Ordinal) && !shown.Contains(f))
            .Order(StringComparer.Ordinal).ToList();
        if (others.Count > 0)
        {
            md.Append("### Other charts\n\n");
            foreach (string path in others)
            {
                Image(Path.GetFileNameWithoutExtension(path), path);
            }

            md.Append('\n');
        }

        return md.Length == 0
            ? "## Charts\n\nNo charts of its own: the study's charts compare it with the other scenarios.\n\n"
            : "## Charts\n\nEach chart links to its full-size image.\n\n" + md;
    }

    /// <summary>The scenario's files but its charts and pages, with what each holds.</summary>
    private static string Files(string scenarioId, IReadOnlyCollection<string> files)
    {
        string folder = scenarioId + "/";
        var own = files.Where(f => f.StartsWith(folder, StringComparison.Ordinal) && !f[folder.Length..].Contains('/', StringComparison.Ordinal)
                && f[folder.Length..] is not (ReportPage.MarkdownFile or ReportPage.HtmlFile))
            .Select(f => f[folder.Length..])
            .OrderBy(f => f == ReportTables.SummaryFile ? 0 : 1).ThenBy(f => f, StringComparer.Ordinal)
            .ToList();
        if (own.Count == 0)
        {
            return string.Empty;
        }

        var md = new StringBuilder("## Files\n\n");
        foreach (string file in own)
        {
            md.Append("- `").Append(file).Append('`');
            string? holds = FileContents.GetValueOrDefault(file)
                ?? (file.StartsWith("discovery-", StringComparison.Ordinal) ? "PRIM's peeling trajectory, its chosen box and the pruned box" : null);
            md.Append(holds is null ? string.Empty : ": " + holds).Append('\n');
        }

        return md.Append('\n').ToString();
    }
}

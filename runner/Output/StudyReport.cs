using System.Globalization;
using System.Text;
using Simulation.Engine.Model;
using Simulation.Engine.Statistics;
using Simulation.Runner.Reports;

namespace Simulation.Runner.Output;

/// <summary>
/// Writes a study's report into a <see cref="ReportFolder"/>: the tables of every scenario and of the
/// study, the charts, report.md and index.html (the same report rendered to a page that works offline
/// from the folder, <see cref="ReportPage"/>), and each main scenario's own page (<see cref="ScenarioPage"/>)
/// in its folder. Everything but run.json is byte-reproducible from the seed.
/// </summary>
internal static class StudyReport
{
    /// <summary>Report options.</summary>
    /// <param name="Lang">en or zh: cluster names in charts.</param>
    public sealed record Options(string Lang);

    /// <summary>Writes everything; returns notes for the log (e.g. a missing CJK font).</summary>
    public static IReadOnlyList<string> Write(StudyResult result, ReportFolder folder, Options options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(options);
        // Each analysed scenario's recorded paths go straight to disk (a large sample would not fit in memory as one string), hashed for its summary.
        var samples = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var scenario in result.Scenarios.Where(s => s.Analysis is not null))
        {
            cancellationToken.ThrowIfCancellationRequested();
            samples[scenario.Scenario.Id] = folder.WriteStream(scenario.Scenario.Id + "/" + AnalysisTables.SamplesFile,
                stream => AnalysisTables.WriteSamples(scenario.Analysis!.Sample, stream));
        }

        foreach (var file in ReportTables.ForStudy(result, samples))
        {
            cancellationToken.ThrowIfCancellationRequested();
            folder.WriteBytes(file.RelativePath, file.ToUtf8());
        }

        var notes = new List<string>();
        var charts = StudyCharts.Write(result, folder, options.Lang, notes, cancellationToken);
        WritePages(result, charts, folder);
        return notes;
    }

    /// <summary>The file run.json, which the run command writes once the report is complete; the pages may link to it.</summary>
    public const string ManifestFile = "run.json";

    /// <summary>
    /// The study's page and each main (non-sweep) scenario's, each as report.md and index.html; a page
    /// links the report's files by name (what <paramref name="folder"/> has written, the pages and run.json).
    /// </summary>
    private static void WritePages(StudyResult result, StudyCharts.Index charts, ReportFolder folder)
    {
        var study = result.Study;
        var scenarios = MainScenarios(result).Select(s => s.Scenario).ToList();
        var written = folder.Files;
        var markdown = new List<(string Folder, string Title, string Markdown)> { (string.Empty, study.Name, Markdown(result, charts)) };
        markdown.AddRange(scenarios.Select(s => (s.Id + "/", s.Name + " — " + study.Name, ScenarioPage.Markdown(result, s.Id, charts, written))));
        var files = written.Append(ManifestFile)
            .Concat(markdown.SelectMany(p => new[] { p.Folder + ReportPage.MarkdownFile, p.Folder + ReportPage.HtmlFile }))
            .ToHashSet(StringComparer.Ordinal);
        List<ReportPage.PageLink> pages =
        [
            new("Study", study.Name, ReportPage.HtmlFile),
            .. scenarios.Select(s => new ReportPage.PageLink(s.Id, s.Name, s.Id + "/" + ReportPage.HtmlFile)),
        ];
        foreach (var (pageFolder, title, text) in markdown)
        {
            folder.WriteText(pageFolder + ReportPage.MarkdownFile, text);
            folder.WriteText(pageFolder + ReportPage.HtmlFile, ReportPage.Html(text, new ReportPage.Page(title, pageFolder, files, pages)));
        }
    }

    /// <summary>A scenario's page (its report.md; index.html in the HTML), from the study's folder.</summary>
    internal static string PagePath(string scenarioId) => scenarioId + "/" + ReportPage.MarkdownFile;

    /// <summary>The study's scenarios that are not sweep variants, in study order: each has its own page.</summary>
    internal static IEnumerable<ScenarioResult> MainScenarios(StudyResult result) =>
        result.Scenarios.Where((s, i) => result.Study.Scenarios[i].Sweep.IsEmpty);

    /// <summary>
    /// For the console: one line per target with the baseline's probability, then the paired difference
    /// each listed alternative makes to it (sweep variants are left to their own table).
    /// </summary>
    public static IEnumerable<string> Headline(StudyResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var study = result.Study;
        var baseline = result.Scenarios.First(s => s.Scenario.Id == study.BaselineId);
        var alternatives = MainScenarios(result).Select(s => s.Scenario.Id).Where(id => id != study.BaselineId).ToList();
        int width = alternatives.Count == 0 ? 0 : alternatives.Max(id => id.Length);
        foreach (var t in baseline.Targets)
        {
            yield return $"  {t.Target.Id} ({t.Target.Year.ToString(CultureInfo.InvariantCulture)}), {baseline.Scenario.Id}: {Format.Probability(t.Probability)}";
            foreach (string id in alternatives)
            {
                if (result.Differences.FirstOrDefault(d => d.ScenarioId == id && d.TargetId == t.Target.Id) is { } difference)
                {
                    yield return $"    {id.PadRight(width)}  {Format.Difference(difference)}" + (difference.Identical ? ", met on exactly the baseline's paths" : string.Empty);
                }
            }
        }
    }

    /// <summary>How a run to a precision ended, in one line for the console.</summary>
    public static string PrecisionLine(PrecisionOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        string aim = string.Create(CultureInfo.InvariantCulture, $"±{outcome.Precision * 100:0.###} pp");
        return outcome.StoppedAtMaximum
            ? string.Create(CultureInfo.InvariantCulture,
                $"simulate: WARNING: stopped at the most paths, {outcome.Paths:N0}, before every statistic reached {aim}: {Numbers.Count(outcome.Unmet.Length, "statistic")} still wider, the widest {outcome.Widest.Statistic} (±{outcome.Widest.HalfWidth * 100:0.###} pp); raise --max-paths or ask for less")
            : string.Create(CultureInfo.InvariantCulture,
                $"  every target and paired difference within {aim} at {outcome.Paths:N0} paths; the last to get there: {outcome.Widest.Statistic} (±{outcome.Widest.HalfWidth * 100:0.###} pp)");
    }

    internal static string Markdown(StudyResult result, StudyCharts.Index charts)
    {
        var study = result.Study;
        var baseline = result.Scenarios.First(s => s.Scenario.Id == study.BaselineId);
        var dataset = baseline.Scenario.Dataset;
        var main = MainScenarios(result).ToList();
        var md = new StringBuilder();
        md.Append("# ").Append(study.Name).Append("\n\n");
        if (study.Description.Length > 0)
        {
            md.Append(study.Description.Trim()).Append("\n\n");
        }

        if (result.Precision is { StoppedAtMaximum: true } stopped)
        {
            md.Append("> **Warning: this run stopped at its most paths, ").Append(stopped.Paths.ToString("N0", CultureInfo.InvariantCulture))
              .Append(", before every probability reached the precision asked for (±").Append((stopped.Precision * 100).ToString("0.###", CultureInfo.InvariantCulture))
              .Append(" pp).** Still wider (").Append(Numbers.Count(stopped.Unmet.Length, "statistic")).Append("): ")
              .Append(string.Join("; ", stopped.Unmet.OrderByDescending(u => u.HalfWidth).Take(5).Select(u =>
                  $"{MarkdownTable.EscapeMarkdown(u.Statistic)} ±{(u.HalfWidth * 100).ToString("0.###", CultureInfo.InvariantCulture)} pp")))
              .Append(stopped.Unmet.Length > 5 ? "; …" : string.Empty).Append(".\n\n");
        }

        md.Append("**The question.** How likely is each target to be met under each scenario, and how much does each policy change ")
          .Append("that chance compared with the baseline (`").Append(study.BaselineId).Append("`)? Every number below comes from ")
          .Append(study.Options.Paths.ToString("N0", CultureInfo.InvariantCulture)).Append(" Monte Carlo paths per scenario, seed ")
          .Append(study.Options.Seed.ToString(CultureInfo.InvariantCulture))
          .Append("; all scenarios share their random draws path by path, so differences measure policy, not noise.\n\n");

        md.Append("**Read with care.** The baseline (`").Append(dataset.Id).Append("`) is in ").Append(dataset.Measure)
          .Append(" (").Append(dataset.Unit.Label).Append(", ").Append(dataset.PriceBasis).Append(" prices), base year ")
          .Append(dataset.BaseYear.ToString(CultureInfo.InvariantCulture))
          .Append(". Many of its inputs are estimates, not published figures: most cluster-level base values, every growth ")
          .Append("distribution, event probabilities and all lever parameters (subsidy budget, project rates, park output, ")
          .Append("investment induced per yuan of subsidy). Each carries its source or says how it was estimated in the dataset and scenario files; see ")
          .Append("`scenarios/README.md`. Probabilities are conditional on these assumptions.\n\n");

        md.Append(BacktestReport.Markdown(result, charts.Backtest));
        md.Append("## Targets by scenario\n\n");
        if (charts.TargetProbabilities is { } targetChart)
        {
            md.Append("![Target probability by scenario](").Append(targetChart).Append(")\n\n");
        }

        md.Append(MarkdownTables.Comparison(new StudyResult(study, [.. main], result.Differences))).Append('\n');
        md.Append("### What each target asks, under the baseline\n\n");
        foreach (var t in baseline.Targets)
        {
            md.Append("- **").Append(MarkdownTable.EscapeText(t.Target.Name)).Append("** (`").Append(t.Target.Id).Append("`): ")
              .Append(t.Probability.Successes == 0
                  ? $"no path of {t.Probability.Trials.ToString("N0", CultureInfo.InvariantCulture)} met it."
                  : $"met on {t.Probability.Successes.ToString("N0", CultureInfo.InvariantCulture)} of {t.Probability.Trials.ToString("N0", CultureInfo.InvariantCulture)} paths.");
            foreach (string line in Explain(baseline, t.Target))
            {
                md.Append(' ').Append(line);
            }

            md.Append('\n');
        }

        md.Append('\n');
        if (charts.PairedDifferences is { } differenceChart)
        {
            md.Append("![Paired difference from the baseline](").Append(differenceChart).Append(")\n\n");
        }

        md.Append(WhatEachChanges(result, main));
        if (study.Analysis is { } analysisOptions)
        {
            foreach (var analysed in result.Scenarios.Where(s => s.Analysis is not null))
            {
                md.Append(AnalysisReport.Markdown(analysed, charts.Analyses[analysed.Scenario.Id], analysisOptions));
            }
        }

        md.Append(GoalSeekReport.Markdown(result, charts.GoalSeeks));
        md.Append("## Scenarios and their levers\n\n");
        var levers = new MarkdownTable(["Scenario", "Subsidy", "Parks", "Revival", "Attraction"]);
        foreach (var s in main)
        {
            levers.AddMarkdownRow("[" + MarkdownTable.EscapeText(s.Scenario.Name) + "](" + PagePath(s.Scenario.Id) + ") `" + s.Scenario.Id + "`", MarkdownTable.EscapeText(Subsidy(s.Scenario)), MarkdownTable.EscapeText(Parks(s.Scenario)),
                MarkdownTable.EscapeText(Revival(s.Scenario)), MarkdownTable.EscapeText(Attraction(s.Scenario)));
        }

        md.Append(levers.ToString()).Append('\n');
        foreach (var s in main.Where(s => s.Scenario.Description.Length > 0))
        {
            md.Append("- **").Append(MarkdownTable.EscapeText(s.Scenario.Name)).Append("**: ").Append(MarkdownTable.EscapeText(s.Scenario.Description.Trim())).Append('\n');
        }

        md.Append('\n');
        foreach (string sweepId in CsvTables.SweepIds(study))
        {
            md.Append("## Sweep `").Append(sweepId).Append("`\n\n");
            if (charts.Sweeps.TryGetValue(sweepId, out string? sweepChart))
            {
                md.Append("![Sweep ").Append(sweepId).Append("](").Append(sweepChart).Append(")\n\n");
            }

            if (charts.SweepDifferences.TryGetValue(sweepId, out string? sweepDifferenceChart))
            {
                md.Append("![Sweep ").Append(sweepId).Append(", paired differences from the baseline](").Append(sweepDifferenceChart).Append(")\n\n");
            }

            var table = new MarkdownTable(["Variant", "Value", "Target", "Probability", "vs baseline (paired)"]);
            for (int i = 0; i < result.Scenarios.Length; i++)
            {
                var point = study.Scenarios[i].Sweep.FirstOrDefault(p => p.SweepId == sweepId);
                if (point is null)
                {
                    continue;
                }

                foreach (var t in result.Scenarios[i].Targets)
                {
                    // In a grid the variant's other sweeps' values follow, so that no two rows look alike.
                    string values = string.Join(", ", CsvTables.PointsOf(study.Scenarios[i], sweepId).Select(p => p.LeverPath + " = " + Numbers.Format(p.Value)));
                    table.AddRow(result.Scenarios[i].Scenario.Id, values, t.Target.Id,
                        Format.Probability(t.Probability), MarkdownTables.DifferenceCell(result, result.Scenarios[i].Scenario.Id, t.Target.Id));
                }
            }

            md.Append(table.ToString()).Append("\nTable: `sweep-").Append(sweepId).Append(".csv`.\n\n");
        }

        md.Append("## Clusters\n\n");
        if (charts.SmallMultiples.TryGetValue(baseline.Scenario.Id, out string? grid))
        {
            md.Append("![All clusters, ").Append(baseline.Scenario.Id).Append("](").Append(grid).Append(")\n\n");
        }

        md.Append("Milestones under the baseline (median, 90% range, mean):\n\n").Append(MarkdownTables.Milestones(baseline, Format.Both)).Append('\n');
        foreach (var cluster in dataset.Clusters)
        {
            if (!charts.Clusters.TryGetValue(cluster.Id, out var files) || files.Count == 0)
            {
                continue;
            }

            md.Append("### ").Append(MarkdownTable.EscapeText(cluster.NameEn)).Append(" (").Append(cluster.NameZh).Append(")\n\n");
            foreach (var (caption, path) in files)
            {
                md.Append("![").Append(caption).Append("](").Append(path).Append(")\n");
            }

            md.Append('\n');
        }

        md.Append("## Run settings and precision\n\n");
        double worstSe = result.Scenarios.SelectMany(s => s.Targets).Select(t => t.Probability.StandardError).DefaultIfEmpty(0).Max();
        md.Append("- Paths per scenario: ").Append(study.Options.Paths.ToString("N0", CultureInfo.InvariantCulture)).Append("; seed ").Append(study.Options.Seed.ToString(CultureInfo.InvariantCulture))
          .Append("; ").Append(Numbers.Format(study.Scenarios.Length)).Append(" scenarios (sweep variants included) on common random numbers.\n");
        if (result.Precision is { } precision)
        {
            md.Append("- Paths chosen by the precision asked for: every target's and paired difference's 95% interval within ±")
              .Append((precision.Precision * 100).ToString("0.###", CultureInfo.InvariantCulture)).Append(" pp, checked after every ")
              .Append((Engine.Simulator.PrecisionRoundBlocks * study.Options.BlockSize).ToString("N0", CultureInfo.InvariantCulture))
              .Append(study.Analysis is { } sample && sample.Paths > Engine.Simulator.PrecisionRoundBlocks * study.Options.BlockSize
                  ? $" paths, the first once the analysis's {sample.Paths.ToString("N0", CultureInfo.InvariantCulture)} recorded paths had run ("
                  : " paths (")
              .Append(Numbers.Count(precision.Checks, "check")).Append(precision.StoppedAtMaximum ? "), until the most paths allowed, " : "); all scenarios share the paths, so that differences stay paired. ")
              .Append(precision.StoppedAtMaximum
                  ? $"{study.Options.MaxPaths.ToString("N0", CultureInfo.InvariantCulture)}, **before every statistic got there** (see the warning at the top).\n"
                  : $"The last to get there: {MarkdownTable.EscapeMarkdown(precision.Widest.Statistic)} (±{(precision.Widest.HalfWidth * 100).ToString("0.###", CultureInfo.InvariantCulture)} pp).\n");
        }

        md
          .Append("- Monte Carlo precision: the largest standard error of any target probability is ")
          .Append((worstSe * 100).ToString("0.###", CultureInfo.InvariantCulture)).Append(" percentage points; intervals are Wilson 95% (Clopper–Pearson when fewer than ten paths fall on one side).\n")
          .Append("- Quantiles are read from log-spaced histograms: within ")
          .Append((baseline.RelativeAccuracy * 100).ToString("F1", CultureInfo.InvariantCulture)).Append("% of the empirical quantile.")
          .Append(result.Scenarios.Any(s => s.OutOfRange > 0) ? " Some path-years fell outside the histogram's range; their quantiles are clamped." : string.Empty)
          .Append("\n- Results are identical for any thread count; `run.json` records the inputs' SHA-256 and the timings.\n")
          .Append("- Tables: ").Append(string.Join(", ", StudyFiles(result).Select(f => "`" + f + "`")))
          .Append("; per scenario `clusters.csv`, `bands.csv`, `targets.csv`, `summary.json` (and but for the baseline `differences.csv`)")
          .Append(result.Scenarios.Any(s => s.Analysis is not null)
              ? "; per analysed scenario `samples.csv` (every recorded path: its inputs, then its outcomes), `sensitivity.csv` and `discovery-<id>.csv`"
              : string.Empty)
          .Append(". Each scenario's page shows its charts and links its files: ")
          .Append(string.Join(", ", main.Select(s => "[" + s.Scenario.Id + "](" + PagePath(s.Scenario.Id) + ")"))).Append(".\n");
        return md.ToString();
    }

    /// <summary>
    /// "What each scenario changes": for every main scenario but the baseline, the paired differences of
    /// the clusters it touches (<see cref="ClusterEffects"/>), the eight it changes most, and where the rest are.
    /// </summary>
    private static string WhatEachChanges(StudyResult result, IReadOnlyList<ScenarioResult> main)
    {
        var alternatives = main.Where(s => s.Scenario.Id != result.Study.BaselineId && ClusterEffects.HasDifferences(result, s.Scenario.Id)).ToList();
        if (alternatives.Count == 0)
        {
            return string.Empty;
        }

        var md = new StringBuilder("## What each scenario changes\n\n");
        md.Append("A target's probability moves only when a scenario changes the clusters the target counts. For each scenario, the clusters it changes ")
          .Append("and by how much in the last milestone year, on the same paths as the baseline: the medians, the paired mean difference and the chance of the ")
          .Append("thresholds that move (values in 亿元 tiers). Every cluster and milestone is in the scenario's `differences.csv`.\n\n");
        foreach (var s in alternatives)
        {
            string id = s.Scenario.Id;
            md.Append("### [").Append(MarkdownTable.EscapeText(s.Scenario.Name)).Append("](").Append(PagePath(id)).Append(") (`").Append(id).Append("`)\n\n")
              .Append(ClusterEffects.Markdown(result, id, limit: 8, rest: $"are on [its page]({PagePath(id)}), with every milestone", lastYearOnly: true));
        }

        return md.ToString();
    }

    /// <summary>
    /// For each "at least k clusters ≥ v" part of a target whose year is a milestone and whose value is
    /// a threshold: the clusters most likely to reach v that year, so a reader sees how far the target is.
    /// </summary>
    private static IEnumerable<string> Explain(ScenarioResult result, Target target)
    {
        var dataset = result.Scenario.Dataset;
        foreach (var count in target.Condition.Parts().OfType<CountAtLeast>())
        {
            int m = result.Scenario.Milestones.IndexOf(target.Year);
            int k = result.Scenario.Thresholds.IndexOf(count.Value);
            if (m < 0 || k < 0)
            {
                continue;
            }

            var likely = count.ClusterIndices
                .Select(i => (Name: dataset.Clusters[i].NameEn, P: result.Clusters[i].Milestones[m].Thresholds[k].Probability.Estimate))
                .OrderByDescending(x => x.P)
                .ThenBy(x => x.Name, StringComparer.Ordinal)
                .Take(Math.Max(count.AtLeast + 1, 3))
                .ToList();
            yield return $"It needs {count.AtLeast.ToString(CultureInfo.InvariantCulture)} clusters at {Format.Value(count.Value, dataset.Unit, Format.Both)} or more in {target.Year.ToString(CultureInfo.InvariantCulture)};"
                + " the likeliest are " + string.Join(", ", likely.Select(x => $"{MarkdownTable.EscapeText(x.Name)} ({Format.Percent(x.P)})")) + ".";
        }
    }

    /// <summary>The study's own tables and charts.json, in the order they are written.</summary>
    private static IEnumerable<string> StudyFiles(StudyResult result)
    {
        yield return ReportTables.ComparisonFile;
        foreach (string id in CsvTables.SweepIds(result.Study))
        {
            yield return ReportTables.SweepFile(id);
        }

        if (result.Backtest is not null)
        {
            yield return BacktestTables.File;
        }

        if (!result.GoalSeeks.IsEmpty)
        {
            yield return GoalSeekTables.SummaryFile;
            foreach (var seek in result.GoalSeeks)
            {
                yield return GoalSeekTables.EvaluationsFile(seek.Spec.Id);
            }
        }

        yield return StudyCharts.ManifestFile;
    }

    internal static string Subsidy(Scenario s) => s.Levers.Subsidy is not { } x ? "none"
        : string.Create(CultureInfo.InvariantCulture,
            $"{x.StartYear}–{x.EndYear}, budget {Budget(x.AnnualBudget, s.Dataset.Unit)} a year, {x.ReimbursementRate * 100:0.#}% of investment up to {Format.Value(x.CapPerProject, s.Dataset.Unit, Format.Both)} per project");

    private static string Budget(YearSchedule schedule, ValueUnit unit) =>
        string.Join(", ", schedule.Steps.Select(st => st.Year == int.MinValue
            ? Format.Value(st.Value, unit, Format.Both)
            : $"{Numbers.Format(st.Year)}: {Format.Value(st.Value, unit, Format.Both)}"));

    internal static string Parks(Scenario s) => s.Levers.Parks.IsEmpty ? "none"
        : string.Create(CultureInfo.InvariantCulture, $"{s.Levers.Parks.Length} parks, {s.Levers.Parks.Sum(p => p.AreaKm2):0.#} km²")
          + (s.Levers.ParkDelayYears > 0 ? string.Create(CultureInfo.InvariantCulture, $", delayed {s.Levers.ParkDelayYears} yr") : string.Empty);

    internal static string Revival(Scenario s) => s.Levers.Revivals.IsEmpty ? "none"
        : string.Join("; ", s.Levers.Revivals.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Clusters.Length} clusters from {r.StartYear}, success {r.SuccessProbability * 100:0.#}%")));

    internal static string Attraction(Scenario s) => s.Levers.Attraction is not { } a ? "none"
        : string.Create(CultureInfo.InvariantCulture, $"{a.ArrivalsPerYear:0.##} projects/yr, {a.StartYear}–{a.EndYear}");
}

using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Simulation.Engine.Statistics;

namespace Simulation.Runner.Reports;

/// <summary>
/// What a scenario changes, cluster by cluster: its paired differences from the baseline
/// (<see cref="StudyResult.ClusterDifferences"/>) for the clusters it touches — the median before and
/// after, the mean difference with its paired 95% interval, and the chance of each threshold — as a
/// table for the report and as the scenario's differences.csv. A cluster is touched when its value
/// differs from the baseline's on some path; the rest are identical path by path (common random numbers).
/// </summary>
internal static class ClusterEffects
{
    /// <summary>The scenario's table of paired cluster differences.</summary>
    public const string File = "differences.csv";

    /// <summary>
    /// differences.csv columns: one row per cluster, milestone year and statistic — median (the
    /// difference of the medians, no interval), mean (the paired mean difference, its 95% interval and
    /// standard error) and p_at_least for each threshold (the paired difference in probability).
    /// </summary>
    public static ImmutableArray<string> Header { get; } =
        ["scenario", "cluster", "name_en", "name_zh", "year", "statistic", "threshold", "baseline", "scenario_value",
            "difference", "difference_low", "difference_high", "paired_se", "identical", "unit"];

    /// <summary>The ids of the clusters <paramref name="scenarioId"/> changes at some milestone, in dataset order.</summary>
    public static ImmutableArray<string> Touched(StudyResult result, string scenarioId)
    {
        ArgumentNullException.ThrowIfNull(result);
        return [.. result.ClusterDifferences.Where(d => d.ScenarioId == scenarioId && !d.Identical).Select(d => d.ClusterId).Distinct()];
    }

    /// <summary>True when the study has paired cluster differences for <paramref name="scenarioId"/> (any non-baseline scenario of a run).</summary>
    public static bool HasDifferences(StudyResult result, string scenarioId) =>
        result.ClusterDifferences.Any(d => d.ScenarioId == scenarioId);

    /// <summary>The scenario's differences.csv: every cluster it shares with the baseline, touched or not.</summary>
    public static string Csv(StudyResult result, string scenarioId) => CsvTables.Render(writer =>
    {
        var (scenario, baseline) = Pair(result, scenarioId);
        var dataset = scenario.Scenario.Dataset;
        using var csv = CsvTables.Open(writer, Header);
        foreach (var d in result.ClusterDifferences.Where(d => d.ScenarioId == scenarioId).OrderBy(d => dataset.IndexOf(d.ClusterId)).ThenBy(d => d.Year))
        {
            var cluster = dataset.Clusters[dataset.IndexOf(d.ClusterId)];
            var (after, before) = (Milestone(scenario, d.ClusterId, d.Year), Milestone(baseline, d.ClusterId, d.Year));
            void Row(string statistic, double? threshold, double baselineValue, double scenarioValue, double difference, double? low, double? high, double? se, bool identical)
            {
                foreach (string field in new[] { scenarioId, d.ClusterId, cluster.NameEn, cluster.NameZh, Numbers.Format(d.Year), statistic })
                {
                    csv.WriteField(field);
                }

                CsvTables.WriteOptional(csv, threshold);
                csv.WriteField(Numbers.Format(baselineValue));
                csv.WriteField(Numbers.Format(scenarioValue));
                csv.WriteField(Numbers.Format(difference));
                CsvTables.WriteOptional(csv, low);
                CsvTables.WriteOptional(csv, high);
                CsvTables.WriteOptional(csv, se);
                csv.WriteField(identical ? "true" : "false");
                csv.WriteField(statistic == "p_at_least" ? "probability" : dataset.Unit.Label);
                csv.NextRecord();
            }

            double medianBefore = Median(baseline, before), medianAfter = Median(scenario, after);
            Row("median", null, medianBefore, medianAfter, medianAfter - medianBefore, null, null, null, d.Identical);
            Row("mean", null, before.Mean, after.Mean, d.MeanDifference, d.Lower, d.Upper, d.StandardError, d.Identical);
            foreach (var t in d.Thresholds)
            {
                Row("p_at_least", t.Threshold, t.Baseline, t.Scenario, t.Difference, t.Lower, t.Upper, t.StandardError, t.Identical);
            }
        }
    });

    /// <summary>
    /// The report's account of what <paramref name="scenarioId"/> changes: how many clusters, which, and
    /// (when its targets did not move) why; then a table of at most <paramref name="limit"/> touched
    /// clusters, those it changes most at the last milestone first (all when null), with a note of the rest.
    /// </summary>
    public static string Markdown(StudyResult result, string scenarioId, int? limit = null, string? rest = null, bool lastYearOnly = false)
    {
        var (scenario, baseline) = Pair(result, scenarioId);
        var dataset = scenario.Scenario.Dataset;
        var mine = result.ClusterDifferences.Where(d => d.ScenarioId == scenarioId).ToList();
        var touched = Touched(result, scenarioId);
        int shared = mine.Select(d => d.ClusterId).Distinct().Count();
        var md = new StringBuilder();
        string Name(string id) => MarkdownTable.EscapeText(dataset.Clusters[dataset.IndexOf(id)].NameEn);
        if (touched.IsEmpty)
        {
            md.Append("It changes none of the ").Append(Numbers.Count(shared, "cluster"))
              .Append(" it shares with the baseline: every value is the baseline's on every path.\n\n");
            return md.ToString();
        }

        md.Append("It changes ").Append(touched.Length == shared ? $"all {Numbers.Count(shared, "cluster")}" : $"{touched.Length.ToString(CultureInfo.InvariantCulture)} of {Numbers.Count(shared, "cluster")}")
          .Append(touched.Length <= 6 && touched.Length < shared ? " (" + string.Join(", ", touched.Select(Name)) + ")" : string.Empty)
          .Append(touched.Length == shared ? "." : "; the others are the baseline's on every path.");
        var differences = result.Differences.Where(d => d.ScenarioId == scenarioId).ToList();
        if (differences.Count > 0 && differences.All(d => d.Identical))
        {
            var counted = scenario.Scenario.Targets.SelectMany(t => Counted(t.Condition)).Select(i => dataset.Clusters[i].Id).ToHashSet(StringComparer.Ordinal);
            md.Append(touched.Any(counted.Contains)
                ? " Its targets are met on exactly the baseline's paths: the clusters it changes that a target counts do not change enough to tip one on any path."
                : " Its targets are met on exactly the baseline's paths: no target counts a cluster it changes, so none can move.");
        }

        md.Append("\n\n");
        int last = mine.Max(d => d.Year);
        var order = touched
            .OrderByDescending(id => mine.Where(d => d.ClusterId == id && d.Year == last)
                .Select(d => Math.Abs(d.MeanDifference) / Math.Max(double.Epsilon, Milestone(baseline, id, last).Mean)).DefaultIfEmpty(0).Max())
            .ThenBy(id => dataset.IndexOf(id))
            .ToList();
        var shown = limit is { } n ? order.Take(n).ToList() : order;
        var table = new MarkdownTable(["Cluster", "Year", "Median, baseline → scenario", "Mean difference (paired)", "Chance of a threshold, baseline → scenario"],
            [ColumnAlignment.Left, ColumnAlignment.Right, ColumnAlignment.Right, ColumnAlignment.Right, ColumnAlignment.Left]);
        foreach (string id in shown)
        {
            foreach (var d in mine.Where(d => d.ClusterId == id && (!lastYearOnly || d.Year == last)))
            {
                var (after, before) = (Milestone(scenario, id, d.Year), Milestone(baseline, id, d.Year));
                table.AddRow(Name(id), Numbers.Format(d.Year),
                    $"{Format.Value(Median(baseline, before), dataset.Unit, Format.Chinese)} → {Format.Value(Median(scenario, after), dataset.Unit, Format.Chinese)}",
                    d.Identical ? "none" : ValueDifference(d, dataset.Unit), Thresholds(d, dataset.Unit));
            }
        }

        md.Append(table.ToString());
        md.Append("\nThresholds: the two whose chance moves most, where the paired 95% interval excludes zero; every threshold is in `")
          .Append(ClusterEffects.File).Append("`.");
        if (shown.Count < order.Count)
        {
            md.Append(" The ").Append(shown.Count.ToString(CultureInfo.InvariantCulture)).Append(" clusters it changes most at ")
              .Append(last.ToString(CultureInfo.InvariantCulture)).Append(" (by the mean's relative change) are shown; ")
              .Append(Numbers.Count(order.Count - shown.Count, "more cluster")).Append(rest is null ? " changed" : " " + rest).Append('.');
        }

        md.Append("\n\n");
        return md.ToString();
    }

    /// <summary>The thresholds whose chance the scenario moves beyond noise (the paired interval excludes zero), the two largest moves.</summary>
    private static string Thresholds(ClusterDifference d, Engine.Model.ValueUnit unit)
    {
        var moved = d.Thresholds.Where(t => t.Lower > 0 || t.Upper < 0).OrderByDescending(t => Math.Abs(t.Difference)).Take(2).OrderBy(t => t.Threshold).ToList();
        return moved.Count == 0
            ? "none moves"
            : string.Join("; ", moved.Select(t => $"≥ {Format.Value(t.Threshold, unit, Format.Chinese)}: {Format.Change(t.Baseline, t.Scenario)}, {Format.Difference(t)}"));
    }

    /// <summary>The indices of the clusters a target's condition reads, at any depth.</summary>
    private static IEnumerable<int> Counted(Engine.Model.TargetCondition condition) => condition.Parts().SelectMany(part => part switch
    {
        Engine.Model.ClusterAtLeast c => [c.ClusterIndex],
        Engine.Model.CountAtLeast c => c.ClusterIndices,
        Engine.Model.TotalAtLeast t => t.ClusterIndices,
        _ => Enumerable.Empty<int>(),
    });

    /// <summary>A paired mean difference with its 95% interval: "+510 亿 (95% CI +498 亿 to +522 亿)".</summary>
    private static string ValueDifference(ClusterDifference d, Engine.Model.ValueUnit unit) =>
        $"{Format.SignedValue(d.MeanDifference, unit, Format.Chinese)} (95% CI {Format.SignedValue(d.Lower, unit, Format.Chinese)} to {Format.SignedValue(d.Upper, unit, Format.Chinese)})";

    private static (ScenarioResult Scenario, ScenarioResult Baseline) Pair(StudyResult result, string scenarioId)
    {
        ArgumentNullException.ThrowIfNull(result);
        return (result.Scenarios.First(s => s.Scenario.Id == scenarioId), result.Scenarios.First(s => s.Scenario.Id == result.Study.BaselineId));
    }

    private static MilestoneResult Milestone(ScenarioResult result, string clusterId, int year) =>
        result.Clusters.First(c => c.ClusterId == clusterId).Milestones.First(m => m.Year == year);

    private static double Median(ScenarioResult result, MilestoneResult milestone)
    {
        int i = result.QuantileLevels.IndexOf(0.5);
        return i >= 0 ? milestone.Quantiles[i] : throw new InvalidOperationException("The quantile levels lack the median.");
    }
}

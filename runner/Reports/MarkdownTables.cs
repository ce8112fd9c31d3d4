using Simulation.Engine.Statistics;

namespace Simulation.Runner.Reports;

/// <summary>
/// Ready-made Markdown tables for the study report, built from <see cref="MarkdownTable"/> and
/// <see cref="Format"/>: rounded for reading, in the same fixed order as the CSV tables.
/// </summary>
internal static class MarkdownTables
{
    /// <summary>
    /// Targets by scenario: Scenario | Target | Year | Probability (95% CI) | Difference vs baseline.
    /// The baseline's difference reads "baseline"; a target the baseline lacks reads "n/a".
    /// </summary>
    public static string Comparison(StudyResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var table = new MarkdownTable(
            ["Scenario", "Target", "Year", "Probability", "vs baseline (paired)"],
            [ColumnAlignment.Left, ColumnAlignment.Left, ColumnAlignment.Right, ColumnAlignment.Right, ColumnAlignment.Right]);
        foreach (var scenario in result.Scenarios)
        {
            foreach (var t in scenario.Targets)
            {
                table.AddRow(scenario.Scenario.Name, t.Target.Name, Numbers.Format(t.Target.Year), Format.Probability(t.Probability),
                    DifferenceCell(result, scenario.Scenario.Id, t.Target.Id));
            }
        }

        return table.ToString();
    }

    /// <summary>A target's "vs baseline" cell: "baseline" in the baseline's rows, the paired difference, or "n/a" for a target the baseline lacks.</summary>
    public static string DifferenceCell(StudyResult result, string scenarioId, string targetId)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (scenarioId == result.Study.BaselineId)
        {
            return "baseline";
        }

        var d = result.Differences.FirstOrDefault(x => x.ScenarioId == scenarioId && x.TargetId == targetId);
        return d is null ? "n/a" : Format.Difference(d);
    }

    /// <summary>
    /// Clusters at their milestones: Cluster | Year | Median | 90% range (p05–p95) | Mean, values in
    /// readable tiers (<see cref="Format.Value"/>). Names follow <paramref name="lang"/>: Chinese, English,
    /// or "English (中文)" for <see cref="Format.Both"/>.
    /// </summary>
    public static string Milestones(ScenarioResult result, string lang)
    {
        ArgumentNullException.ThrowIfNull(result);
        int median = Level(result, 0.5), low = Level(result, 0.05), high = Level(result, 0.95);
        var dataset = result.Scenario.Dataset;
        var unit = dataset.Unit;
        var table = new MarkdownTable(
            ["Cluster", "Year", "Median", "90% range (p05–p95)", "Mean"],
            [ColumnAlignment.Left, ColumnAlignment.Right, ColumnAlignment.Right, ColumnAlignment.Right, ColumnAlignment.Right]);
        foreach (var cluster in result.Clusters)
        {
            var info = dataset.Clusters[dataset.IndexOf(cluster.ClusterId)];
            string name = lang switch
            {
                Format.Chinese => info.NameZh,
                Format.English => info.NameEn,
                _ => $"{info.NameEn} ({info.NameZh})",
            };
            foreach (var m in cluster.Milestones)
            {
                table.AddRow(name, Numbers.Format(m.Year), Format.Value(m.Quantiles[median], unit, lang),
                    Format.Value(m.Quantiles[low], unit, lang) + " – " + Format.Value(m.Quantiles[high], unit, lang),
                    Format.Value(m.Mean, unit, lang));
            }
        }

        return table.ToString();
    }

    private static int Level(ScenarioResult result, double level)
    {
        int i = result.QuantileLevels.IndexOf(level);
        return i >= 0 ? i : throw new InvalidOperationException($"The result has no quantile at level {Numbers.Format(level)}.");
    }
}

using System.Globalization;
using System.Text;
using Simulation.Engine.Analysis;
using Simulation.Engine.Model;
using Simulation.Engine.Statistics;
using Simulation.Runner.Reports;

namespace Simulation.Runner.Output;

/// <summary>
/// The report's backtest section (it leads the report: what was projected against what happened) and
/// its console line: each out-of-sample fact beside the projection of its year, a verdict per fact, a
/// summary, the scores and the history the dataset lists.
/// </summary>
internal static class BacktestReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The section, or empty without a backtest.</summary>
    public static string Markdown(StudyResult result, string? chart)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Backtest is not { } backtest)
        {
            return string.Empty;
        }

        var scenario = result.Scenarios.First(s => s.Scenario.Id == backtest.ScenarioId).Scenario;
        var dataset = scenario.Dataset;
        var md = new StringBuilder();
        md.Append("## How the projection fared: the backtest\n\n")
          .Append("The dataset `").Append(dataset.Id).Append("` has base year ").Append(dataset.BaseYear.ToString(Invariant)).Append("; ")
          .Append(Numbers.Count(backtest.Facts.Length, "figure")).Append(" published for later years fall within the horizon. Each is set beside the projection of `")
          .Append(backtest.ScenarioId).Append("` for its year (the first ").Append(backtest.Paths.ToString("N0", Invariant))
          .Append(" paths of this run, the same seed). The engine never fits a parameter to an observation; whether the dataset's author used one is said in its source and note below.\n\n")
          .Append("**").Append(Summary(backtest)).Append("**\n\n");
        if (chart is not null)
        {
            md.Append("![The backtest: where each fact fell in the projection](").Append(chart).Append(")\n\n");
        }

        var table = new MarkdownTable(["Fact", "Year", "Observed", "Projected median (90% band)", "Where it fell", "Verdict"]);
        foreach (var f in backtest.Facts)
        {
            var o = f.Observation;
            table.AddMarkdownRow($"{MarkdownTable.EscapeText(o.Name)} `{o.Id}`", o.Year.ToString(Invariant), MarkdownTable.EscapeText(Observed(o)),
                $"{Amount(f.Quantiles[2])} ({Amount(f.Quantiles[0])}–{Amount(f.Quantiles[4])})", MarkdownTable.EscapeText(Where(f)), Verdict(f.Verdict, o.IsInterval));
        }

        md.Append(table.ToString()).Append('\n');
        md.Append("Values in ").Append(MarkdownTable.EscapeText(dataset.Unit.Label)).Append(" in each fact's measure (value added is converted from ")
          .Append(dataset.Measure).Append(" with each cluster's value-added ratio); counts are numbers of clusters. Sources:\n\n");
        foreach (var f in backtest.Facts)
        {
            var o = f.Observation;
            md.Append("- `").Append(o.Id).Append("`: ").Append(MarkdownTable.EscapeTextKeepingAddresses(o.Source)).Append(" (").Append(o.Confidence).Append(')')
              .Append(o.Note.Length > 0 ? ". " + MarkdownTable.EscapeTextKeepingAddresses(o.Note.TrimEnd('.')) : string.Empty).Append(".\n");
        }

        md.Append('\n').Append("**Scores**, to compare dataset versions on the same facts (every number is in `").Append(BacktestTables.File).Append("`): ");
        var scores = new List<string>();
        if (backtest.RelativeCrpsSum is { } crps)
        {
            int left = backtest.Facts.Count(f => f.Crps is not null && f.RelativeCrps is null);
            scores.Add($"the point facts' CRPS (the continuous ranked probability score: how far the projected distribution lies from the figure, in its unit; 0 is perfect), each divided by the quantity's base-year value and summed, {crps.ToString("0.####", Invariant)} (lower is better{(left > 0 ? $"; {Numbers.Count(left, "fact")} whose base-year value is 0 left out" : string.Empty)})");
        }

        if (backtest.LogScoreSum is { } log)
        {
            scores.Add($"the interval facts' log scores (the log of the share of paths the projection put inside each interval, smoothed so that none is infinite) summed, {log.ToString("0.###", Invariant).Replace('-', '−')} (closer to 0 is better)");
        }

        md.Append(string.Join("; ", scores)).Append(".\n\n");
        var history = dataset.Observations.Where(o => o.Year <= dataset.BaseYear).ToList();
        if (history.Count > 0)
        {
            md.Append("History the dataset lists (at or before its base year, not scored):\n\n");
            var baseValues = dataset.Clusters.Select(c => c.BaseValue).ToArray();
            foreach (var o in history)
            {
                md.Append("- ").Append(MarkdownTable.EscapeText(o.Name)).Append(" (").Append(o.Year.ToString(Invariant)).Append("): ").Append(MarkdownTable.EscapeText(Observed(o)))
                  .Append(o.Year == dataset.BaseYear ? $"; the dataset's base values give {Amount(o.Quantity.Evaluate(baseValues))}" : string.Empty)
                  .Append(". ").Append(MarkdownTable.EscapeTextKeepingAddresses(o.Source)).Append(" (").Append(o.Confidence).Append(").\n");
            }

            md.Append('\n');
        }

        return md.ToString();
    }

    /// <summary>"5 of 7 facts inside the 90% band (3 inside the 50% band); the projection was low for x and high for y."</summary>
    public static string Summary(BacktestResult backtest)
    {
        ArgumentNullException.ThrowIfNull(backtest);
        string text = $"{backtest.Inside90.ToString(Invariant)} of {Numbers.Count(backtest.Facts.Length, "fact")} inside the projection's 90% band ({backtest.Inside50.ToString(Invariant)} inside its 50% band; a range counts when it meets the band)";
        var low = backtest.Facts.Where(f => f.Verdict == BacktestVerdict.ProjectionLow).Select(f => f.Observation.Name).ToList();
        var high = backtest.Facts.Where(f => f.Verdict == BacktestVerdict.ProjectionHigh).Select(f => f.Observation.Name).ToList();
        var misses = new List<string>();
        if (low.Count > 0)
        {
            misses.Add("the projection was low for " + string.Join(", ", low));
        }

        if (high.Count > 0)
        {
            misses.Add("the projection was high for " + string.Join(", ", high));
        }

        return text + (misses.Count > 0 ? "; " + string.Join("; ", misses) : string.Empty) + ".";
    }

    /// <summary>The console line.</summary>
    public static IEnumerable<string> Headline(StudyResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Backtest is { } backtest)
        {
            yield return $"  backtest of {backtest.ScenarioId}: {Summary(backtest)}";
        }
    }

    /// <summary>The figure as observed: "16,700", "at least 10,000", "8,000–10,000".</summary>
    public static string Observed(Observation o)
    {
        ArgumentNullException.ThrowIfNull(o);
        string measure = o.Quantity.Form == ObservedForm.Count ? string.Empty : $" ({o.Measure.Replace('-', ' ')})";
        return o.Value is { } v ? Amount(v) + measure
            : o.AtLeast is { } a && o.AtMost is { } b ? $"{Amount(a)}–{Amount(b)}{measure}"
            : o.AtLeast is { } lo ? $"at least {Amount(lo)}{measure}"
            : $"at most {Amount(o.AtMost!.Value)}{measure}";
    }

    /// <summary>Where a fact fell: its percentile, or for an interval the share of paths in it and its ends' percentiles.</summary>
    public static string Where(BacktestFact f)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (f.IntervalProbability is not { } inside)
        {
            return $"percentile {Percentile(f.Percentile)}";
        }

        string ends = f.Observation.AtLeast is null ? $"up to percentile {Percentile(f.PercentileHigh!.Value)}"
            : f.Observation.AtMost is null ? $"from percentile {Percentile(f.Percentile)}"
            : $"percentiles {Percentile(f.Percentile)}–{Percentile(f.PercentileHigh!.Value)}";
        return $"{Format.Probability(inside)} of paths in it ({ends})";
    }

    private static string Percentile(double share) => (share * 100).ToString("0.#", Invariant);

    /// <summary>The verdict in words.</summary>
    public static string Verdict(BacktestVerdict verdict, bool interval = false) => verdict switch
    {
        BacktestVerdict.Inside50 => interval ? "meets the 50% band" : "inside the 50% band",
        BacktestVerdict.Inside90 => interval ? "meets the 90% band" : "inside the 90% band",
        BacktestVerdict.ProjectionHigh => "**below the 90% band: the projection was high**",
        _ => "**above the 90% band: the projection was low**",
    };

    /// <summary>An amount: thousands separated from 100 up, else up to two decimals (counts read as whole numbers).</summary>
    public static string Amount(double v) => Math.Abs(v) >= 100 ? v.ToString("N0", Invariant) : v.ToString("0.##", Invariant);

}

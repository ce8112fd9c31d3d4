using System.Collections.Immutable;
using System.Globalization;
using Simulation.Engine.Analysis;
using Simulation.Engine.Model;

namespace Simulation.Runner.Reports;

/// <summary>
/// backtest.csv, in the format of <see cref="CsvTables"/>: one row per out-of-sample observation set
/// beside the projection of its year. Pure: nothing here touches the disk.
/// </summary>
internal static class BacktestTables
{
    /// <summary>The file name.</summary>
    public const string File = "backtest.csv";

    /// <summary>
    /// Columns: the fact (id, name, year, what was observed, its measure, the observed value or interval
    /// ends), the scenario and paths it was set beside, the projection's p05 … p95, where the fact fell
    /// (its percentile; for an interval the percentiles of its ends and the share of paths inside it
    /// with its 95% interval), inside the 50% and 90% bands, the verdict, the scores (CRPS and CRPS over
    /// the observed value for a point, the log score for an interval), and the source, confidence and note.
    /// </summary>
    public static ImmutableArray<string> Header { get; } =
    [
        "observation", "name", "year", "quantity", "measure", "value", "at_least", "at_most", "scenario", "paths",
        "p05", "p25", "p50", "p75", "p95", "percentile", "percentile_high", "probability_inside", "ci_low", "ci_high",
        "inside_50", "inside_90", "verdict", "crps", "relative_crps", "log_score", "source", "confidence", "note",
    ];

    /// <summary>The verdict as written in the table.</summary>
    public static string VerdictName(BacktestVerdict verdict) => verdict switch
    {
        BacktestVerdict.Inside50 => "inside-50",
        BacktestVerdict.Inside90 => "inside-90",
        BacktestVerdict.ProjectionHigh => "projection-high",
        _ => "projection-low",
    };

    /// <summary>What was observed, in words: "smart-terminals", "total of 20 clusters", "clusters ≥ 10000 of 20".</summary>
    public static string Quantity(Observation observation, Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(observation);
        ArgumentNullException.ThrowIfNull(dataset);
        var q = observation.Quantity;
        string n = q.ClusterIndices.Length.ToString(CultureInfo.InvariantCulture);
        return q.Form == ObservedForm.Count
            ? $"clusters ≥ {Numbers.Format(q.CountValue)} of {n}"
            : q.ClusterIndices.Length == 1 ? dataset.Clusters[q.ClusterIndices[0]].Id : $"total of {n} clusters";
    }

    /// <summary>backtest.csv.</summary>
    public static string Render(BacktestResult backtest, Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(backtest);
        ArgumentNullException.ThrowIfNull(dataset);
        return CsvTables.Render(writer =>
        {
            using var csv = CsvTables.Open(writer, Header);
            foreach (var f in backtest.Facts)
            {
                var o = f.Observation;
                csv.WriteField(o.Id);
                csv.WriteField(o.Name);
                csv.WriteField(o.Year.ToString(CultureInfo.InvariantCulture));
                csv.WriteField(Quantity(o, dataset));
                csv.WriteField(o.Measure);
                CsvTables.WriteOptional(csv, o.Value);
                CsvTables.WriteOptional(csv, o.AtLeast);
                CsvTables.WriteOptional(csv, o.AtMost);
                csv.WriteField(backtest.ScenarioId);
                csv.WriteField(Numbers.Format(backtest.Paths));
                foreach (double q in f.Quantiles)
                {
                    csv.WriteField(Numbers.Format(q));
                }

                csv.WriteField(Numbers.Format(f.Percentile));
                CsvTables.WriteOptional(csv, f.PercentileHigh);
                CsvTables.WriteOptional(csv, f.IntervalProbability?.Estimate);
                CsvTables.WriteOptional(csv, f.IntervalProbability?.Lower);
                CsvTables.WriteOptional(csv, f.IntervalProbability?.Upper);
                csv.WriteField(f.Inside50 ? "true" : "false");
                csv.WriteField(f.Inside90 ? "true" : "false");
                csv.WriteField(VerdictName(f.Verdict));
                CsvTables.WriteOptional(csv, f.Crps);
                CsvTables.WriteOptional(csv, f.RelativeCrps);
                CsvTables.WriteOptional(csv, f.LogScore);
                csv.WriteField(o.Source);
                csv.WriteField(o.Confidence);
                csv.WriteField(o.Note);
                csv.NextRecord();
            }
        });
    }
}

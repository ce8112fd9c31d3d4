using Simulation.Engine.Analysis;
using Simulation.Engine.Model;
using Simulation.Runner.Output;

namespace Simulation.Runner.Tests.Output;

/// <summary>The backtest's words: verdicts, the summary, where an interval fell.</summary>
public sealed class BacktestReportTests
{
    private static Observation Fact(string name, double? value = null, double? atLeast = null, double? atMost = null) =>
        new(name.ToLowerInvariant(), name, 2025, new ObservedQuantity(ObservedForm.Sum, [0], [1]), "scale", "test", "B", "")
        { Value = value, AtLeast = atLeast, AtMost = atMost };

    /// <summary>Scores a fact against the values 1 … 100 (each path one value).</summary>
    private static BacktestFact Scored(Observation o) => Backtester.Score(o, [.. Enumerable.Range(1, 100).Select(i => (double)i)]);

    [Fact]
    public void Summary_CountsTheFactsInsideEachBand_AndNamesEveryMissBySide()
    {
        var backtest = new BacktestResult("baseline", 100, [
            Scored(Fact("Middle", 50)), Scored(Fact("Shoulder", 90)), Scored(Fact("Far above", atLeast: 99.5)), Scored(Fact("Far below", 2))]);
        Assert.Equal([BacktestVerdict.Inside50, BacktestVerdict.Inside90, BacktestVerdict.ProjectionLow, BacktestVerdict.ProjectionHigh], backtest.Facts.Select(f => f.Verdict));
        Assert.Equal("2 of 4 facts inside the projection's 90% band (1 inside its 50% band; a range counts when it meets the band); the projection was low for Far above; the projection was high for Far below.",
            BacktestReport.Summary(backtest));
    }

    [Fact]
    public void Where_GivesAPointsPercentile_AndAnIntervalsShareOfPathsWithItsEnds()
    {
        Assert.Equal("percentile 49.5", BacktestReport.Where(Scored(Fact("x", 50))));
        Assert.StartsWith("20.0% (95% CI", BacktestReport.Where(Scored(Fact("x", atLeast: 41, atMost: 60))));
        Assert.EndsWith("of paths in it (percentiles 40–60)", BacktestReport.Where(Scored(Fact("x", atLeast: 41, atMost: 60))));
        Assert.EndsWith("(from percentile 90)", BacktestReport.Where(Scored(Fact("x", atLeast: 91))));
        Assert.Equal("8,000–10,000 (scale)", BacktestReport.Observed(Fact("x", atLeast: 8000, atMost: 10000)));
        Assert.Equal("at least 10,000 (scale)", BacktestReport.Observed(Fact("x", atLeast: 10000)));
    }
}

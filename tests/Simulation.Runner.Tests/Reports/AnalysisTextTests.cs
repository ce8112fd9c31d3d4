using Simulation.Engine.Analysis;
using Simulation.Runner.Reports;

namespace Simulation.Runner.Tests.Reports;

/// <summary>Inputs and box limits in words, each kind as a reader checks it against the scenario file.</summary>
public class AnalysisTextTests
{
    private static SampleInput Input(string name, string owner, string quantity, InputKind kind) => new(name, owner, quantity, kind);

    private static readonly SampleInput Trend = Input("clusters.semiconductors.trend", "Semiconductors", "trend", InputKind.Rate);
    private static readonly SampleInput Shocks = Input("clusters.semiconductors.shocks", "Semiconductors", "annual shocks", InputKind.Shocks);
    private static readonly SampleInput Firings = Input("events.export-controls.count", "Export controls", "firings", InputKind.Count);
    private static readonly SampleInput FirstYear = Input("events.export-controls.first-year", "Export controls", "first firing", InputKind.Year);
    private static readonly SampleInput Cancelled = Input("levers.parks.sites.yanluo.cancelled", "Yanluo (Bao'an)", "cancelled", InputKind.Flag);
    private static readonly SampleInput Succeeded = Input("levers.revival.traditional.succeeded", "Revival", "succeeded", InputKind.Flag);
    private static readonly SampleInput Attracted = Input("levers.attraction.arrivals", "Attraction", "projects attracted", InputKind.Count);

    [Theory]
    [InlineData(0.0981, null, "Semiconductors' trend is above 9.8%")]
    [InlineData(null, -0.004, "Semiconductors' trend is below \u22120.40%")]
    [InlineData(0.02, 0.05, "Semiconductors' trend is between 2.0% and 5.0%")]
    public void Continuous_ReadsAboveBelowOrBetween(double? lower, double? upper, string expected) =>
        Assert.Equal(expected, AnalysisText.Condition(Trend, lower, upper, 2035));

    [Fact]
    public void PluralQuantities_TakeAPluralVerb() =>
        Assert.Equal("Semiconductors' annual shocks are above −0.26 sd", AnalysisText.Condition(Shocks, -0.26, null, 2035));

    [Theory]
    [InlineData(null, 0.5, "“Export controls” never fires")]
    [InlineData(null, 1.5, "“Export controls” fires at most once")]
    [InlineData(1.5, null, "“Export controls” fires at least twice")]
    [InlineData(0.5, 3.5, "“Export controls” fires 1 to 3 times")]
    public void EventFirings_CountWholeFirings(double? lower, double? upper, string expected) =>
        Assert.Equal(expected, AnalysisText.Condition(Firings, lower, upper, 2035));

    [Theory]
    [InlineData(2027.5, null, "“Export controls” does not fire before 2028")]
    [InlineData(2035.5, null, "“Export controls” never fires")]
    [InlineData(null, 2026.5, "“Export controls” first fires by 2026")]
    [InlineData(2024.5, 2030.5, "“Export controls” first fires in 2025–2030")]
    public void EventFirstYear_ReadsAsYears_BeyondTheHorizonAsNever(double? lower, double? upper, string expected) =>
        Assert.Equal(expected, AnalysisText.Condition(FirstYear, lower, upper, 2035));

    [Theory]
    [InlineData(true, "Yanluo (Bao'an) is cancelled", "Revival succeeds")]
    [InlineData(false, "Yanluo (Bao'an) is not cancelled", "Revival fails")]
    public void Flags_ReadAsWhatHappened(bool set, string park, string revival)
    {
        double? lower = set ? 0.5 : null, upper = set ? null : 0.5;
        Assert.Equal(park, AnalysisText.Condition(Cancelled, lower, upper, 2035));
        Assert.Equal(revival, AnalysisText.Condition(Succeeded, lower, upper, 2035));
    }

    [Fact]
    public void OtherCounts_ReadAsWholeNumbers() =>
        Assert.Equal("at least 3 projects attracted", AnalysisText.Condition(Attracted, 2.5, null, 2035));

    [Fact]
    public void LimitValues_OfWholeNumberInputs_AreTheWholeNumbersKept()
    {
        Assert.Equal("3", AnalysisText.LimitValue(Firings, 2.5, lower: true));
        Assert.Equal("2", AnalysisText.LimitValue(Firings, 2.5, lower: false));
        Assert.Equal("2028", AnalysisText.LimitValue(FirstYear, 2027.5, lower: true));
        Assert.Equal("9.8%", AnalysisText.LimitValue(Trend, 0.0981, lower: true));
    }

    [Fact]
    public void Values_ReadInEachInputsTerms()
    {
        Assert.Equal("9.8%", AnalysisText.Value(Trend, 0.0981));
        Assert.Equal("+1.25 sd", AnalysisText.Value(Shocks, 1.25));
        Assert.Equal("2031", AnalysisText.Value(FirstYear, 2031));
        Assert.Equal("3.4 yr", AnalysisText.Value(Input("x", "P", "build years", InputKind.Years), 3.41));
        Assert.Equal("60%", AnalysisText.Value(Input("x", "P", "displacement", InputKind.Share), 0.6));
        Assert.Equal("1,250", AnalysisText.Value(Input("x", "P", "output density", InputKind.Amount), 1249.6));
        Assert.Equal("< 0.001", AnalysisText.QuasiP(1e-9));
        Assert.Equal("0.04", AnalysisText.QuasiP(0.0412));
    }
}

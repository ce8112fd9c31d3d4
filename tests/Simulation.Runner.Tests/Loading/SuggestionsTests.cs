using Simulation.Runner.Loading;

namespace Simulation.Runner.Tests.Loading;

public sealed class SuggestionsTests
{
    [Theory]
    [InlineData("levers", "levers", 0)]
    [InlineData("levesr", "levers", 1)]
    [InlineData("lever", "levers", 1)]
    [InlineData("abc", "xyz", 3)]
    [InlineData("", "abc", 3)]
    public void Distance_Words_CountsEditsWithTranspositionAsOne(string a, string b, int expected) =>
        Assert.Equal(expected, Suggestions.Distance(a, b));

    [Fact]
    public void Closest_NearMiss_SuggestsTheCandidate() =>
        Assert.Equal("levers", Suggestions.Closest("levesr", ["kind", "id", "levers", "targets"]));

    [Fact]
    public void Closest_FarWord_SuggestsNothing() =>
        Assert.Null(Suggestions.Closest("weather", ["kind", "id", "levers"]));

    [Fact]
    public void DidYouMean_NearMiss_FormatsAQuestion() =>
        Assert.Equal("; did you mean `normal`?", Suggestions.DidYouMean("normall", ["normal", "uniform"]));
}

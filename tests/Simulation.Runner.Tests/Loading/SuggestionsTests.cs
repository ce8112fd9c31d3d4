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

    [Fact]
    public void DidYouMeanOrList_NearMiss_AsksOnly() =>
        Assert.Equal("; did you mean `alpha`?", Suggestions.DidYouMeanOrList("alpah", ["alpha", "beta"], "the clusters"));

    [Theory]
    [InlineData(new[] { "alpha" }, "; the clusters are `alpha`")]
    [InlineData(new[] { "alpha", "beta", "gamma" }, "; the clusters are `alpha`, `beta` and `gamma`")]
    [InlineData(new string[0], "")]
    public void DidYouMeanOrList_FarWord_ListsTheCandidates(string[] candidates, string expected) =>
        Assert.Equal(expected, Suggestions.DidYouMeanOrList("semiconductors", candidates, "the clusters"));

    [Fact]
    public void DidYouMeanOrList_ManyCandidates_ListsTheFirstAndCountsTheRest()
    {
        var ids = Enumerable.Range(1, 40).Select(i => $"c{i}").ToList();

        string hint = Suggestions.DidYouMeanOrList("semiconductors", ids, "the clusters", most: 30);

        Assert.StartsWith("; the clusters are `c1`, `c2`, ", hint, StringComparison.Ordinal);
        Assert.EndsWith("`c30`, … and 10 more", hint, StringComparison.Ordinal);
        Assert.DoesNotContain("`c31`", hint, StringComparison.Ordinal);
    }
}

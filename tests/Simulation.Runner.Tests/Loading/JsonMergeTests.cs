using System.Text.Json.Nodes;
using Simulation.Runner.Loading;

namespace Simulation.Runner.Tests.Loading;

/// <summary>The deep merge of an extending file into what it inherits, under given rules.</summary>
public sealed class JsonMergeTests
{
    /// <summary>`choice` objects replace whole; `a`, `b` and `c` exclude one another in any object.</summary>
    private sealed class Rules : IMergeRules
    {
        public bool ReplacesWhole(IReadOnlyList<string> path) => path[^1] == "choice";

        public IReadOnlyList<string> Rivals(IReadOnlyList<string> path) =>
            path[^1] is "a" or "b" or "c" ? new[] { "a", "b", "c" }.Where(k => k != path[^1]).ToList() : [];
    }

    private static JsonObject Merge(params string[] files)
    {
        var merged = new JsonObject();
        foreach (string file in files)
        {
            Simulation.Runner.Loading.Json.MergeInto(merged, JsonNode.Parse(file)!.AsObject(), new Rules());
        }

        return merged;
    }

    [Fact]
    public void MergeInto_ObjectsDeep_ChoicesWhole_LaterWins_NullDeletes()
    {
        var merged = Merge(
            """{"x": {"keep": 1, "change": 1, "drop": 1}, "choice": {"p": 1, "q": 2}, "list": [1, 2]}""",
            """{"x": {"change": 2, "drop": null}, "choice": {"q": 3}, "list": [3]}""");

        Assert.Equal("""{"x":{"keep":1,"change":2},"choice":{"q":3},"list":[3]}""", merged.ToJsonString());
    }

    [Fact]
    public void MergeInto_ARival_DropsTheInheritedOthers_ButNotTheFilesOwn()
    {
        Assert.Equal("""{"t":{"name":"n","b":{"v":2}}}""", Merge("""{"t": {"name": "n", "a": {"v": 1}}}""", """{"t": {"b": {"v": 2}}}""").ToJsonString());

        // Two rivals in one file stay for the schema to report; a null rival drops nothing else.
        Assert.Equal("""{"t":{"b":2,"c":3}}""", Merge("""{"t": {"a": 1}}""", """{"t": {"b": 2, "c": 3}}""").ToJsonString());
        Assert.Equal("""{"t":{"a":1}}""", Merge("""{"t": {"a": 1, "b": 2}}""", """{"t": {"b": null}}""").ToJsonString());
    }

    [Fact]
    public void MergeInto_ThreeFiles_EachChangeOfFormInTurn()
    {
        var merged = Merge(
            """{"t": {"year": 2025, "a": {"v": 1, "w": 1}}}""",
            """{"t": {"b": {"v": 2}}}""",
            """{"t": {"a": {"v": 3}}}""");

        // The last file's `a` merges into nothing: the middle file dropped the first's.
        Assert.Equal("""{"t":{"year":2025,"a":{"v":3}}}""", merged.ToJsonString());
    }
}

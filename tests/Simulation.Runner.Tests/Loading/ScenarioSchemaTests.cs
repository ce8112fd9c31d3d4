using System.Text.Json.Nodes;
using Simulation.Runner.Loading;

namespace Simulation.Runner.Tests.Loading;

public sealed class ScenarioSchemaTests
{
    private static IReadOnlyList<SchemaProblem> Validate(string json) => ScenarioSchema.Instance.Validate(JsonNode.Parse(json)!);

    [Fact]
    public void Text_Embedded_EqualsTheFileInTheRepository()
    {
        string file = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "scenarios", "schema", "scenario.schema.json"));

        Assert.Equal(file, ScenarioSchema.Instance.Text);
    }

    [Fact]
    public void DistributionNames_AreTheReadmeForms() =>
        Assert.Equal(
            ["fixed", "normal", "truncated-normal", "log-normal", "uniform", "triangular", "pert", "beta", "poisson", "bernoulli", "discrete"],
            ScenarioSchema.Instance.DistributionNames);

    [Fact]
    public void Validate_ReadmeDistributionForms_AreValid()
    {
        string[] forms =
        [
            "0.05", "{\"fixed\": 0.05}", "{\"normal\": {\"mean\": 0, \"sd\": 1}}", "{\"log-normal\": {\"log-mean\": 0, \"log-sd\": 1}}",
            "{\"log-normal\": {\"mean\": 1, \"sd\": 1}}", "{\"beta\": {\"alpha\": 2, \"beta\": 3}}",
            "{\"discrete\": {\"values\": [1, 2], \"weights\": [1, 1]}}",
        ];
        foreach (string form in forms)
        {
            Assert.Empty(Validate($"{{\"kind\": \"dataset\", \"id\": \"d\", \"clusters\": {{\"a\": {{\"trend\": {form}}}}}}}"));
        }
    }

    [Fact]
    public void Validate_LogNormalMissingSd_ReportsOnlyTheMissingKey()
    {
        var problems = Validate("{\"kind\": \"dataset\", \"id\": \"d\", \"clusters\": {\"a\": {\"trend\": {\"log-normal\": {\"mean\": 1}}}}}");

        var p = Assert.Single(problems);
        Assert.Equal(("/clusters/a/trend/log-normal", "missing `sd`"), (p.Pointer, p.Message));
    }

    [Fact]
    public void Validate_TargetWithTwoConditions_SaysExactlyOne()
    {
        var problems = Validate("{\"kind\": \"scenario\", \"id\": \"s\", \"targets\": {\"t\": {\"year\": 2025, \"total\": {\"value\": 1}, \"count\": {\"at-least\": 1, \"value\": 1}}}}");

        Assert.Contains(problems, p => p.Message.Contains("needs exactly one of `cluster`, `count`, `total`, `all`, `any`, found `count` and `total`", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_StudyKeyInScenario_IsNotAllowed()
    {
        var problems = Validate("{\"kind\": \"scenario\", \"id\": \"s\", \"run\": {\"paths\": 5}}");

        var p = Assert.Single(problems);
        Assert.True(p.AtKey);
        Assert.Contains("`run` is not allowed in a scenario", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MissingKind_SaysWhatKindsThereAre()
    {
        var p = Assert.Single(Validate("{\"id\": \"x\"}"));

        Assert.Equal("missing `kind` (dataset, scenario or study)", p.Message);
    }

    [Fact]
    public void Validate_ConcurrentCalls_GiveTheSameProblemsAsOneCall()
    {
        const string json = "{\"kind\": \"scenario\", \"id\": \"s\", \"levesr\": {}, \"paths\": 0, \"clusters\": {\"a\": {\"trend\": {\"normall\": {}}}}}";
        var expected = Validate(json).Select(p => p.Message).Order(StringComparer.Ordinal).ToList();
        var results = new List<string>[16];

        Parallel.For(0, results.Length, i => results[i] = Validate(json).Select(p => p.Message).Order(StringComparer.Ordinal).ToList());

        Assert.Equal(3, expected.Count);
        Assert.All(results, r => Assert.Equal(expected, r));
    }
}

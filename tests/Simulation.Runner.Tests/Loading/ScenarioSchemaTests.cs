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

    [Theory]
    [InlineData("targets.t.count", "cluster total all any")]
    [InlineData("targets.t.cluster", "count total all any")]
    [InlineData("sweeps.s.range", "values")]
    [InlineData("targets.t.name", "")]
    [InlineData("targets.t", "")]
    [InlineData("levers.subsidy.project-investment.log-normal", "")] // a distribution is replaced whole instead
    [InlineData("levers.subsidy.project-investment.log-normal.mean", "")] // a oneOf of whole objects, not of keys
    [InlineData("targets", "")]
    [InlineData("no-such-key.x", "")]
    public void Rivals_Path_TheOtherKeysOfAnExactlyOneOfChoice(string path, string expected) =>
        Assert.Equal(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries), ScenarioSchema.Instance.Rivals(path.Split('.')));

    [Theory]
    [InlineData("levers.subsidy.project-investment", true)]
    [InlineData("clusters.pert.trend", true)]
    [InlineData("levers.parks.sites.pert", false)] // a park called `pert` is a park, not a distribution
    [InlineData("levers.parks.sites.pert.build-years", true)]
    [InlineData("levers.subsidy", false)]
    [InlineData("targets.t.cluster", false)]
    [InlineData("no-such-key.x", false)]
    public void IsChoice_Path_OnlyWhereTheSchemaAllowsOneKeyObjects(string path, bool expected) =>
        Assert.Equal(expected, ScenarioSchema.Instance.IsChoice(path.Split('.')));

    [Theory]
    [InlineData("levers.subsidy.annual-budget", true)]
    [InlineData("levers.subsidy.cap-per-project", true)]
    [InlineData("levers.subsidy.reimbursement-rate", false)]
    [InlineData("levers.parks.delay-years", false)]
    [InlineData("levers.attraction.project-size", true)]
    public void IsInDatasetUnit_Path_OnlyForAmounts(string path, bool expected) =>
        Assert.Equal(expected, ScenarioSchema.Instance.IsInDatasetUnit(path.Split('.')));

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

    [Fact]
    public void AcceptsChangedValues_ANumberChangedInTheStandardBaseline_AcceptsOnlyWhatTheWholeDocumentAccepts()
    {
        // Every kind of number in the merged standard baseline (the first park or cluster stands for the
        // rest), set below any minimum, between whole numbers and above any maximum: wherever the
        // shortcut accepts the change, validating the whole document must find nothing.
        var baseline = StandardBaseline();
        Assert.Empty(ScenarioSchema.Instance.Validate(baseline));
        var shapes = new HashSet<string>(StringComparer.Ordinal);
        var leaves = NumberPaths(baseline, []).Where(p => shapes.Add(string.Join('.', p.Select((k, i) => i > 0 && p[i - 1] is "sites" or "clusters" or "targets" or "events" ? "*" : k)))).ToList();
        int accepted = 0;
        foreach (var path in leaves)
        {
            foreach (double value in (ReadOnlySpan<double>)[-1, 0.5, 1e6])
            {
                var variant = (JsonObject)baseline.DeepClone();
                Parent(variant, path)[path[^1]] = value;
                if (ScenarioSchema.Instance.AcceptsChangedValues(baseline, variant, [path]))
                {
                    accepted++;
                    Assert.True(ScenarioSchema.Instance.Validate(variant).Count == 0, $"{string.Join('.', path)} = {value}");
                }
            }
        }

        Assert.True(leaves.Count > 40, $"{leaves.Count} kinds of number");
        Assert.True(accepted > leaves.Count, $"the shortcut accepted {accepted} of {3 * leaves.Count} changes");
    }

    [Theory]
    [InlineData("levers.subsidy.annual-budget", 30, true)]
    [InlineData("levers.parks.delay-years", 2, true)]
    [InlineData("levers.parks.delay-years", -1, false)]
    [InlineData("levers.parks.delay-years", 0.5, false)]
    [InlineData("levers.subsidy.induced-investment-per-subsidy.pert.mode", 3, true)] // the one distribution form the object's key allows
    [InlineData("levers.parks.sites.baoan-yanluo.cancellation-probability", 0.2, true)] // in a map keyed by id
    [InlineData("levers.parks.sites.baoan-yanluo.cancellation-probability", 1.5, false)]
    public void AcceptsChangedValues_TypicalSweeps_TakeTheShortcutOnlyWhereValid(string dotted, double value, bool expected)
    {
        var baseline = StandardBaseline();
        var variant = (JsonObject)baseline.DeepClone();
        string[] path = dotted.Split('.');
        Parent(variant, path)[path[^1]] = value;

        Assert.Equal(expected, ScenarioSchema.Instance.AcceptsChangedValues(baseline, variant, [path]));
    }

    [Fact]
    public void AcceptsChangedValues_AKeyTheOriginalLacks_IsLeftToTheWholeDocument()
    {
        var baseline = StandardBaseline();
        var variant = (JsonObject)baseline.DeepClone();
        ((JsonObject)variant["levers"]!["parks"]!).Remove("delay-years");

        Assert.False(ScenarioSchema.Instance.AcceptsChangedValues(variant, baseline, [["levers", "parks", "delay-years"]]));
        Assert.False(ScenarioSchema.Instance.AcceptsChangedValues(baseline, variant, [["levers", "parks", "delay-years"]]));
    }

    [Theory]
    // `b` decides which branch applies: changing it must go to the whole document (here invalid).
    [InlineData("""{"type": "object", "properties": {"a": {"type": "number"}, "b": {"type": "number"}}, "if": {"properties": {"b": {"const": 1}}}, "then": {"properties": {"a": {"maximum": 5}}}}""", """{"a": 9, "b": 2}""", "b", 1, false, false)]
    // The branch looks at `b`, not at `a`: `a` alone decides, by its own schema.
    [InlineData("""{"type": "object", "properties": {"a": {"type": "number"}, "b": {"type": "number"}}, "if": {"properties": {"b": {"const": 1}}}, "then": {"required": ["a"]}}""", """{"a": 9, "b": 1}""", "a", 4, true, true)]
    // The object's own const looks at every value. (Validate leaves const failures to the keywords they
    // decide, as for `kind`, so the whole document is not checked here.)
    [InlineData("""{"type": "object", "properties": {"a": {"type": "number"}}, "const": {"a": 1}}""", """{"a": 1}""", "a", 2, false, null)]
    // A map keyed by id: the additionalProperties schema decides.
    [InlineData("""{"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}}""", """{"x": 1, "y": 2}""", "y", 3, true, true)]
    [InlineData("""{"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}}""", """{"x": 1, "y": 2}""", "y", -3, false, false)]
    // anyOf with one alternative an object can take: that alternative decides.
    [InlineData("""{"anyOf": [{"type": "null"}, {"type": "object", "properties": {"a": {"maximum": 5}}}]}""", """{"a": 1}""", "a", 4, true, true)]
    [InlineData("""{"anyOf": [{"type": "null"}, {"type": "object", "properties": {"a": {"maximum": 5}}}]}""", """{"a": 1}""", "a", 6, false, false)]
    // Two alternatives an object can take: the whole document decides.
    [InlineData("""{"anyOf": [{"type": "object", "properties": {"a": {"maximum": 5}}}, {"type": "object", "properties": {"a": {"minimum": 10}}}]}""", """{"a": 1}""", "a", 12, false, true)]
    // patternProperties may apply to the key: the whole document decides.
    [InlineData("""{"type": "object", "properties": {"a": {"type": "number"}}, "patternProperties": {"^a$": {"maximum": 5}}}""", """{"a": 1}""", "a", 6, false, false)]
    public void AcceptsChangedValues_SchemasMadeForIt_ShortcutOnlyWhereSound(string schemaText, string validText, string key, double value, bool shortcut, bool? wholeDocumentValid)
    {
        var schema = ScenarioSchema.FromText(schemaText);
        var valid = (JsonObject)JsonNode.Parse(validText)!;
        var variant = (JsonObject)valid.DeepClone();
        variant[key] = value;

        Assert.Empty(schema.Validate(valid));
        Assert.Equal(shortcut, schema.AcceptsChangedValues(valid, variant, [[key]]));
        if (wholeDocumentValid is { } expected)
        {
            Assert.Equal(expected, schema.Validate(variant).Count == 0);
        }
    }

    [Fact]
    public void AcceptsChangedValues_TwoChangedValuesOneLookingAtTheOther_WholeDocumentDecides()
    {
        // `b` = 1 caps `a` at 5: each change is valid alone, together they are not.
        var schema = ScenarioSchema.FromText("""{"type": "object", "properties": {"a": {"type": "number"}, "b": {"type": "number"}}, "if": {"properties": {"b": {"const": 1}}}, "then": {"properties": {"a": {"maximum": 5}}}}""");
        var valid = (JsonObject)JsonNode.Parse("""{"a": 9, "b": 2}""")!;
        var variant = (JsonObject)JsonNode.Parse("""{"a": 8, "b": 1}""")!;

        Assert.False(schema.AcceptsChangedValues(valid, variant, [["a"], ["b"]]));
        Assert.NotEmpty(schema.Validate(variant));
    }

    private static JsonObject StandardBaseline()
    {
        var merged = new JsonObject();
        foreach (string file in (ReadOnlySpan<string>)["data/shenzhen-2023.yaml", "standard/baseline.yaml"])
        {
            string path = Path.Combine(TestPaths.RepositoryRoot, "scenarios", file);
            Simulation.Runner.Loading.Json.MergeInto(merged, YamlTreeReader.Read(File.ReadAllBytes(path), path).Root!, ScenarioSchema.Instance);
        }

        return merged;
    }

    /// <summary>A value each pattern of the schema accepts (a new pattern needs one here).</summary>
    private static readonly Dictionary<string, string> PatternExamples = new(StringComparer.Ordinal)
    {
        ["^[a-z0-9]+(-[a-z0-9]+)*$(?!\\n)"] = "policy-2",
        ["^[0-9]{4}$(?!\\n)"] = "2030",
        ["^[A-Z]{3}$(?!\\n)"] = "CNY",
        ["^[a-z0-9-]+(\\.[a-z0-9-]+)*$(?!\\n)"] = "levers.subsidy.annual-budget",
        ["^[0-9]+(\\.[0-9]+)? ?pp$(?!\\n)"] = "0.5pp",
    };

    [Fact]
    public void Patterns_EveryOneUnderTheValidatorUsed_RefusesALineBreakAfterWhatItAccepts()
    {
        // JsonSchema.Net evaluates patterns with .NET's Regex, whose `$` also matches before a final line
        // break: "policy\n" passed `^…$` and became a folder name. Every pattern must end the text for real.
        var patterns = Patterns(JsonNode.Parse(ScenarioSchema.Instance.Text)).Distinct(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(patterns);
        foreach (string pattern in patterns)
        {
            Assert.True(PatternExamples.TryGetValue(pattern, out string? example), $"no example for the pattern {pattern}");
            var schema = Json.Schema.JsonSchema.FromText(new JsonObject { ["type"] = "string", ["pattern"] = pattern }.ToJsonString());
            bool Accepts(string text) => schema.Evaluate(JsonValue.Create(text)).IsValid;

            Assert.True(Accepts(example), $"{pattern} refuses its example `{example}`");
            foreach (string bad in (string[])[example + "\n", example + "\r\n", "\n" + example, example + "\nx"])
            {
                Assert.False(Accepts(bad), $"{pattern} accepts {System.Text.Json.JsonSerializer.Serialize(bad)}");
            }
        }
    }

    [Theory]
    [InlineData("policy\n", "ends in a line break, `\\n`")]
    [InlineData("po\nlicy", "holds a line break, `\\n`")]
    [InlineData("policy\r", "holds a line break, `\\r`")]
    [InlineData("po\u2028licy", "holds a line break, `\\u2028`")]
    [InlineData("po\tlicy", "holds a control character, `\\t`")]
    [InlineData("po\u0000licy", "holds a control character, `\\u0000`")]
    [InlineData("po\u001blicy", "holds a control character, `\\u001b`")]
    [InlineData("po\u0085licy", "holds a control character, `\\u0085`")]
    [InlineData("a/b", "holds `/`, a path separator")]
    [InlineData("a\\b", "holds `\\`, a path separator")]
    [InlineData("..", "holds `..`, the folder above")]
    [InlineData("../up", "holds `/`, a path separator")]
    [InlineData(".policy", "starts with `.`, which hides a file")]
    [InlineData("policy.v2", "holds `.`")]
    public void Validate_IdThatCouldNotNameAFile_RefusedOnOneLineSayingWhy(string id, string why)
    {
        var doc = new JsonObject { ["kind"] = "scenario", ["id"] = id, ["targets"] = new JsonObject { [id] = new JsonObject() } };

        var problems = ScenarioSchema.Instance.Validate(doc);

        var idProblem = Assert.Single(problems, p => p.Pointer == "/id");
        Assert.EndsWith($"(ids name the report's files and folders, and this one {why})", idProblem.Message, StringComparison.Ordinal);
        Assert.Contains(problems, p => p.AtKey && p.Message.Contains($"is not a valid key: use kebab-case", StringComparison.Ordinal) && p.Message.Contains(why, StringComparison.Ordinal));
        Assert.All(problems, p => Assert.DoesNotContain(p.Message, c => char.IsControl(c) || c is '\u2028' or '\u2029'));
    }

    [Theory]
    [InlineData("Policy")]
    [InlineData("policy_2")]
    [InlineData("policy 2")]
    [InlineData("policy--2")]
    public void Validate_IdMerelyNotKebabCase_SaysOnlyTheRule(string id)
    {
        var problem = Assert.Single(ScenarioSchema.Instance.Validate(new JsonObject { ["kind"] = "scenario", ["id"] = id }));

        Assert.Equal($"`id`: `{id}` is not valid: use kebab-case: lower-case letters and digits joined by single hyphens", problem.Message);
    }

    [Theory]
    [InlineData("levers.subsidy.annual-budget", "\"2亿\"", 1e8, "CNY", "; amounts are already in the dataset's unit (亿元); write 2")]
    [InlineData("levers.subsidy.annual-budget", "\"2 亿元\"", 1e8, "CNY", "; amounts are already in the dataset's unit (亿元); write 2")]
    [InlineData("levers.subsidy.cap-per-project", "\"1.5万亿\"", 1e8, "CNY", "; amounts are already in the dataset's unit (亿元); write 15000")]
    [InlineData("levers.subsidy.annual-budget", "\"2亿\"", 1e4, "CNY", "; amounts are already in the dataset's unit (万元); write 20000")]
    [InlineData("levers.subsidy.annual-budget", "\"2亿\"", 1e6, "USD", "; amounts are already in the dataset's unit (USD million); write 200")]
    [InlineData("levers.subsidy.annual-budget", "\"2亿\"", 0, null, "; amounts are already in the dataset's unit (its `unit: scale`): write the number alone, without 亿")]
    [InlineData("levers.subsidy.annual-budget", "\"20\"", 1e8, "CNY", "; without the quotes it is a number")]
    [InlineData("levers.subsidy.reimbursement-rate", "\"5%\"", 1e8, "CNY", "; write 5% as 0.05")]
    [InlineData("levers.subsidy.reimbursement-rate", "50", 1e8, "CNY", "; if 50 means 50%, write 0.5")]
    [InlineData("levers.subsidy.reimbursement-rate", "0.5", 1e8, "CNY", "")]
    [InlineData("levers.subsidy.reimbursement-rate", "\"2亿\"", 1e8, "CNY", "")] // a share is no amount
    [InlineData("levers.subsidy.annual-budget", "\"a lot\"", 1e8, "CNY", "")]
    [InlineData("levers.subsidy.years", "\"2亿\"", 1e8, "CNY", "")] // no single number there
    public void NumberHint_ValueForTheNumberAtAPath_TheHintItsOwnMessageWouldGive(string path, string value, double scale, string? currency, string expected)
    {
        var unit = currency is null ? null : new JsonObject { ["currency"] = currency, ["scale"] = scale, ["label"] = $"{currency} million" };

        Assert.Equal(expected, ScenarioSchema.Instance.NumberHint(path.Split('.'), JsonNode.Parse(value), unit));
    }

    [Theory]
    [InlineData("levers.subsidy.reimbursement-rate", "between 0 and 1")]
    [InlineData("levers.subsidy.annual-budget", null)]
    [InlineData("levers.subsidy.years", null)]
    public void ShareBounds_Path_OnlyForANumberAtMostOne(string path, string? expected) =>
        Assert.Equal(expected, ScenarioSchema.Instance.ShareBounds(path.Split('.')));

    private static IEnumerable<string> Patterns(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(k => k.Key == "pattern" && k.Value is JsonValue v ? [v.GetValue<string>()]
            : k.Key == "patternProperties" && k.Value is JsonObject p ? p.Select(x => x.Key).Concat(p.SelectMany(x => Patterns(x.Value)))
            : Patterns(k.Value)),
        JsonArray a => a.SelectMany(Patterns),
        _ => [],
    };

    private static IEnumerable<string[]> NumberPaths(JsonNode? node, string[] path) => node switch
    {
        JsonObject o => o.SelectMany(k => NumberPaths(k.Value, [.. path, k.Key])),
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.Number => [path],
        _ => [],
    };

    private static JsonObject Parent(JsonObject doc, string[] path) =>
        path[..^1].Aggregate(doc, (o, key) => (JsonObject)o[key]!);
}

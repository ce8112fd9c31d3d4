using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace Simulation.Runner.Loading;

/// <summary>A schema problem at a JSON pointer; <paramref name="AtKey"/> places it at the key rather than the value.</summary>
public sealed record SchemaProblem(string Pointer, bool AtKey, string Message);

/// <summary>
/// The embedded JSON Schema (draft-07) of the scenario language, and validation that turns the
/// validator's output into plain, located messages: one per problem, with did-you-mean suggestions,
/// and one message for a failed choice (e.g. a distribution) instead of one per alternative.
/// </summary>
public sealed partial class ScenarioSchema : IMergeRules
{
    /// <summary>A plain decimal number: digits, an optional point and exponent (not NaN, not Infinity).</summary>
    [GeneratedRegex(@"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\z")]
    private static partial Regex PlainNumber();

    private static readonly Lazy<ScenarioSchema> Shared = new(() => new ScenarioSchema(ReadEmbeddedText()));

    private readonly JsonSchema schema;
    private readonly JsonNode root;
    private readonly Lock gate = new();
    private readonly Dictionary<JsonNode, JsonSchema?> valueSchemas = new(ReferenceEqualityComparer.Instance);

    private ScenarioSchema(string text)
    {
        Text = text;
        schema = JsonSchema.FromText(text);
        root = JsonNode.Parse(text)!;
    }

    /// <summary>The schema embedded in the runner.</summary>
    public static ScenarioSchema Instance => Shared.Value;

    /// <summary>Another schema (tests of the validation machinery on schemas made for them).</summary>
    internal static ScenarioSchema FromText(string text) => new(text);

    /// <summary>The schema text, as shipped in scenarios/schema/scenario.schema.json.</summary>
    public string Text { get; }

    /// <summary>The distribution names the language knows, in the schema's order.</summary>
    public IReadOnlyList<string> DistributionNames
    {
        get
        {
            lock (gate)
            {
                return root["definitions"]!["distribution"]!["oneOf"]!.AsArray()
                    .Select(a => a!["required"]?[0]?.GetValue<string>())
                    .OfType<string>()
                    .ToList();
            }
        }
    }

    private static string ReadEmbeddedText()
    {
        var assembly = typeof(ScenarioSchema).Assembly;
        string name = assembly.GetManifestResourceNames().Single(n => n.EndsWith("scenario.schema.json", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Validates a document; returns every problem (unsorted, possibly with duplicates). Thread safe.</summary>
    public IReadOnlyList<SchemaProblem> Validate(JsonNode document)
    {
        // JsonNode trees parsed from text materialise lazily and are not safe to read from several
        // threads at once, and the evaluator shares state through the schema: one validation at a time.
        lock (gate)
        {
            var results = schema.Evaluate(document, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
            var problems = new List<SchemaProblem>();
            if (!results.IsValid)
            {
                new Walker(this, document, problems).Walk(results);
            }

            return problems;
        }
    }

    /// <summary>
    /// True when <paramref name="variant"/> is certainly valid because <paramref name="valid"/>, a
    /// document this schema accepts, differs from it only in the values at <paramref name="paths"/>
    /// (object keys present in both, with the same keys beside them all the way down), each new value is
    /// valid where it stands, and no keyword above it looks at that value: only at property names or at
    /// other properties. False says only that the whole document must be validated. A sweep's variants
    /// take this path: validating a whole document costs milliseconds, a changed number microseconds.
    /// Thread safe.
    /// </summary>
    public bool AcceptsChangedValues(JsonObject valid, JsonObject variant, IEnumerable<IReadOnlyList<string>> paths)
    {
        lock (gate)
        {
            foreach (var path in paths)
            {
                JsonNode? schemaOfValue = root;
                JsonNode? before = valid, after = variant;
                foreach (string key in path)
                {
                    if (before is not JsonObject b || after is not JsonObject a || b.Count != a.Count || !b.All(k => a.ContainsKey(k.Key)) || !b.ContainsKey(key))
                    {
                        return false;
                    }

                    schemaOfValue = Child(schemaOfValue, key, b, 0);
                    if (schemaOfValue is null)
                    {
                        return false;
                    }

                    (before, after) = (b[key], a[key]);
                }

                if (!valueSchemas.TryGetValue(schemaOfValue, out var standalone))
                {
                    valueSchemas[schemaOfValue] = standalone = Standalone(schemaOfValue);
                }

                if (standalone is null || !standalone.Evaluate(after, new EvaluationOptions { OutputFormat = OutputFormat.Flag }).IsValid)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>
    /// True when the value at <paramref name="path"/> (object keys from the document's root) is a
    /// choice: every form the schema allows there is an object of at most one key (in this language,
    /// a distribution). An extending file replaces such a value whole instead of merging into it,
    /// so that <c>{ triangular: … }</c> replaces an inherited <c>{ log-normal: … }</c>. Thread safe.
    /// </summary>
    public bool IsChoice(IReadOnlyList<string> path)
    {
        lock (gate)
        {
            if (Follow(SchemaAtPath(path)) is not { } o)
            {
                return false;
            }

            if (o["maxProperties"] is JsonValue most)
            {
                return most.GetValue<double>() == 1;
            }

            var objects = (o["oneOf"] as JsonArray ?? o["anyOf"] as JsonArray ?? [])
                .Select(Follow)
                .Where(a => a?["type"] is JsonValue t && t.GetValue<string>() == "object")
                .ToList();
            return objects.Count > 0 && objects.All(a => a!["maxProperties"] is JsonValue m && m.GetValue<double>() == 1);
        }
    }

    bool IMergeRules.ReplacesWhole(IReadOnlyList<string> path) => IsChoice(path);

    /// <summary>True when the language has a value at <paramref name="path"/> (object keys from the root; any key where the schema allows any). Thread safe.</summary>
    public bool Knows(IReadOnlyList<string> path)
    {
        lock (gate)
        {
            return SchemaAtPath(path) is not null;
        }
    }

    /// <summary>
    /// The keys that exclude the last key of <paramref name="path"/> in its object: where the schema
    /// of that object requires exactly one of several keys (<c>oneOf</c> alternatives that each say
    /// only <c>required: [key]</c>, as a target's <c>cluster</c>, <c>count</c>, <c>total</c>, <c>all</c>
    /// and <c>any</c>), the others; else none. An extending file's key drops the rivals it inherits,
    /// so a target can change its form. Thread safe.
    /// </summary>
    public IReadOnlyList<string> Rivals(IReadOnlyList<string> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Count == 0)
        {
            return [];
        }

        lock (gate)
        {
            if (Owner(Follow(SchemaAtPath(path.Take(path.Count - 1).ToList())), path[^1], 0) is not { } owner || owner["oneOf"] is not JsonArray alternatives)
            {
                return [];
            }

            var keys = new List<string>();
            foreach (var alternative in alternatives)
            {
                if (Follow(alternative) is not { } only || only.Count(k => !IsAnnotation(k.Key)) != 1
                    || only["required"] is not JsonArray { Count: 1 } required || required[0] is not JsonValue key)
                {
                    return [];
                }

                keys.Add(key.GetValue<string>());
            }

            return keys.Contains(path[^1]) ? keys.Where(k => k != path[^1]).ToList() : [];
        }
    }

    /// <summary>
    /// True when the schema describes the value at <paramref name="path"/> as an amount "in the
    /// dataset's unit" (money: a budget, a cap, an output), so that charts label it with that unit.
    /// The schema's descriptions use that one phrase for every such amount. Thread safe.
    /// </summary>
    public bool IsInDatasetUnit(IReadOnlyList<string> path)
    {
        lock (gate)
        {
            return SchemaAtPath(path)?["description"] is JsonValue d && d.GetValue<string>().Contains("in the dataset's unit", StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Whether the value at <paramref name="path"/> may be a single number, and which kind: "integer"
    /// (a whole number, such as a delay in years), "number", or null when the schema allows no number
    /// there. A value whose forms include a number (a distribution, a budget by year) counts. Thread safe.
    /// </summary>
    public string? NumberKind(IReadOnlyList<string> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        lock (gate)
        {
            return NumberForm(path)?["type"]?.GetValue<string>();
        }
    }

    /// <summary>
    /// The hint the schema's own messages give for <paramref name="value"/> as the number at
    /// <paramref name="path"/> (object keys from the root), for a value written elsewhere, such as a
    /// sweep's: "; write 5% as 0.05" and "; if 50 means 50%, write 0.5" where the number is a share,
    /// "; amounts are already in the dataset's unit (亿元); write 2" for "2亿" (in <paramref name="unit"/>,
    /// the scenario's dataset's, when known); empty when none applies. Thread safe.
    /// </summary>
    public string NumberHint(IReadOnlyList<string> path, JsonNode? value, JsonObject? unit)
    {
        ArgumentNullException.ThrowIfNull(path);
        lock (gate)
        {
            return NumberForm(path) is { } number
                ? Walker.NumberInText(expectsNumber: true, number, value, unit) + Walker.PercentAsNumber(number, value)
                : string.Empty;
        }
    }

    /// <summary>The bounds of the number at <paramref name="path"/> ("between 0 and 1") when it is a share (at most 1); else null. Thread safe.</summary>
    public string? ShareBounds(IReadOnlyList<string> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        lock (gate)
        {
            return NumberForm(path) is { } number && Walker.IsShare(number) ? Walker.RangeText(number) : null;
        }
    }

    /// <summary>The schema of the single-number form of the value at <paramref name="path"/> (itself, or one of its alternatives), or null.</summary>
    private JsonObject? NumberForm(IReadOnlyList<string> path)
    {
        var schema = Follow(SchemaAtPath(path));
        var forms = schema?["oneOf"] as JsonArray ?? schema?["anyOf"] as JsonArray;
        return (forms is null ? [schema] : forms.Select(Follow))
            .FirstOrDefault(f => f?["type"] is JsonValue t && t.GetValue<string>() is "integer" or "number");
    }

    /// <summary>The schema node of the value at <paramref name="path"/> (object keys from the root), before following references; null when the schema has none.</summary>
    private JsonNode? SchemaAtPath(IReadOnlyList<string> path)
    {
        JsonNode? node = root;
        foreach (string key in path)
        {
            node = PropertySchema(Follow(node), key, 0);
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>The schema of property <paramref name="key"/> under <paramref name="schema"/>: its own, a matching pattern's, the additional properties', or the first alternative's that has one.</summary>
    private JsonNode? PropertySchema(JsonObject? schema, string key, int depth)
    {
        if (schema is null || depth > 16)
        {
            return null;
        }

        if (schema["properties"]?[key] is { } own)
        {
            return own;
        }

        foreach (var (pattern, sub) in schema["patternProperties"] as JsonObject ?? [])
        {
            if (Regex.IsMatch(key, pattern))
            {
                return sub;
            }
        }

        if (schema["additionalProperties"] is JsonObject additional)
        {
            return additional;
        }

        foreach (var alternative in Alternatives(schema))
        {
            if (PropertySchema(Follow(alternative), key, depth + 1) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>The schema object that lists <paramref name="key"/> among its own properties: <paramref name="schema"/> or the first alternative's that does.</summary>
    private JsonObject? Owner(JsonObject? schema, string key, int depth)
    {
        if (schema is null || depth > 16)
        {
            return null;
        }

        if (schema["properties"]?[key] is not null)
        {
            return schema;
        }

        foreach (var alternative in Alternatives(schema))
        {
            if (Owner(Follow(alternative), key, depth + 1) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>The subschemas of <paramref name="schema"/>'s combinators, in the order a property lookup tries them.</summary>
    private static IEnumerable<JsonNode?> Alternatives(JsonObject schema)
    {
        foreach (string combinator in (string[])["allOf", "oneOf", "anyOf", "then", "else"])
        {
            switch (schema[combinator])
            {
                case JsonArray all:
                    foreach (var a in all)
                    {
                        yield return a;
                    }

                    break;
                case JsonObject single:
                    yield return single;
                    break;
            }
        }
    }

    /// <summary>
    /// The schema that alone decides the value of property <paramref name="key"/> of <paramref name="instance"/>,
    /// an object <paramref name="schema"/> accepts, when no other keyword looks at that value; else null.
    /// </summary>
    private JsonNode? Child(JsonNode? schema, string key, JsonObject instance, int depth)
    {
        if (depth > 16 || Follow(schema) is not { } o)
        {
            return null;
        }

        foreach (string choice in (ReadOnlySpan<string>)["oneOf", "anyOf"])
        {
            if (o[choice] is JsonArray alternatives)
            {
                // Alternatives that take no object, or require a key the object lacks, fail whatever its values
                // (a nullable lever: [the mapping, null]; a distribution: one alternative per name).
                var live = alternatives.Where(a => !(Follow(a) is { } f &&
                    ((f["type"] is JsonValue t && t.GetValue<string>() != "object") ||
                     (f["required"] is JsonArray required && required.Any(r => r is not JsonValue name || !instance.ContainsKey(name.ToString())))))).ToList();
                return live.Count == 1 && o.Where(k => k.Key != choice).All(k => KeywordIgnores(o, k.Key, k.Value, key, depth))
                    ? Child(live[0], key, instance, depth + 1)
                    : null;
            }
        }

        string entry = o["properties"] is JsonObject properties && properties.ContainsKey(key) ? "properties"
            : o["additionalProperties"] is JsonObject && o["patternProperties"] is null ? "additionalProperties"
            : string.Empty;
        return entry.Length > 0 && o.Where(k => k.Key != entry).All(k => KeywordIgnores(o, k.Key, k.Value, key, depth))
            ? (entry == "properties" ? o["properties"]![key] : o["additionalProperties"])
            : null;
    }

    /// <summary>A value schema on its own, with the definitions it may refer to; null if it refers elsewhere.</summary>
    private JsonSchema? Standalone(JsonNode schemaOfValue)
    {
        var standalone = new JsonObject { ["allOf"] = new JsonArray(schemaOfValue.DeepClone()) };
        foreach (string keyword in (ReadOnlySpan<string>)["$schema", "definitions"])
        {
            if (root[keyword] is { } value)
            {
                standalone[keyword] = value.DeepClone();
            }
        }

        return References(standalone).All(r => r.StartsWith("#/definitions/", StringComparison.Ordinal))
            ? JsonSchema.FromText(standalone.ToJsonString())
            : null;
    }

    private static IEnumerable<string> References(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(k => k.Key == "$ref" && k.Value is JsonValue r ? [r.ToString()] : References(k.Value)),
        JsonArray a => a.SelectMany(References),
        _ => [],
    };

    /// <summary>The schema a node stands for, through its <c>$ref</c>s; null where a reference is not local or has siblings that are not annotations.</summary>
    private JsonObject? Follow(JsonNode? node)
    {
        for (int i = 0; i < 16 && node is JsonObject o; i++)
        {
            if (o["$ref"] is not JsonValue r)
            {
                return o;
            }

            string reference = r.GetValue<string>();
            if (!reference.StartsWith('#') || o.Any(k => k.Key != "$ref" && !IsAnnotation(k.Key)))
            {
                return null;
            }

            node = NodeAt(root, reference[1..]);
        }

        return null;
    }

    /// <summary>Keywords that constrain nothing. (Not a nested <c>$id</c>: it would change what references resolve to.)</summary>
    private static bool IsAnnotation(string keyword) =>
        keyword is "$schema" or "$comment" or "title" or "description" or "markdownDescription" or "default" or "examples" or "definitions";

    /// <summary>Whether a schema applied to an object ignores the value of its property <paramref name="key"/>.</summary>
    private bool Ignores(JsonNode? schema, string key, int depth) => schema switch
    {
        JsonValue => true, // true or false: the same answer whatever the value
        JsonObject o when depth < 16 => o.All(k => KeywordIgnores(o, k.Key, k.Value, key, depth)),
        _ => false,
    };

    private bool KeywordIgnores(JsonObject schema, string keyword, JsonNode? value, string key, int depth) => keyword switch
    {
        _ when IsAnnotation(keyword) => true,
        "$id" => ReferenceEquals(schema, root), // the document's own base, which references here are read against
        "type" or "required" or "propertyNames" or "minProperties" or "maxProperties" => true, // the object's kind and its keys
        "properties" => value is JsonObject p && !p.ContainsKey(key),
        "additionalProperties" => value is JsonValue || (schema["properties"] as JsonObject)?.ContainsKey(key) == true,
        "allOf" or "anyOf" or "oneOf" => value is JsonArray branches && branches.All(b => Ignores(b, key, depth + 1)),
        "if" or "then" or "else" or "not" => Ignores(value, key, depth + 1),
        "$ref" => Follow(schema) is { } target && Ignores(target, key, depth + 1),
        _ => false, // patternProperties, dependencies, const, enum… on the object: assume they look
    };

    /// <summary>A dotted path in the language's spelling, as the schema's pattern for sweep and goal-seek paths.</summary>
    [GeneratedRegex(@"^[a-z0-9-]+(\.[a-z0-9-]+)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex DottedPath();

    /// <summary>An amount written with a Chinese magnitude: "2亿", "2 亿元", "1.5万亿".</summary>
    [GeneratedRegex(@"^(?<number>[+-]?(\d+(\.\d*)?|\.\d+))\s*(?<magnitude>万亿|亿|万)\s*(元|yuan|CNY)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex AmountWithMagnitude();

    [GeneratedRegex(@"found (\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex FoundCount();

    private JsonNode? SchemaAt(Uri location)
    {
        string fragment = Uri.UnescapeDataString(location.Fragment.TrimStart('#'));
        return Resolve(NodeAt(root, fragment));
    }

    private JsonNode? Resolve(JsonNode? node)
    {
        for (int i = 0; i < 16 && node is JsonObject o && o["$ref"] is JsonValue r && r.GetValue<string>().StartsWith('#'); i++)
        {
            node = NodeAt(root, r.GetValue<string>()[1..]);
        }

        return node;
    }

    /// <summary>The node at a JSON pointer, or null.</summary>
    internal static JsonNode? NodeAt(JsonNode? node, string pointer)
    {
        foreach (string segment in SourceMap.Split(pointer))
        {
            node = node switch
            {
                JsonObject o => o.TryGetPropertyValue(segment, out var child) ? child : null,
                JsonArray a when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out int i) && i < a.Count => a[i],
                _ => null,
            };
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>A short description of a value for messages: "a string `abc`", "a list", "the number 3".</summary>
    internal static string DescribeValue(JsonNode? node) => node switch
    {
        null => "nothing (null)",
        JsonObject => "a mapping",
        JsonArray => "a list",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => $"a string `{Shorten(v.GetValue<string>())}`",
            JsonValueKind.True => "`true`",
            JsonValueKind.False => "`false`",
            JsonValueKind.Number => $"the number {v.ToJsonString()}",
            _ => "a value",
        },
        _ => "a value",
    };

    private static string Shorten(string s) => Printable(s.Length <= 40 ? s : s[..37] + "...");

    /// <summary>
    /// Text with its control characters and Unicode line separators written as escapes (a line break as
    /// <c>\n</c>, a bell as <c>\u0007</c>), so that a message quoting it stays on one line and shows what is there.
    /// </summary>
    internal static string Printable(string text)
    {
        if (!text.Any(Unprintable))
        {
            return text;
        }

        var sb = new System.Text.StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            sb.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when Unprintable(c) => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => c.ToString(),
            });
        }

        return sb.ToString();
    }

    /// <summary>A control character, or a Unicode line or paragraph separator (U+2028, U+2029): either would break or hide a message's line.</summary>
    private static bool Unprintable(char c) =>
        char.IsControl(c) || char.GetUnicodeCategory(c) is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    /// <summary>
    /// Why an id that is not kebab-case could not safely name a file or folder (the report names them
    /// by ids): " (ids name the report's files and folders, and this one ends in a line break, `\n`)";
    /// empty when it is merely not kebab-case (capitals, underscores, spaces).
    /// </summary>
    internal static string FileNameHazard(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        char? control = id.Any(Unprintable) ? id.First(Unprintable) : null;
        string? hazard =
            id.EndsWith('\n') ? "ends in a line break, `\\n`"
            : control is '\n' or '\r' or '\u2028' or '\u2029' ? $"holds a line break, `{Printable(control.ToString()!)}`"
            : control is { } c ? $"holds a control character, `{Printable(c.ToString())}`"
            : id.Contains('/', StringComparison.Ordinal) ? "holds `/`, a path separator"
            : id.Contains('\\', StringComparison.Ordinal) ? "holds `\\`, a path separator"
            : id.Contains("..", StringComparison.Ordinal) ? "holds `..`, the folder above"
            : id.StartsWith('.') ? "starts with `.`, which hides a file"
            : id.Contains('.', StringComparison.Ordinal) ? "holds `.`"
            : null;
        return hazard is null ? string.Empty : $" (ids name the report's files and folders, and this one {hazard})";
    }

    private static string TypeName(string type) => type switch
    {
        "number" => "a number",
        "integer" => "a whole number",
        "string" => "a string",
        "object" => "a mapping",
        "array" => "a list",
        "boolean" => "true or false",
        "null" => "nothing (null)",
        _ => type,
    };

    private static bool TypeMatches(JsonNode? type, JsonNode? instance)
    {
        var names = type is JsonArray a ? a.Select(t => t!.GetValue<string>()) : [type!.GetValue<string>()];
        return names.Any(n => n switch
        {
            "null" => instance is null,
            "object" => instance is JsonObject,
            "array" => instance is JsonArray,
            "string" => instance is JsonValue v && v.GetValueKind() == JsonValueKind.String,
            "boolean" => instance is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
            "number" => instance is JsonValue v && v.GetValueKind() == JsonValueKind.Number,
            "integer" => instance is JsonValue v && v.GetValueKind() == JsonValueKind.Number && IsInteger(v),
            _ => true,
        });
    }

    private static bool IsInteger(JsonValue v) => v.TryGetValue<long>(out _) || (v.TryGetValue<double>(out double d) && Math.Floor(d) == d);

    internal static string FormatNumber(double d) =>
        Math.Floor(d) == d && Math.Abs(d) >= 10_000 && Math.Abs(d) < 1e15
            ? d.ToString("#,0", CultureInfo.InvariantCulture)
            : d.ToString("R", CultureInfo.InvariantCulture);

    private sealed class Walker(ScenarioSchema owner, JsonNode document, List<SchemaProblem> problems)
    {
        private static readonly HashSet<string> Aggregating = new(StringComparer.Ordinal)
        {
            "properties", "additionalProperties", "$ref", "allOf", "anyOf", "items", "then", "else", "if", "const", "definitions",
            "patternProperties",
        };

        public void Walk(EvaluationResults r)
        {
            if (r.IsValid)
            {
                return;
            }

            string evaluationPath = r.EvaluationPath.ToString();
            string pointer = r.InstanceLocation.ToString();
            var instance = NodeAt(document, pointer);
            var schemaNode = owner.SchemaAt(r.SchemaLocation);

            if ((r.Errors is null || r.Errors.Count == 0) && schemaNode?["not"] is not null &&
                evaluationPath.EndsWith("/propertyNames", StringComparison.Ordinal))
            {
                // A propertyNames `not` fails without a message of its own.
                Translate("not", string.Empty, evaluationPath, schemaNode, instance, pointer);
            }

            if (r.Errors is not null)
            {
                foreach (var (keyword, message) in r.Errors)
                {
                    if (keyword == "oneOf")
                    {

                        OneOf(r, schemaNode, instance, pointer, message);
                    }
                    else
                    {
                        Translate(keyword, message, evaluationPath, schemaNode, instance, pointer);
                    }
                }
            }

            foreach (var child in r.Details ?? [])
            {
                // A oneOf's alternatives are read only when the oneOf itself failed (by OneOf above).
                if (IsAlternative(evaluationPath, child, out _))
                {
                    continue;
                }

                Walk(child);
            }
        }

        private static bool IsAlternative(string parentPath, EvaluationResults child, out int index)
        {
            string p = child.EvaluationPath.ToString();
            string prefix = parentPath + "/oneOf/";
            index = -1;
            return p.StartsWith(prefix, StringComparison.Ordinal) &&
                int.TryParse(p.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out index);
        }

        private void Add(string pointer, string message, bool atKey = false) => problems.Add(new SchemaProblem(pointer, atKey, message));

        /// <summary>The mapping beside an unknown key (a child of its object in the document) whose schema has that key: where a line indented too little belongs.</summary>
        private string? Sibling(string parentPointer, string key)
        {
            if (NodeAt(document, parentPointer) is not JsonObject parent)
            {
                return null;
            }

            // Only a mapping whose schema lists the key among its own properties (not an open map that takes
            // any key), and only when one does: two would be a guess.
            var path = SourceMap.Split(parentPointer).ToList();
            var owners = parent.Where(p => p.Value is JsonObject && p.Key != key)
                .Select(p => p.Key)
                .Where(k => owner.Owner(owner.Follow(owner.SchemaAtPath([.. path, k])), key, 0) is not null)
                .ToList();
            return owners.Count == 1 ? owners[0] : null;
        }

        /// <summary>
        /// "; without the quotes it is a number" for "2"; where the number is a share (at most 1),
        /// "; write 15% as 0.15" for "15%"; and for an amount written with a Chinese magnitude ("2亿",
        /// "2 亿元"), that amounts are already in the dataset's <paramref name="unit"/> and the number to
        /// write (unless not <paramref name="amounts"/>: a study's values, whose unit the loader finds in
        /// the scenario they vary). Only plain decimal numbers count (not NaN, not Infinity).
        /// </summary>
        internal static string NumberInText(bool expectsNumber, JsonNode? schema, JsonNode? instance, JsonObject? unit, bool amounts = true)
        {
            if (!expectsNumber || instance is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
            {
                return "";
            }

            string text = v.GetValue<string>().Trim();
            bool share = IsShare(schema);
            if (share && text.EndsWith('%') && PlainNumber().IsMatch(text[..^1])
                && decimal.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out decimal percent))
            {
                return $"; write {text} as {(percent / 100).ToString(CultureInfo.InvariantCulture)}";
            }

            if (!share && AmountWithMagnitude().Match(text) is { Success: true } amount
                && decimal.TryParse(amount.Groups["number"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal number))
            {
                return amounts ? AmountHint(number, amount.Groups["magnitude"].Value, unit) : "";
            }

            return PlainNumber().IsMatch(text) ? "; without the quotes it is a number" : "";
        }

        /// <summary>"; amounts are already in the dataset's unit (亿元); write 2" for 2 亿 in a dataset counted in 亿元.</summary>
        private static string AmountHint(decimal number, string magnitude, JsonObject? unit)
        {
            decimal times = magnitude switch { "万亿" => 1_000_000_000_000m, "亿" => 100_000_000m, _ => 10_000m };
            double? scale = unit?["scale"] is JsonValue sv && sv.GetValueKind() == JsonValueKind.Number ? Json.ToDouble(sv) : null;
            if (scale is not { } perUnit || perUnit <= 0 || perUnit > 1e20)
            {
                return $"; amounts are already in the dataset's unit (its `unit: scale`): write the number alone, without {magnitude}";
            }

            string? currency = unit?["currency"] is JsonValue cv && cv.GetValueKind() == JsonValueKind.String ? cv.GetValue<string>() : null;
            string name = (perUnit, currency) switch
            {
                (1e4, "CNY") => "万元",
                (1e8, "CNY") => "亿元",
                (1e12, "CNY") => "万亿元",
                _ => unit?["label"] is JsonValue lv && lv.GetValueKind() == JsonValueKind.String ? lv.GetValue<string>() : "its `unit`",
            };
            decimal value = number * times / (decimal)perUnit;
            return $"; amounts are already in the dataset's unit ({name}); write {value.ToString("0.############", CultureInfo.InvariantCulture)}";
        }

        /// <summary>True for a number at most 1 (a probability, a rate, a share): its upper bound, inclusive or not, is at most 1.</summary>
        internal static bool IsShare(JsonNode? schema) =>
            (schema?["maximum"] ?? schema?["exclusiveMaximum"]) is JsonValue most && most.GetValue<double>() <= 1;

        /// <summary>"; if 90 means 90%, write 0.9" for 90 where the number is a share (at most 1).</summary>
        internal static string PercentAsNumber(JsonNode? schema, JsonNode? instance) =>
            IsShare(schema) && instance is JsonValue v && v.GetValueKind() == JsonValueKind.Number
                && double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double x) && x > 1 && x <= 100
                ? $"; if {x.ToString(CultureInfo.InvariantCulture)} means {x.ToString(CultureInfo.InvariantCulture)}%, write {(x / 100).ToString(CultureInfo.InvariantCulture)}"
                : "";

        /// <summary>
        /// "; did you mean `levers.subsidy.annual-budget`?" for `levers.Subsidy.annual_budget`: the path in
        /// the language's spelling (lower case, hyphens for underscores and spaces, single dots) when the
        /// language knows it; else empty.
        /// </summary>
        private string PathSpelling(string path)
        {
            string spelt = string.Join('.', path.Trim().ToLowerInvariant().Replace('_', '-').Replace(' ', '-').Split('.', StringSplitOptions.RemoveEmptyEntries));
            return spelt != path && DottedPath().IsMatch(spelt) && owner.SchemaAtPath(spelt.Split('.')) is not null ? $"; did you mean `{spelt}`?" : "";
        }

        /// <summary>"; write it as { from: 0, to: 200 }" for [0, 200] where a mapping of exactly those keys, all required, is expected.</summary>
        private static string ListAsMapping(JsonNode? schema, JsonNode? instance)
        {
            var keys = (schema?["required"] as JsonArray)?.Select(k => k!.GetValue<string>()).ToList() ?? [];
            var properties = (schema?["properties"] as JsonObject)?.Select(p => p.Key).ToList() ?? [];
            return instance is JsonArray list && keys.Count > 1 && list.Count == keys.Count && keys.SequenceEqual(properties) && list.All(x => x is JsonValue)
                ? $"; write it as {{ {string.Join(", ", keys.Zip(list, (k, x) => $"{k}: {x!.ToJsonString()}"))} }}"
                : "";
        }

        /// <summary>"; did you mean `range`, which takes a mapping?" where a rival of the key (<see cref="Rivals"/>) takes a value of this type.</summary>
        private string RivalTaking(string pointer, JsonNode? instance)
        {
            // Only when one rival alone takes a value of this type: more would be a guess.
            var keys = SourceMap.Split(pointer).ToList();
            var takers = owner.Rivals(keys)
                .Select(r => (Key: r, Type: owner.Follow(owner.SchemaAtPath([.. keys[..^1], r]))?["type"] as JsonValue))
                .Where(r => r.Type is not null && TypeMatches(r.Type, instance))
                .ToList();
            return takers is [var only] ? $"; did you mean `{only.Key}`, which takes {TypeName(only.Type!.GetValue<string>())}?" : "";
        }

        private static string KeyName(string pointer)
        {
            var segments = SourceMap.Split(pointer);
            if (segments.Count == 0)
            {
                return "the file";
            }

            string last = segments[^1];
            if (int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out _) && segments.Count > 1)
            {
                return $"`{Printable(segments[^2])}[{last}]`";
            }

            return $"`{Printable(last)}`";
        }

        /// <summary>The document's `unit` (a dataset's, or a scenario's inherited one), which amounts are counted in.</summary>
        private JsonObject? Unit => (document as JsonObject)?["unit"] as JsonObject;

        private string Kind => (document as JsonObject)?["kind"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : "file";

        private List<string> AllowedKeys(JsonNode? parentSchema, string parentPointer)
        {
            var keys = (parentSchema?["properties"] as JsonObject)?.Select(p => p.Key) ?? [];
            if (parentPointer.Length == 0)
            {
                string kind = Kind;
                var allOf = owner.root["allOf"]!.AsArray();
                foreach (var branch in allOf)
                {
                    if (branch!["if"]!["properties"]!["kind"]!["const"]!.GetValue<string>() != kind)
                    {
                        continue;
                    }

                    var names = branch["then"]!["propertyNames"]!;
                    if (names["enum"] is JsonArray allow)
                    {
                        var set = allow.Select(x => x!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
                        keys = keys.Where(set.Contains);
                    }
                    else if (names["not"]?["enum"] is JsonArray deny)
                    {
                        var set = deny.Select(x => x!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
                        keys = keys.Where(k => !set.Contains(k));
                    }
                }
            }

            return keys.ToList();
        }

        private void Translate(string keyword, string message, string evaluationPath, JsonNode? schemaNode, JsonNode? instance, string pointer)
        {
            if (Aggregating.Contains(keyword))
            {
                return;
            }

            switch (keyword)
            {
                case "" when evaluationPath.EndsWith("/additionalProperties", StringComparison.Ordinal):
                    {
                        string parentPointer = SourceMap.Parent(pointer);
                        string key = SourceMap.Split(pointer)[^1];
                        var parentSchema = owner.Resolve(NodeAt(owner.root, SchemaPointerOfParent(schemaNode)));
                        var allowed = AllowedKeys(parentSchema, parentPointer);
                        string hint = Suggestions.DidYouMean(key, allowed);
                        if (hint.Length == 0 && Sibling(parentPointer, key) is { } sibling)
                        {
                            hint = $"; `{key}` is a key of `{sibling}`: indent it under `{sibling}`";
                        }
                        else if (hint.Length == 0 && allowed.Count is > 0 and <= 16)
                        {
                            hint = "; expected one of " + string.Join(", ", allowed);
                        }

                        Add(pointer, $"unknown key `{Printable(key)}`{hint}", atKey: true);
                        return;
                    }

                case "type":
                    {
                        var type = schemaNode?["type"];
                        string expected = type is JsonArray a
                            ? string.Join(" or ", a.Select(t => TypeName(t!.GetValue<string>())))
                            : TypeName(type?.GetValue<string>() ?? "?");
                        Add(pointer, $"{KeyName(pointer)}: expected {expected}, found {DescribeValue(instance)}{RivalTaking(pointer, instance)}{NumberInText(type is JsonValue t && t.GetValue<string>() is "number" or "integer", schemaNode, instance, Unit, Kind != "study")}{ListAsMapping(schemaNode, instance)}");
                        return;
                    }

                case "required":
                    {
                        var required = (schemaNode?["required"] as JsonArray)?.Select(x => x!.GetValue<string>()) ?? [];
                        var present = instance as JsonObject;
                        foreach (string key in required.Where(k => present is null || !present.ContainsKey(k)))
                        {
                            string extra = key == "kind" && pointer.Length == 0 ? " (dataset, scenario or study)" : string.Empty;
                            Add(pointer, $"missing `{key}`{extra}");
                        }

                        return;
                    }

                case "enum" when evaluationPath.Contains("/propertyNames", StringComparison.Ordinal):
                    {
                        if (!KnownTopKey(pointer))
                        {
                            return;
                        }

                        Add(pointer, $"`{Printable(SourceMap.Split(pointer)[^1])}` is not allowed in a {Kind}", atKey: true);
                        return;
                    }

                case "not" when evaluationPath.Contains("/propertyNames", StringComparison.Ordinal):
                    Add(pointer, $"`{Printable(SourceMap.Split(pointer)[^1])}` is not allowed in a {Kind} (it belongs in a study)", atKey: true);
                    return;

                case "enum":
                    {
                        var values = (schemaNode?["enum"] as JsonArray)?.Select(x => x?.ToString() ?? "null").ToList() ?? [];
                        string found = instance is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : instance?.ToJsonString() ?? "null";
                        Add(pointer, $"{KeyName(pointer)} must be one of {string.Join(", ", values)}, found `{Printable(found)}`{Suggestions.DidYouMean(found, values)}");
                        return;
                    }

                case "pattern":
                    {
                        // Each pattern ends in `$(?!\n)`: the end of the text in ECMAScript (editors) and .NET alike,
                        // where `$` alone also matches before a final line break.
                        string pattern = schemaNode?["pattern"]?.GetValue<string>() ?? string.Empty;
                        bool isKey = evaluationPath.Contains("/propertyNames", StringComparison.Ordinal);
                        string value = isKey ? SourceMap.Split(pointer)[^1] : instance?.ToString() ?? string.Empty;
                        string rule = pattern switch
                        {
                            "^[a-z0-9]+(-[a-z0-9]+)*$(?!\\n)" => "use kebab-case: lower-case letters and digits joined by single hyphens" + FileNameHazard(value),
                            "^[0-9]{4}$(?!\\n)" => "expected a year (four digits)",
                            "^[A-Z]{3}$(?!\\n)" => "expected a three-letter currency code such as CNY",
                            "^[a-z0-9-]+(\\.[a-z0-9-]+)*$(?!\\n)" => "expected a dotted path such as levers.subsidy.annual-budget" + PathSpelling(value),
                            "^[0-9]+(\\.[0-9]+)? ?pp$(?!\\n)" => "expected a half-width in percentage points, such as 0.5pp",
                            _ => $"it must match {pattern}",
                        };
                        Add(pointer, isKey ? $"`{Printable(value)}` is not a valid key: {rule}" : $"{KeyName(pointer)}: `{Printable(value)}` is not valid: {rule}", atKey: isKey);
                        return;
                    }

                case "minimum" or "maximum" or "exclusiveMinimum" or "exclusiveMaximum":
                    Add(pointer, $"{KeyName(pointer)} must be {RangeText(schemaNode)}, found {instance?.ToJsonString()}{PercentAsNumber(schemaNode, instance)}");
                    return;

                case "minItems" or "maxItems":
                    {
                        int? min = schemaNode?["minItems"]?.GetValue<int>();
                        int? max = schemaNode?["maxItems"]?.GetValue<int>();
                        int count = (instance as JsonArray)?.Count ?? 0;
                        string need = min == max ? $"exactly {min}" : max is null ? $"at least {min}" : min is null ? $"at most {max}" : $"{min} to {max}";
                        Add(pointer, string.Create(CultureInfo.InvariantCulture, $"{KeyName(pointer)} needs {need} {Noun(need, "item", "items")}, found {count}"));
                        return;
                    }

                case "uniqueItems":
                    {
                        var items = (instance as JsonArray)?.Select(i => i?.ToJsonString() ?? "null").ToList() ?? [];
                        string repeated = items.GroupBy(i => i, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key.Trim('"')).FirstOrDefault() ?? "an item";
                        Add(pointer, $"{KeyName(pointer)} lists `{repeated}` more than once: each may appear once");
                        return;
                    }

                case "minProperties" or "maxProperties":
                    {
                        int? min = schemaNode?["minProperties"]?.GetValue<int>();
                        int? max = schemaNode?["maxProperties"]?.GetValue<int>();
                        string need = min == max ? $"exactly {min}" : max is null ? $"at least {min}" : $"{min ?? 0} to {max}";
                        Add(pointer, string.Create(CultureInfo.InvariantCulture, $"{KeyName(pointer)} needs {need} {Noun(need, "entry", "entries")}, found {(instance as JsonObject)?.Count ?? 0}"));
                        return;
                    }

                default:
                    Add(pointer, $"{KeyName(pointer)}: {message}");
                    return;
            }
        }

        private bool KnownTopKey(string pointer)
        {
            var segments = SourceMap.Split(pointer);
            return segments.Count == 1 && owner.root["properties"]!.AsObject().ContainsKey(segments[0]);
        }

        // The schema that owns an `additionalProperties: false` node is the one that lists the allowed "properties".
        private static string SchemaPointerOfParent(JsonNode? schemaNode)
        {
            if (schemaNode is null)
            {
                return "/__none__";
            }

            string path = schemaNode.GetPath(); // e.g. $.definitions.cluster.additionalProperties
            return JsonPathToPointer(path);
        }

        private static string JsonPathToPointer(string path)
        {
            // JsonNode.GetPath gives $.a.b[0]['x-y'] forms; convert to a pointer and drop the last segment.
            var segments = new List<string>();
            int i = 1;
            while (i < path.Length)
            {
                if (path[i] == '.')
                {
                    int j = i + 1;
                    while (j < path.Length && path[j] != '.' && path[j] != '[')
                    {
                        j++;
                    }

                    segments.Add(path[(i + 1)..j]);
                    i = j;
                }
                else if (path[i] == '[')
                {
                    int j = path.IndexOf(']', i);
                    string inner = path[(i + 1)..j];
                    segments.Add(inner.Trim('\''));
                    i = j + 1;
                }
                else
                {
                    i++;
                }
            }

            if (segments.Count > 0)
            {
                segments.RemoveAt(segments.Count - 1);
            }

            return string.Concat(segments.Select(s => "/" + s));
        }

        /// <summary>"exactly 1 item", "at least 2 items": the noun agrees with a count that ends the phrase.</summary>
        private static string Noun(string need, string one, string many) =>
            need.EndsWith(" 1", StringComparison.Ordinal) && !need.Contains(" to ", StringComparison.Ordinal) ? one : many;

        internal static string RangeText(JsonNode? s)
        {
            double? min = s?["minimum"]?.GetValue<double>();
            double? max = s?["maximum"]?.GetValue<double>();
            double? exMin = s?["exclusiveMinimum"]?.GetValue<double>();
            double? exMax = s?["exclusiveMaximum"]?.GetValue<double>();
            string low = min is { } a ? FormatNumber(a) : exMin is { } b ? FormatNumber(b) : string.Empty;
            string high = max is { } c ? FormatNumber(c) : exMax is { } d ? FormatNumber(d) : string.Empty;
            if (min is not null && max is not null)
            {
                return $"between {low} and {high}";
            }

            if (low.Length > 0 && high.Length > 0)
            {
                return $"in {(min is null ? "(" : "[")}{low}, {high}{(max is null ? ")" : "]")}";
            }

            if (low.Length > 0)
            {
                return min is null ? $"above {low}" : $"at least {low}";
            }

            return max is null ? $"below {high}" : $"at most {high}";
        }

        private void OneOf(EvaluationResults r, JsonNode? schemaNode, JsonNode? instance, string pointer, string message)
        {
            var alternatives = (schemaNode?["oneOf"] as JsonArray)?.Select(a => owner.Resolve(a)).ToList() ?? [];
            var children = new Dictionary<int, EvaluationResults>();
            string evaluationPath = r.EvaluationPath.ToString();
            foreach (var child in r.Details ?? [])
            {
                if (IsAlternative(evaluationPath, child, out int index))
                {
                    children[index] = child;
                }
            }

            var match = FoundCount().Match(message);
            int found = match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
            var discriminators = alternatives.SelectMany(a => a?["type"] is null ? (a?["required"] as JsonArray)?.Select(x => x!.GetValue<string>()) ?? [] : [])
                .ToList();
            if (found > 1)
            {
                var present = discriminators.Where(d => instance is JsonObject o && o.ContainsKey(d)).Select(d => $"`{d}`").ToList();
                Add(pointer, present.Count > 1
                    ? $"{KeyName(pointer)} needs exactly one of {string.Join(", ", discriminators.Select(d => $"`{d}`"))}, found {string.Join(" and ", present)}"
                    : $"{KeyName(pointer)} matches more than one of its allowed forms");
                return;
            }

            var viable = Enumerable.Range(0, alternatives.Count).Where(i => Viable(alternatives[i], instance)).ToList();
            if (viable.Count >= 1)
            {
                int best = viable.OrderBy(i => children.TryGetValue(i, out var c) ? CountErrors(c) : int.MaxValue).First();
                if (children.TryGetValue(best, out var chosen))
                {
                    Walk(chosen);
                    return;
                }
            }

            Add(pointer, Summary(alternatives, instance, pointer, Unit, Kind != "study"));
        }

        private static int CountErrors(EvaluationResults r) =>
            (r.Errors?.Count ?? 0) + (r.Details ?? []).Where(d => !d.IsValid).Sum(CountErrors);

        private static bool Viable(JsonNode? alternative, JsonNode? instance)
        {
            if (alternative is not JsonObject a)
            {
                return true;
            }

            if (a["type"] is { } type && !TypeMatches(type, instance))
            {
                return false;
            }

            bool discriminated = a["type"] is null || a["maxProperties"] is not null;
            if (discriminated && a["required"] is JsonArray required && instance is JsonObject o && required.Count > 0 &&
                !required.Any(k => o.ContainsKey(k!.GetValue<string>())))
            {
                return false;
            }

            return true;
        }

        private static string Summary(List<JsonNode?> alternatives, JsonNode? instance, string pointer, JsonObject? unit, bool amounts)
        {
            var scalars = new List<string>();
            var names = new List<string>();
            var requiredOnly = new List<string>();
            bool mapping = false;
            foreach (var alt in alternatives)
            {
                var type = alt?["type"];
                var required = (alt?["required"] as JsonArray)?.Select(x => x!.GetValue<string>()).ToList() ?? [];
                if (type is null)
                {
                    requiredOnly.AddRange(required);
                }
                else if (type.GetValue<string>() == "object")
                {
                    if (required.Count == 1 && alt?["maxProperties"] is not null)
                    {
                        names.Add(required[0]);
                    }
                    else if (required.Count > 0)
                    {
                        names.Add(string.Join(" and ", required.Select(k => $"`{k}`")));
                    }
                    else
                    {
                        mapping = true;
                    }
                }
                else if (type.GetValue<string>() != "null")
                {
                    scalars.Add(TypeName(type.GetValue<string>()));
                }
            }

            var keysFound = (instance as JsonObject)?.Select(p => p.Key).ToList() ?? [];
            string foundText = instance is JsonObject
                ? keysFound.Count == 0 ? "an empty mapping" : $"a mapping with {string.Join(", ", keysFound.Select(k => $"`{k}`"))}"
                : DescribeValue(instance);
            var candidates = names.Concat(requiredOnly).ToList();
            string hint = keysFound.Where(k => !candidates.Contains(k)).Select(k => Suggestions.DidYouMean(k, candidates)).FirstOrDefault(h => h.Length > 0) ?? string.Empty;
            if (requiredOnly.Count > 0 && names.Count == 0 && scalars.Count == 0)
            {
                return $"{KeyName(pointer)} needs exactly one of {string.Join(", ", requiredOnly.Select(k => $"`{k}`"))}, found none{hint}";
            }

            var parts = new List<string>(scalars);
            if (names.Count == 1)
            {
                parts.Add(names[0].Contains('`', StringComparison.Ordinal) ? names[0] : $"`{names[0]}`");
            }
            else if (names.Count > 1)
            {
                bool simple = names.All(n => !n.Contains('`', StringComparison.Ordinal));
                parts.Add(simple ? "one of " + string.Join(", ", names) : string.Join(" or ", names));
            }

            if (mapping)
            {
                parts.Add("a mapping");
            }

            var numberForm = alternatives.FirstOrDefault(a => a?["type"] is JsonValue t && t.GetValue<string>() is "number" or "integer");
            return $"{KeyName(pointer)}: expected {string.Join(" or ", parts)}, found {foundText}{hint}{(hint.Length == 0 ? NumberInText(numberForm is not null, numberForm, instance, unit, amounts) : "")}";
        }
    }
}

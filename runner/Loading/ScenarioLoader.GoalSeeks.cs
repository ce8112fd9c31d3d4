using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Nodes;
using Simulation.Engine.Analysis;
using Simulation.Engine.Model;

namespace Simulation.Runner.Loading;

/// <summary>A value a goal seek tried that makes its scenario invalid (a range's ends are checked when the study loads; a value between them rarely fails), located at the goal seek's range.</summary>
public sealed class GoalSeekValueException(Diagnostic diagnostic) : Exception(diagnostic.Message)
{
    /// <summary>The problem, at the goal seek's <c>range</c> in the study file.</summary>
    public Diagnostic Diagnostic { get; } = diagnostic;
}

/// <summary>The study's <c>goal-seeks</c>: what lever value would give a target a chance.</summary>
public sealed partial class ScenarioLoader
{
    /// <summary>
    /// The study's goal seeks in file order, each with the scenario at a value. Problems are reported
    /// at the goal seek (unknown scenario or target, a path that names no single number, a range that is
    /// empty, not whole for a whole-number value, or that makes the scenario invalid at an end); the
    /// goal seeks in <paramref name="broken"/> (schema problems already reported) are skipped.
    /// </summary>
    private ImmutableArray<GoalSeekSpec> MapGoalSeeks(Chain study, Dictionary<string, Chain> chains, Dictionary<string, Scenario> scenarios,
        string baseline, bool allLoaded, IReadOnlySet<string> broken)
    {
        if (study.Merged["goal-seeks"] is not JsonObject seeks)
        {
            return [];
        }

        var result = ImmutableArray.CreateBuilder<GoalSeekSpec>();
        foreach (var (id, node) in seeks)
        {
            if (!broken.Contains("goal-seeks/" + id) && MapGoalSeek(study, id, (JsonObject)node!, chains, scenarios, baseline, allLoaded) is { } spec)
            {
                result.Add(spec);
            }
        }

        return result.ToImmutable();
    }

    private GoalSeekSpec? MapGoalSeek(Chain study, string id, JsonObject seek, Dictionary<string, Chain> chains, Dictionary<string, Scenario> scenarios,
        string baseline, bool allLoaded)
    {
        string pointer = SourceMap.Append("/goal-seeks", id);
        string owner = $"goal seek `{id}`";
        string scenarioId = Json.Str(seek, "scenario") ?? baseline;
        if (!chains.TryGetValue(scenarioId, out var chain) || !scenarios.TryGetValue(scenarioId, out var scenario))
        {
            // An unknown baseline, or a scenario that failed to load, is reported where it is.
            if (allLoaded && seek["scenario"] is not null && !chains.ContainsKey(scenarioId))
            {
                Report(study, SourceMap.Append(pointer, "scenario"),
                    $"{owner}: unknown scenario `{scenarioId}` (a goal seek varies one of the study's listed scenarios){Suggestions.DidYouMean(scenarioId, chains.Keys)}");
            }

            return null;
        }

        bool ok = true;
        string targetId = Json.Str(seek, "target")!;
        if (!scenario.Targets.Any(t => t.Id == targetId))
        {
            Report(study, SourceMap.Append(pointer, "target"),
                $"{owner}: scenario `{scenarioId}` has no target `{targetId}`{Suggestions.DidYouMean(targetId, scenario.Targets.Select(t => t.Id))}");
            ok = false;
        }

        string path = Json.Str(seek, "path")!;
        string pathPointer = SourceMap.Append(pointer, "path");
        var number = CheckVariantPath(study, pathPointer, owner, scenarioId, path, chain) ? NumberAt(study, pathPointer, owner, scenarioId, path, chain) : null;
        bool? whole = number?.Whole;
        var range = (JsonObject)seek["range"]!;
        double from = Json.Num(range, "from")!.Value, to = Json.Num(range, "to")!.Value;
        string rangePointer = SourceMap.Append(pointer, "range");
        if (!(from < to))
        {
            Report(study, rangePointer, $"{owner}: the range must run upwards, `from` below `to`; found from {Json.FormatNumber(from)} to {Json.FormatNumber(to)}");
            ok = false;
        }
        else if (whole == true && (Math.Floor(from) != from || Math.Floor(to) != to))
        {
            Report(study, rangePointer, $"{owner}: `{path}` takes whole numbers, so the range's ends must be whole numbers; found from {Json.FormatNumber(from)} to {Json.FormatNumber(to)}");
            ok = false;
        }

        double? tolerance = Json.Num(seek, "tolerance");
        if (tolerance is not null && whole == true)
        {
            Report(study, SourceMap.Append(pointer, "tolerance"), $"{owner}: `{path}` takes whole numbers, which are sought exactly (to 1): leave out `tolerance`");
            ok = false;
        }
        else if (tolerance is { } t && from < to && t >= to - from)
        {
            Report(study, SourceMap.Append(pointer, "tolerance"),
                $"{owner}: a tolerance of {Json.FormatNumber(t)} is no smaller than the range ({Json.FormatNumber(to - from)}), so the answer would be either end: make it smaller");
            ok = false;
        }

        if (!ok || number is null)
        {
            return null;
        }

        // The scenario at a value, or the first problem it has there.
        (Scenario? Scenario, string? Problem) At(double value)
        {
            var doc = (JsonObject)chain.Merged.DeepClone();
            Set(doc, path, value);
            var schema = ScenarioSchema.Instance;
            var problems = schema.AcceptsChangedValues(chain.Merged, doc, [path.Split('.')]) ? [] : schema.Validate(doc);
            if (problems.Count > 0)
            {
                return (null, problems[0].Message);
            }

            string? first = null;
            var mapped = MapScenario(doc, chain, (_, message, _) => first ??= message);
            return (mapped?.Scenario, first);
        }

        // A problem at an end of the range (most rules on one number are bounds, so the ends stand for the values between).
        foreach (double end in new[] { from, to })
        {
            if (At(end) is (null, var problem))
            {
                Report(study, rangePointer, $"{owner}: with `{path}` at {Json.FormatNumber(end)} (the range's {(end == from ? "`from`" : "`to`")}), scenario `{scenarioId}` is invalid: {problem}");
                ok = false;
            }
        }

        if (!ok)
        {
            return null;
        }

        var rangeAt = study.Locate(rangePointer, atKey: false);
        var probability = seek["probability"]!;
        bool share = probability is JsonObject;
        double level = share ? Json.Num((JsonObject)probability, "share-of-current")!.Value : Json.ToDouble(probability);
        return new GoalSeekSpec(id, scenarioId, path, targetId, level, share, from, to, tolerance ?? (number.Value.Whole ? 1 : (to - from) / 100),
            Json.Str(seek, "seek") == "largest" ? SeekDirection.Largest : SeekDirection.Smallest, number.Value.Whole, number.Value.Current,
            value => At(value) is ({ } s, _)
                ? s
                : throw new GoalSeekValueException(new Diagnostic(rangeAt.File, rangeAt.Position, string.Create(CultureInfo.InvariantCulture,
                    $"{owner}: with `{path}` at {Json.FormatNumber(value)}, scenario `{scenarioId}` is invalid: {At(value).Problem}; narrow the goal seek's range"))));
    }

    /// <summary>
    /// Whether the value at <paramref name="path"/> takes whole numbers only, and its value in the
    /// scenario when that is one number (null for a default or a table by year, which a value tried
    /// replaces whole, as a sweep's does); null (reported) when the language allows no single number
    /// there, or when the scenario holds a distribution there (its parameters are the numbers to vary).
    /// </summary>
    private (bool Whole, double? Current)? NumberAt(Chain study, string pointer, string owner, string scenarioId, string path, Chain chain)
    {
        var segments = path.Split('.');
        var current = ScenarioSchema.NodeAt(chain.Merged, segments.Aggregate(string.Empty, SourceMap.Append));
        string? kind = ScenarioSchema.Instance.NumberKind(segments);
        if (kind is null && !Json.IsNumber(current))
        {
            string example = FirstNumber(current, path) is { } inside ? $": vary one number inside it, such as `{inside}`" : string.Empty;
            Report(study, pointer, $"{owner}: `{path}` in scenario `{scenarioId}` cannot be a single number, and a goal seek varies one number{example}");
            return null;
        }

        if (current is JsonObject { Count: 1 } form && ScenarioSchema.Instance.DistributionNames.Contains(form.First().Key))
        {
            // A number would replace the distribution and with it the uncertainty it carries: vary a parameter instead.
            string example = FirstNumber(current, path) is { } inside ? $", such as `{inside}`" : string.Empty;
            Report(study, pointer, $"{owner}: `{path}` in scenario `{scenarioId}` is a distribution ({form.First().Key}), and a number in its place would drop its uncertainty: vary one of its parameters{example}");
            return null;
        }

        return (kind == "integer", Json.IsNumber(current) ? Json.ToDouble(current!) : null);
    }

    /// <summary>The dotted path of the first number inside <paramref name="node"/> (depth first), or null.</summary>
    private static string? FirstNumber(JsonNode? node, string path) => node switch
    {
        JsonObject o => o.Select(p => FirstNumber(p.Value, $"{path}.{p.Key}")).FirstOrDefault(p => p is not null),
        _ when Json.IsNumber(node) => path,
        _ => null,
    };
}

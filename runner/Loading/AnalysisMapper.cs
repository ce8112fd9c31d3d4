using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Nodes;
using Simulation.Engine.Analysis;
using Simulation.Engine.Model;

namespace Simulation.Runner.Loading;

/// <summary>
/// Maps a study's <c>analysis</c> section (schema-valid) into <see cref="AnalysisOptions"/>, checking
/// what the schema cannot: the sample fits in the run, the scenarios exist, and each discovery names a
/// target every analysed scenario has or states a condition on clusters they have. Problems are
/// reported at their JSON pointer in the study file.
/// </summary>
internal static class AnalysisMapper
{
    /// <summary>What a study without an <c>analysis</c> section, or an ad-hoc run, analyses: the baseline's first 20,000 paths (at most the run's), every target.</summary>
    public static AnalysisOptions Default(Scenario baseline)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        return new AnalysisOptions(AnalysisOptions.DefaultPaths, [TargetsOf(baseline)], Sensitivity: true, PrimOptions.Default);
    }

    /// <summary>Every target of <paramref name="scenario"/> as a discovery.</summary>
    private static ScenarioAnalysisSpec TargetsOf(Scenario scenario) =>
        new(scenario.Id, [.. scenario.Targets.Select(t => new Discovery(t.Id, t, IsTarget: true))]);

    /// <summary>The options, or null after reporting a problem.</summary>
    public static AnalysisOptions? Map(JsonObject? node, IReadOnlyList<StudyScenario> scenarios, string baselineId, RunOptions run,
        Action<string, string, bool> report)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        ArgumentNullException.ThrowIfNull(report);
        var byId = scenarios.ToDictionary(s => s.Scenario.Id, s => s.Scenario, StringComparer.Ordinal);
        if (node is null)
        {
            return byId.TryGetValue(baselineId, out var baseline) ? Default(baseline) : new AnalysisOptions(AnalysisOptions.DefaultPaths, [], true, PrimOptions.Default);
        }

        int errors = 0;
        void Error(string pointer, string message, bool atKey = false)
        {
            errors++;
            report(pointer, message, atKey);
        }

        int paths = Json.Int(node, "paths") ?? AnalysisOptions.DefaultPaths;
        if (node["paths"] is not null && run.Precision is null && paths > run.Paths)
        {
            Error("/analysis/paths", string.Create(CultureInfo.InvariantCulture,
                $"the analysis records {paths:N0} paths but the run has only {run.Paths:N0} (`run: {{ paths }}`): record at most the run's paths"));
        }
        else if (node["paths"] is not null && run.Precision is not null && paths > run.MaxPaths)
        {
            Error("/analysis/paths", string.Create(CultureInfo.InvariantCulture,
                $"the analysis records {paths:N0} paths but a run to a precision stops at {run.MaxPaths:N0} at most (`run: {{ max-paths }}`): record at most that many"));
        }

        var analysed = new List<Scenario>();
        if (node["scenarios"] is JsonArray ids)
        {
            for (int i = 0; i < ids.Count; i++)
            {
                string id = ids[i]!.GetValue<string>();
                if (byId.TryGetValue(id, out var scenario))
                {
                    analysed.Add(scenario);
                }
                else
                {
                    string hint = Suggestions.DidYouMean(id, byId.Keys);
                    Error(SourceMap.Append("/analysis/scenarios", i), $"unknown scenario `{id}`" + (hint.Length > 0 ? hint
                        : $"; the study's scenarios are {string.Join(", ", byId.Keys.Take(12).Select(k => $"`{k}`"))}{(byId.Count > 12 ? ", …" : "")}"));
                }
            }
        }
        else if (byId.TryGetValue(baselineId, out var baseline))
        {
            analysed.Add(baseline);
        }

        var prim = PrimOptions.Default;
        if (node["prim"] is JsonObject p)
        {
            prim = new PrimOptions(Json.Num(p, "peel-alpha") ?? prim.PeelAlpha, Json.Num(p, "paste-alpha") ?? prim.PasteAlpha,
                Json.Num(p, "min-mass") ?? prim.MinMass, Json.Num(p, "min-coverage") ?? prim.MinCoverage);
        }

        // Checks of a discovery that do not depend on the scenario are made once, not once per analysed scenario.
        var broken = new HashSet<string>(StringComparer.Ordinal);
        if (node["discover"] is JsonObject all)
        {
            foreach (var (id, value) in all)
            {
                if (value is JsonObject d && !CheckDiscovery(id, d, analysed, Error))
                {
                    broken.Add(id);
                }
            }
        }

        var specs = ImmutableArray.CreateBuilder<ScenarioAnalysisSpec>();
        foreach (var scenario in analysed)
        {
            if (node["discover"] is not JsonObject discover)
            {
                specs.Add(TargetsOf(scenario));
                continue;
            }

            var discoveries = ImmutableArray.CreateBuilder<Discovery>();
            foreach (var (id, value) in discover)
            {
                if (value is JsonObject d && !broken.Contains(id) && MapDiscovery(id, d, scenario, Error) is { } mapped)
                {
                    discoveries.Add(mapped);
                }
            }

            specs.Add(new ScenarioAnalysisSpec(scenario.Id, discoveries.ToImmutable()));
        }

        return errors > 0 ? null : new AnalysisOptions(paths, specs.ToImmutable(), Json.Bool(node, "sensitivity") ?? true, prim);
    }

    /// <summary>The checks of a discovery made once for every analysed scenario; false after reporting a problem.</summary>
    private static bool CheckDiscovery(string id, JsonObject d, IReadOnlyList<Scenario> analysed, Action<string, string, bool> error)
    {
        string p = SourceMap.Append("/analysis/discover", id);
        if (d["step"] is not null && d["min-coverage"] is not null)
        {
            error(SourceMap.Append(p, "min-coverage"), $"discovery `{id}` gives both `step` and `min-coverage`: the step chooses the box, so `min-coverage` would be ignored; keep one", true);
            return false;
        }

        if (Json.Str(d, "target") is not { } targetId)
        {
            return true;
        }

        foreach (string key in new[] { "year", "name" })
        {
            if (d[key] is not null)
            {
                error(SourceMap.Append(p, key), $"`{key}` belongs to the target `{targetId}` itself: remove it here, or drop `target` and state the condition in full", true);
                return false;
            }
        }

        var lacking = analysed.Where(s => s.Targets.All(t => t.Id != targetId)).ToList();
        if (lacking.Count == 0)
        {
            return true;
        }

        var known = lacking[0].Targets.Select(t => t.Id).ToList();
        string hint = Suggestions.DidYouMean(targetId, known);
        string who = lacking.Count == 1 ? $"scenario `{lacking[0].Id}` has" : $"scenarios {Reports.AnalysisText.List([.. lacking.Select(s => $"`{s.Id}`")])} have";
        error(SourceMap.Append(p, "target"), $"{who} no target `{targetId}`" + (hint.Length > 0 ? hint
            : known.Count == 0 ? "; it has no targets" : "; its targets are " + string.Join(", ", known.Select(k => $"`{k}`"))), false);
        return false;
    }

    private static Discovery? MapDiscovery(string id, JsonObject d, Scenario scenario, Action<string, string, bool> error)
    {
        string p = SourceMap.Append("/analysis/discover", id);
        double? minCoverage = Json.Num(d, "min-coverage");
        int? step = Json.Int(d, "step");
        if (Json.Str(d, "target") is { } targetId)
        {
            return new Discovery(id, scenario.Targets.First(t => t.Id == targetId), IsTarget: true, minCoverage, step);
        }

        if (scenario.Targets.Any(t => t.Id == id))
        {
            error(p, $"`{id}` is the id of one of `{scenario.Id}`'s targets: explain it with `target: {id}`, or give this condition an id of its own", true);
            return null;
        }

        if (d["year"] is null)
        {
            error(p, $"discovery `{id}` states a condition without its `year`: add `year: <the year it is read in>`", false);
            return null;
        }

        var mapper = new ModelMapper((pointer, message, atKey) => error(pointer, message, atKey));
        var condition = mapper.MapCondition(id, d, p, scenario, $"the year of discovery `{id}`");
        return condition is null ? null : new Discovery(id, condition, IsTarget: false, minCoverage, step);
    }
}

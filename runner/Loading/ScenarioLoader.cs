using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Nodes;
using Simulation.Engine.Model;

namespace Simulation.Runner.Loading;

/// <summary>
/// Loads dataset, scenario and study files into engine records: reads YAML with a source map, resolves
/// <c>extends</c> (deep merge; null removes; a distribution is replaced whole), validates against the
/// embedded schema, checks what the schema cannot, expands sweeps and maps to <see cref="Dataset"/>, <see cref="Scenario"/> and
/// <see cref="Study"/>. Every problem is collected with its file, line and column; nothing throws for a
/// user's mistake. Instances are not thread safe; create one per load.
/// </summary>
public sealed partial class ScenarioLoader
{
    /// <summary>The longest chain of <c>extends</c> followed.</summary>
    public const int MaxExtendsDepth = 32;

    /// <summary>The most values one sweep may have.</summary>
    public const int MaxSweepValues = 1000;

    /// <summary>The most variants one scenario's sweep grid may have.</summary>
    public const int MaxVariants = 10_000;

    private readonly Func<string, byte[]> readFile;
    private readonly List<Diagnostic> diagnostics = [];
    private readonly Dictionary<string, YamlDocument> parsed = new(StringComparer.Ordinal);

    /// <summary>Creates a loader reading from disk, or through <paramref name="readFile"/> (full path → bytes).</summary>
    public ScenarioLoader(Func<string, byte[]>? readFile = null)
    {
        this.readFile = readFile ?? File.ReadAllBytes;
    }

    /// <summary>Loads any file (dataset, scenario or study) by path.</summary>
    public static LoadResult LoadFile(string path) => new ScenarioLoader().Load(path);

    /// <summary>Loads a file by path (relative to the current directory or absolute).</summary>
    public LoadResult Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = System.IO.Path.GetFullPath(path);
        byte[] bytes;
        try
        {
            if (Directory.Exists(full))
            {
                return IoFailure(full, $"`{path}` is a directory, not a file");
            }

            bytes = readFile(full);
        }
        catch (FileNotFoundException)
        {
            return IoFailure(full, $"cannot read `{path}`: no such file");
        }
        catch (DirectoryNotFoundException)
        {
            return IoFailure(full, $"cannot read `{path}`: no such directory");
        }
        catch (UnauthorizedAccessException)
        {
            return IoFailure(full, $"cannot read `{path}`: permission denied");
        }
        catch (IOException e)
        {
            return IoFailure(full, $"cannot read `{path}`: {e.Message}");
        }

        parsed[full] = YamlTreeReader.Read(bytes, full);
        var chain = Resolve(full);
        string? kind = chain?.Kind;
        Dataset? dataset = null;
        LoadedScenario? scenario = null;
        Study? study = null;
        var problems = chain is null ? null : Validate(chain);
        if (chain is not null && kind == "study" && problems is { Count: > 0 } && problems.All(p => PartOf(p.Pointer) is not null))
        {
            // Problems only inside some sweeps or goal seeks: check the rest of the study too (its
            // scenarios, other sweeps and goal seeks), so that validate shows every problem at once.
            MapStudy(chain, problems.Select(p => PartOf(p.Pointer)!).ToHashSet(StringComparer.Ordinal));
        }
        else if (chain is not null && problems is { Count: 0 })
        {
            switch (kind)
            {
                case "dataset":
                    dataset = MapDataset(chain);
                    break;
                case "scenario":
                    scenario = MapScenario(chain);
                    dataset = scenario?.Scenario.Dataset;
                    break;
                case "study":
                    study = MapStudy(chain, new HashSet<string>());
                    break;
            }
        }

        var sorted = Diagnostic.SortAndDeduplicate(diagnostics);
        var status = sorted.Count == 0 ? LoadStatus.Valid : LoadStatus.Invalid;
        if (status == LoadStatus.Valid && dataset is null && scenario is null && study is null)
        {
            // Defensive: a valid file must map to a record.
            sorted = [new Diagnostic(full, 1, 1, "the file could not be mapped to a dataset, scenario or study")];
            status = LoadStatus.Invalid;
        }

        return new LoadResult(full, status, kind, status == LoadStatus.Valid ? dataset : null,
            status == LoadStatus.Valid ? scenario : null, status == LoadStatus.Valid ? study : null, sorted, null);
    }

    private static LoadResult IoFailure(string full, string message) =>
        new(full, LoadStatus.IoError, null, null, null, null, [], message);

    /// <summary>A file and the files it extends, child first, with the merged document.</summary>
    private sealed class Chain(List<YamlDocument> files, JsonObject merged)
    {
        public List<YamlDocument> Files { get; } = files;

        public JsonObject Merged { get; } = merged;

        public string Kind => Json.Str(Merged, "kind") ?? "file";

        public string Id => Json.Str(Merged, "id") ?? System.IO.Path.GetFileNameWithoutExtension(Files[0].File);

        // The most-derived file defining the pointer (or its nearest located ancestor).
        public (string File, SourcePosition Position) Locate(string pointer, bool atKey)
        {
            string p = pointer;
            while (true)
            {
                foreach (var f in Files)
                {
                    if (atKey && p == pointer && f.Map.TryGetKey(p, out var key))
                    {
                        return (f.File, key);
                    }

                    if (f.Map.TryGetValue(p, out var value))
                    {
                        return (f.File, value);
                    }
                }

                if (p.Length == 0)
                {
                    return (Files[0].File, new SourcePosition(1, 1));
                }

                p = SourceMap.Parent(p);
            }
        }
    }

    private void Report(Chain chain, string pointer, string message, bool atKey = false)
    {
        var (file, position) = chain.Locate(pointer, atKey);
        diagnostics.Add(new Diagnostic(file, position, message));
    }

    private void Report(YamlDocument doc, string pointer, string message)
    {
        var chain = new Chain([doc], doc.Root ?? []);
        Report(chain, pointer, message);
    }

    private YamlDocument Parse(string full)
    {
        if (!parsed.TryGetValue(full, out var doc))
        {
            doc = YamlTreeReader.Read(readFile(full), full);
            parsed[full] = doc;
        }

        return doc;
    }

    private Chain? Resolve(string full)
    {
        var doc = parsed[full];
        diagnostics.AddRange(doc.Diagnostics);
        if (doc.Root is null)
        {
            return null;
        }

        var files = new List<YamlDocument> { doc };
        var names = new List<string> { System.IO.Path.GetFileName(full) };
        var current = doc;
        while (current.Root!["extends"] is JsonNode ext && Json.IsString(ext))
        {
            string relative = ext.GetValue<string>();
            string target = System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(current.File)!, relative));
            if (files.Any(f => f.File == target))
            {
                names.Add(System.IO.Path.GetFileName(target));
                Report(current, "/extends", $"`extends` makes a cycle: {string.Join(" → ", names)}");
                return null;
            }

            if (files.Count >= MaxExtendsDepth)
            {
                Report(current, "/extends", string.Create(CultureInfo.InvariantCulture, $"more than {MaxExtendsDepth} files deep in `extends`"));
                return null;
            }

            YamlDocument next;
            try
            {
                next = Parse(target);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Report(current, "/extends", $"cannot read `{relative}` to extend it (looked for {target})");
                return null;
            }

            diagnostics.AddRange(next.Diagnostics);
            if (next.Root is null)
            {
                return null;
            }

            string childKind = Json.Str(current.Root, "kind") ?? "file";
            string parentKind = Json.Str(next.Root, "kind") ?? "file";
            if (parentKind == "study" || childKind == "study" || (childKind == "dataset" && parentKind != "dataset"))
            {
                Report(current, "/extends", $"a {childKind} cannot extend a {parentKind} (`{relative}`)");
                return null;
            }

            files.Add(next);
            names.Add(System.IO.Path.GetFileName(target));
            current = next;
        }

        var merged = new JsonObject();
        for (int i = files.Count - 1; i >= 0; i--)
        {
            Json.MergeInto(merged, files[i].Root!, ScenarioSchema.Instance);
        }

        // What a file is and what it is called are its own: an inherited id would write its report
        // over the parent's and give two rows one name, an inherited name or description would
        // label an alternative as its baseline (without its own they default to the id and nothing).
        if (files.Count > 1)
        {
            foreach (string key in (string[])["name", "description"])
            {
                if (!doc.Root.ContainsKey(key))
                {
                    merged.Remove(key);
                }
            }

            string parentKind = Json.Str(files[1].Root!, "kind") ?? "scenario";
            if (!doc.Root.ContainsKey("kind"))
            {
                Report(doc, "", $"missing `kind`: say what this file is (e.g. `kind: {parentKind}`); it is not taken from `{names[1]}`");
            }

            if (!doc.Root.ContainsKey("id"))
            {
                // The id it would inherit, and the nearest file up the chain that states it.
                int owner = files.FindIndex(f => f.Root!.ContainsKey("id"));
                string inherited = owner > 0 && Json.Str(merged, "id") is { } id ? $" (it would be `{id}`, the id of `{names[owner]}`)" : "";
                string why = parentKind == "dataset" && Json.Str(merged, "kind") == "dataset" ? "" : ", which names its outputs and its rows in the report";
                Report(doc, "", $"missing `id`: a file that extends another needs its own id{why}{inherited}");
            }
        }

        return new Chain(files, merged);
    }

    /// <summary>Reports the schema's problems with the merged document; returns them.</summary>
    private IReadOnlyList<SchemaProblem> Validate(Chain chain)
    {
        var problems = ScenarioSchema.Instance.Validate(chain.Merged);
        foreach (var p in problems)
        {
            Report(chain, p.Pointer, p.Message + ReplacedWholeHint(chain, p) + VariantValueHint(chain, p), p.AtKey);
        }

        return problems;
    }

    /// <summary>
    /// For a sweep's or a goal seek's value the schema refuses (a string where its list or range takes
    /// numbers), the hint the number at the sweep's path would give: "; write 5% as 0.05" for a share,
    /// "; amounts are already in the dataset's unit (亿元); write 2" for "2亿". Empty otherwise.
    /// </summary>
    private string VariantValueHint(Chain chain, SchemaProblem problem)
    {
        if (SourceMap.Split(problem.Pointer) is not [var part and ("sweeps" or "goal-seeks"), var id, "values" or "range", _]
            || (chain.Merged[part] as JsonObject)?[id] is not JsonObject owner
            || Json.Str(owner, "path") is not { } path
            || (Json.Str(owner, "scenario") ?? Json.Str(chain.Merged, "baseline")) is not { } scenarioId)
        {
            return string.Empty;
        }

        string hint = ScenarioSchema.Instance.NumberHint(path.Split('.'), ScenarioSchema.NodeAt(chain.Merged, problem.Pointer), UnitOf(chain, scenarioId));
        return problem.Message.Contains(hint, StringComparison.Ordinal) ? string.Empty : hint;
    }

    /// <summary>
    /// The `unit` of the dataset under study scenario <paramref name="scenarioId"/> (the nearest file up
    /// its `extends` chain that states one), or null when it cannot be found or read; nothing is reported.
    /// </summary>
    private JsonObject? UnitOf(Chain study, string scenarioId)
    {
        foreach (var listed in study.Merged["scenarios"] as JsonArray ?? [])
        {
            if (!Json.IsString(listed))
            {
                continue;
            }

            try
            {
                string full = System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(study.Files[0].File)!, listed!.GetValue<string>()));
                var doc = Parse(full);
                if (doc.Root is null || Json.Str(doc.Root, "id") != scenarioId)
                {
                    continue;
                }

                for (int depth = 0; doc.Root is not null && depth < MaxExtendsDepth; depth++)
                {
                    if (doc.Root["unit"] is JsonObject unit)
                    {
                        return unit;
                    }

                    if (Json.Str(doc.Root, "extends") is not { } parent)
                    {
                        break;
                    }

                    doc = Parse(System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(doc.File)!, parent)));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                continue; // said where the study loads its scenarios
            }

            return null;
        }

        return null;
    }

    /// <summary>
    /// A parameter missing from a distribution that the file replaces over an inherited one: "merged
    /// deeply" makes a reader expect the other parameters to be inherited, so say why they are not.
    /// </summary>
    private static string ReplacedWholeHint(Chain chain, SchemaProblem problem)
    {
        var segments = SourceMap.Split(problem.Pointer);
        if (chain.Files.Count < 2 || !problem.Message.StartsWith("missing `", StringComparison.Ordinal) || segments.Count < 2)
        {
            return "";
        }

        var keys = segments.Take(segments.Count - 1).ToList();
        string distribution = keys.Aggregate(string.Empty, SourceMap.Append);
        bool replaced = ScenarioSchema.Instance.IsChoice(keys)
            && ScenarioSchema.NodeAt(chain.Files[0].Root, distribution) is not null
            && chain.Files.Skip(1).Any(f => ScenarioSchema.NodeAt(f.Root, distribution) is not null);
        return replaced ? " (a distribution given here replaces the inherited one whole: give all its parameters)" : "";
    }

    /// <summary>The sweep or goal seek a problem lies inside, as <c>sweeps/&lt;id&gt;</c> or <c>goal-seeks/&lt;id&gt;</c>, or null.</summary>
    private static string? PartOf(string pointer) =>
        SourceMap.Split(pointer).ToList() is [var part and ("sweeps" or "goal-seeks"), var id, ..] ? $"{part}/{id}" : null;

    private static (string Id, string Name) DatasetIdentity(Chain chain)
    {
        var dataset = chain.Files.FirstOrDefault(f => Json.Str(f.Root!, "kind") == "dataset")?.Root;
        return dataset is null
            ? (chain.Id, Json.Str(chain.Merged, "name") ?? chain.Id)
            : (Json.Str(dataset, "id") ?? chain.Id, Json.Str(dataset, "name") ?? Json.Str(dataset, "id") ?? chain.Id);
    }

    private Dataset? MapDataset(Chain chain)
    {
        var mapper = new ModelMapper((p, m, k) => Report(chain, p, m, k));
        var (id, name) = DatasetIdentity(chain);
        return mapper.MapDataset(chain.Merged, id, name, $"dataset `{chain.Id}`", null);
    }

    private LoadedScenario? MapScenario(Chain chain) => MapScenario(chain.Merged, chain, (p, m, k) => Report(chain, p, m, k));

    private static LoadedScenario? MapScenario(JsonObject doc, Chain chain, Action<string, string, bool> report)
    {
        var mapper = new ModelMapper(report);
        var (id, name) = DatasetIdentity(chain);
        var scenario = mapper.MapScenario(doc, id, name);
        return scenario is null ? null : new LoadedScenario(scenario, ModelMapper.MapRunOptions(doc));
    }

    /// <summary>The study, or null when anything is wrong; sweeps and goal seeks in <paramref name="broken"/> (<see cref="PartOf"/>: schema problems already reported) are skipped.</summary>
    private Study? MapStudy(Chain study, IReadOnlySet<string> broken)
    {
        int before = diagnostics.Count;
        var doc = study.Merged;
        var files = (JsonArray)doc["scenarios"]!;
        var loaded = new List<(string Id, LoadedScenario? Scenario, Chain? Chain, int Index)>();
        for (int i = 0; i < files.Count; i++)
        {
            string pointer = SourceMap.Append("/scenarios", i);
            string relative = files[i]!.GetValue<string>();
            string full = System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(study.Files[0].File)!, relative));
            if (full == study.Files[0].File)
            {
                Report(study, pointer, "a study cannot list itself as a scenario");
                continue;
            }

            try
            {
                Parse(full);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Report(study, pointer, $"cannot read scenario file `{relative}` (looked for {full})");
                continue;
            }

            var chain = Resolve(full);
            if (chain is null || Validate(chain).Count > 0)
            {
                continue;
            }

            if (chain.Kind != "scenario")
            {
                Report(study, pointer, $"`{relative}` is a {chain.Kind}, not a scenario");
                continue;
            }

            loaded.Add((chain.Id, MapScenario(chain), chain, i));
        }

        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var s in loaded)
        {
            if (ids.TryGetValue(s.Id, out int first))
            {
                Report(study, SourceMap.Append("/scenarios", s.Index),
                    string.Create(CultureInfo.InvariantCulture, $"duplicate scenario id `{s.Id}` (also the id of `{files[first]!.GetValue<string>()}`, scenarios[{first}]): each scenario needs its own id, which names its rows in the report"));
            }
            else
            {
                ids[s.Id] = s.Index;
            }
        }

        string baseline = Json.Str(doc, "baseline")!;
        if (!ids.ContainsKey(baseline) && loaded.Count == files.Count)
        {
            Report(study, "/baseline", $"unknown baseline `{baseline}`{Suggestions.DidYouMean(baseline, ids.Keys)}; the study's scenarios are {string.Join(", ", ids.Keys.Select(k => $"`{k}`"))}");
        }

        if (loaded.All(l => l.Scenario is not null))
        {
            var listed = loaded.Select(l => l.Scenario!.Scenario).ToList();
            foreach (var conflict in TargetGoals.Conflicts(listed, listed.FindIndex(s => s.Id == baseline)))
            {
                Report(loaded[conflict.Scenario].Chain!, SourceMap.Append("/targets", conflict.TargetId), TargetGoals.Message(conflict, listed), atKey: true);
            }
        }

        string? backtest = doc["backtest"] is JsonObject bt ? Json.Str(bt, "scenario") : null;
        if (backtest is not null && !ids.ContainsKey(backtest) && loaded.Count == files.Count)
        {
            string guess = Suggestions.DidYouMean(backtest, ids.Keys);
            Report(study, "/backtest/scenario", $"unknown scenario `{backtest}` to backtest" + (guess.Length > 0 ? guess : $"; the study's scenarios are {string.Join(", ", ids.Keys.Select(k => $"`{k}`"))}"));
        }

        var chains = loaded.Where(l => l.Chain is not null).DistinctBy(l => l.Id, StringComparer.Ordinal).ToDictionary(l => l.Id, l => l.Chain!, StringComparer.Ordinal);
        var variants = ExpandSweeps(study, chains, loaded.Count == files.Count, broken);
        var goalSeeks = MapGoalSeeks(study, chains, loaded.Where(l => l.Scenario is not null).DistinctBy(l => l.Id, StringComparer.Ordinal)
            .ToDictionary(l => l.Id, l => l.Scenario!.Scenario, StringComparer.Ordinal), baseline, loaded.Count == files.Count, broken);
        if (diagnostics.Count > before || loaded.Any(l => l.Scenario is null))
        {
            return null;
        }

        var scenarios = loaded.Select(l => new StudyScenario(l.Scenario!.Scenario, [])).Concat(variants).ToImmutableArray();
        new ModelMapper((pointer, message, atKey) => Report(study, pointer, message, atKey)).CheckRun(doc["run"] as JsonObject, "/run");
        if (diagnostics.Count > before)
        {
            return null;
        }

        var run = ModelMapper.MapRunOptions(doc["run"] as JsonObject);
        var analysis = AnalysisMapper.Map(doc["analysis"] as JsonObject, scenarios, baseline, run, (pointer, message, atKey) => Report(study, pointer, message, atKey));
        if (analysis is null)
        {
            return null;
        }

        return new Study(study.Id, Json.Str(doc, "name") ?? study.Id, Json.Str(doc, "description") ?? string.Empty, scenarios, baseline, run, analysis)
        {
            GoalSeeks = goalSeeks,
            BacktestScenarioId = backtest,
        };
    }

    /// <summary>
    /// Whether <paramref name="path"/> names a value a variant of scenario <paramref name="scenarioId"/> may set
    /// (a sweep's or a goal seek's, <paramref name="owner"/>): not a target (a target id names one goal), every
    /// key above the last present in the scenario, and the last present or known to the language. Reports
    /// the problem at <paramref name="pointer"/> otherwise.
    /// </summary>
    private bool CheckVariantPath(Chain study, string pointer, string owner, string scenarioId, string path, Chain chain)
    {
        var segments = path.Split('.');
        if (segments[0] == "targets")
        {
            Report(study, pointer,
                $"{owner}: a {(owner.StartsWith("sweep", StringComparison.Ordinal) ? "sweep" : "goal seek")} varies a scenario's levers or data, not its targets: a target id names one goal in a study, so define each goal you want as a target of its own");
            return false;
        }

        JsonNode? parent = chain.Merged;
        for (int i = 0; i < segments.Length - 1; i++)
        {
            if (parent is JsonObject o && o[segments[i]] is JsonObject next)
            {
                parent = next;
                continue;
            }

            string at = i == 0 ? $"scenario `{scenarioId}`" : $"`{string.Join('.', segments[..i])}`";
            if (parent is JsonObject holder && holder[segments[i]] is { } value)
            {
                // The key is there, but holds a value with nothing inside: the path goes on past its end.
                string end = string.Join('.', segments[..(i + 1)]);
                Report(study, pointer,
                    $"{owner}: path `{path}` does not exist in scenario `{scenarioId}`: `{end}` is {ScenarioSchema.DescribeValue(value)}, with no `{segments[i + 1]}` inside; did you mean `{end}`?");
                return false;
            }

            var known = (parent as JsonObject)?.Select(p => p.Key).ToList() ?? [];
            Report(study, pointer,
                $"{owner}: path `{path}` does not exist in scenario `{scenarioId}`: {at} has no `{segments[i]}`{PathHint(segments[i], known, path, chain.Merged, at)}");
            return false;
        }

        // A last key the scenario lacks and the language does not know (a misspelling) is the path's
        // problem, said once here, not once per variant that would set it.
        string last = segments[^1];
        if (parent is JsonObject owning && !owning.ContainsKey(last) && !ScenarioSchema.Instance.Knows(segments))
        {
            string at = segments.Length == 1 ? $"scenario `{scenarioId}`" : $"`{string.Join('.', segments[..^1])}`";
            Report(study, pointer,
                $"{owner}: path `{path}` does not exist in scenario `{scenarioId}`: {at} has no `{last}`{PathHint(last, [.. owning.Select(p => p.Key)], path, chain.Merged, at)}");
            return false;
        }

        return true;
    }

    /// <summary>
    /// What a path that does not exist may have meant, in order: the key of <paramref name="at"/> (holding
    /// <paramref name="known"/>) nearest the missing <paramref name="key"/>; a whole path of the scenario
    /// that ends as <paramref name="path"/> does (a left-out start, such as `subsidy.annual-budget`) or is
    /// nearest it; else the keys that are there.
    /// </summary>
    private static string PathHint(string key, IReadOnlyList<string> known, string path, JsonObject scenario, string at)
    {
        string hint = Suggestions.DidYouMean(key, known);
        if (hint.Length > 0)
        {
            return hint;
        }

        var paths = DottedPaths(scenario, string.Empty).ToList();
        var ending = paths.Where(p => p.EndsWith("." + path, StringComparison.Ordinal)).ToList();
        if ((ending.Count == 1 ? ending[0] : Suggestions.Closest(path, paths)) is { } whole)
        {
            return $"; did you mean `{whole}`?";
        }

        return Suggestions.DidYouMeanOrList(key, known, $"the keys of {at}");
    }

    /// <summary>Every dotted path in a document (mappings and the values in them, not inside lists), depth first in file order.</summary>
    private static IEnumerable<string> DottedPaths(JsonObject node, string prefix)
    {
        foreach (var (key, value) in node)
        {
            string path = prefix.Length == 0 ? key : $"{prefix}.{key}";
            yield return path;
            if (value is JsonObject inner)
            {
                foreach (string deeper in DottedPaths(inner, path))
                {
                    yield return deeper;
                }
            }
        }
    }

    /// <summary>A sweep of one scenario; <paramref name="Listed"/>: its values are a list (each has a place in the file), not a range.</summary>
    private sealed record SweepSpec(string Id, string Path, ImmutableArray<double> Values, string Pointer, bool Listed);

    private List<StudyScenario> ExpandSweeps(Chain study, Dictionary<string, Chain> scenarios, bool allLoaded, IReadOnlySet<string> broken)
    {
        var result = new List<StudyScenario>();
        if (study.Merged["sweeps"] is not JsonObject sweeps)
        {
            return result;
        }

        var byScenario = new Dictionary<string, List<SweepSpec>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var (sweepId, node) in sweeps)
        {
            if (broken.Contains("sweeps/" + sweepId))
            {
                continue;
            }

            var sweep = (JsonObject)node!;
            string sp = SourceMap.Append("/sweeps", sweepId);
            string scenarioId = Json.Str(sweep, "scenario")!;
            string path = Json.Str(sweep, "path")!;
            if (!scenarios.TryGetValue(scenarioId, out var chain))
            {
                if (!allLoaded)
                {
                    continue; // the scenario may be one that failed to load: its own errors say why
                }

                Report(study, SourceMap.Append(sp, "scenario"),
                    $"sweep `{sweepId}`: unknown scenario `{scenarioId}`{Suggestions.DidYouMean(scenarioId, scenarios.Keys)}");
                continue;
            }

            if (!CheckVariantPath(study, SourceMap.Append(sp, "path"), $"sweep `{sweepId}`", scenarioId, path, chain))
            {
                continue;
            }

            var values = SweepValues(study, sweep, sp, sweepId);
            if (values is null || PercentRange(study, sweep, sp, sweepId, path, values.Value))
            {
                continue;
            }

            if (!byScenario.TryGetValue(scenarioId, out var list))
            {
                byScenario[scenarioId] = list = [];
                order.Add(scenarioId);
            }

            // One sweep setting `x` and another `x.y` (or `x` again) would overwrite each other's values.
            if (list.FirstOrDefault(other => Overlap(other.Path, path)) is { } clash)
            {
                Report(study, SourceMap.Append(sp, "path"),
                    $"sweep `{sweepId}`: path `{path}` overlaps sweep `{clash.Id}`'s `{clash.Path}` in scenario `{scenarioId}`; two sweeps of one scenario must set different values");
                continue;
            }

            list.Add(new SweepSpec(sweepId, path, values.Value, sp, sweep["values"] is JsonArray));
        }

        foreach (string scenarioId in order)
        {
            var chain = scenarios[scenarioId];
            var specs = byScenario[scenarioId];
            long count = specs.Aggregate(1L, (n, s) => n * s.Values.Length);
            if (count > MaxVariants)
            {
                Report(study, specs[^1].Pointer, string.Create(CultureInfo.InvariantCulture,
                    $"the sweeps of `{scenarioId}` make {count} variants; at most {MaxVariants} are allowed"));
                continue;
            }

            var variantProblems = new VariantProblems();
            foreach (var point in Cartesian(specs))
            {
                var doc = (JsonObject)chain.Merged.DeepClone();
                string id = scenarioId;
                var sweepPoints = ImmutableArray.CreateBuilder<SweepPoint>();
                foreach (var (spec, value) in point)
                {
                    Set(doc, spec.Path, value);
                    id += "--" + spec.Id + "-" + FormatVariantValue(value);
                    sweepPoints.Add(new SweepPoint(spec.Id, spec.Path, value));
                }

                // A problem at or around a swept value is the sweep's: located at the value in its list,
                // or at its path (a range's values have no place of their own, nor has a problem above the value).
                void Problem(string pointer, string message, bool atKey)
                {
                    var (owner, value) = point.FirstOrDefault(x => Overlap(pointer, PathPointer(x.Spec.Path), '/'));
                    if (owner is null)
                    {
                        variantProblems.Add((chain, pointer, atKey, message), id);
                        return;
                    }

                    bool atValue = owner.Listed && (pointer + "/").StartsWith(PathPointer(owner.Path) + "/", StringComparison.Ordinal);
                    string at = atValue
                        ? SourceMap.Append(SourceMap.Append(owner.Pointer, "values"), owner.Values.IndexOf(value))
                        : SourceMap.Append(owner.Pointer, "path");
                    variantProblems.Add((study, at, false, message), id);
                }

                var schema = ScenarioSchema.Instance;
                var problems = schema.AcceptsChangedValues(chain.Merged, doc, point.Select(p => p.Spec.Path.Split('.')))
                    ? []
                    : schema.Validate(doc);
                foreach (var problem in problems)
                {
                    Problem(problem.Pointer, problem.Message, problem.AtKey);
                }

                doc["id"] = id;
                if (problems.Count > 0)
                {
                    continue;
                }

                var mapped = MapScenario(doc, chain, (p, m, k) => Problem(p, m, k));
                if (mapped is not null)
                {
                    result.Add(new StudyScenario(mapped.Scenario, sweepPoints.ToImmutable()));
                }
            }

            foreach (var (file, pointer, atKey, message, variants) in variantProblems.Grouped())
            {
                Report(file, pointer, $"{variants}: {message}", atKey);
            }
        }

        return result;
    }

    /// <summary>
    /// The variants' problems, each once with the variants it occurs in, in the order first seen: a
    /// sweep of 200 values with one bad setting would otherwise repeat one line 200 times.
    /// </summary>
    private sealed class VariantProblems
    {
        private readonly Dictionary<(Chain File, string Pointer, bool AtKey, string Message), List<string>> variants = [];
        private readonly List<(Chain File, string Pointer, bool AtKey, string Message)> order = [];

        public void Add((Chain File, string Pointer, bool AtKey, string Message) problem, string variant)
        {
            if (!variants.TryGetValue(problem, out var list))
            {
                variants[problem] = list = [];
                order.Add(problem);
            }

            if (list.Count == 0 || list[^1] != variant)
            {
                list.Add(variant);
            }
        }

        public IEnumerable<(Chain File, string Pointer, bool AtKey, string Message, string Variants)> Grouped() =>
            order.Select(p => (p.File, p.Pointer, p.AtKey, p.Message, Names(variants[p])));

        private static string Names(List<string> ids) => ids.Count switch
        {
            1 => $"variant `{ids[0]}`",
            <= 3 => $"variants {string.Join(", ", ids.SkipLast(1).Select(i => $"`{i}`"))} and `{ids[^1]}`",
            _ => string.Create(CultureInfo.InvariantCulture, $"variants {string.Join(", ", ids.Take(3).Select(i => $"`{i}`"))} and {ids.Count - 3} more"),
        };
    }

    /// <summary>Whether two paths are the same or one lies inside the other (segments split at <paramref name="separator"/>).</summary>
    private static bool Overlap(string a, string b, char separator = '.') =>
        a == b || a.StartsWith(b + separator, StringComparison.Ordinal) || b.StartsWith(a + separator, StringComparison.Ordinal);

    private static string PathPointer(string dotted) => dotted.Split('.').Aggregate(string.Empty, SourceMap.Append);

    private ImmutableArray<double>? SweepValues(Chain study, JsonObject sweep, string pointer, string sweepId)
    {
        if (sweep["values"] is JsonArray values)
        {
            return values.Select(v => Json.ToDouble(v!)).ToImmutableArray();
        }

        var range = (JsonObject)sweep["range"]!;
        double from = Json.Num(range, "from")!.Value;
        double to = Json.Num(range, "to")!.Value;
        double step = Json.Num(range, "step")!.Value;
        if (to < from)
        {
            Report(study, SourceMap.Append(pointer, "range"), $"sweep `{sweepId}`: the range runs backwards (`to` is below `from`)");
            return null;
        }

        double n = Math.Floor(((to - from) / step) + 1e-9) + 1;
        if (n > MaxSweepValues)
        {
            Report(study, SourceMap.Append(pointer, "range"), string.Create(CultureInfo.InvariantCulture,
                $"sweep `{sweepId}`: the range has {n} values; at most {MaxSweepValues} are allowed"));
            return null;
        }

        // A range that stops short of `to` is almost always a miscount: say so rather than drop the end.
        double last = from + ((n - 1) * step);
        if (Math.Abs(last - to) > 1e-9 * Math.Max(1, Math.Abs(to)))
        {
            Report(study, SourceMap.Append(pointer, "range"), string.Create(CultureInfo.InvariantCulture,
                $"sweep `{sweepId}`: steps of {Json.FormatNumber(step)} from {Json.FormatNumber(from)} miss `to` {Json.FormatNumber(to)} (the last value would be {Json.FormatNumber(Math.Round(last, 10))}): make `to` a whole number of steps from `from`, or list the `values`"));
            return null;
        }

        return Enumerable.Range(0, (int)n).Select(i => Math.Round(from + (i * step), 10)).ToImmutableArray();
    }

    /// <summary>
    /// Reports (once, at the range, instead of once per variant) a range whose every value lies above 1
    /// and at most 100 where the swept number is a share, at most 1: percentages, most likely. True when reported.
    /// </summary>
    private bool PercentRange(Chain study, JsonObject sweep, string pointer, string sweepId, string path, ImmutableArray<double> values)
    {
        if (sweep["range"] is not JsonObject range || !values.All(v => v is > 1 and <= 100)
            || ScenarioSchema.Instance.ShareBounds(path.Split('.')) is not { } bounds)
        {
            return false;
        }

        static string Percent(double x) => ((decimal)x / 100).ToString(CultureInfo.InvariantCulture);
        double from = Json.Num(range, "from")!.Value, to = Json.Num(range, "to")!.Value, step = Json.Num(range, "step")!.Value;
        Report(study, SourceMap.Append(pointer, "range"),
            $"sweep `{sweepId}`: `{path}` must be {bounds}, and the range runs from {Json.FormatNumber(from)} to {Json.FormatNumber(to)}; "
            + $"if these are percentages, write {{ from: {Percent(from)}, to: {Percent(to)}, step: {Percent(step)} }}");
        return true;
    }

    private static IEnumerable<List<(SweepSpec Spec, double Value)>> Cartesian(List<SweepSpec> specs)
    {
        IEnumerable<List<(SweepSpec, double)>> acc = [[]];
        foreach (var spec in specs)
        {
            acc = acc.SelectMany(prefix => spec.Values.Select(v => new List<(SweepSpec, double)>(prefix) { (spec, v) })).ToList();
        }

        return acc;
    }

    private static void Set(JsonObject doc, string dotted, double value)
    {
        var segments = dotted.Split('.');
        var o = doc;
        for (int i = 0; i < segments.Length - 1; i++)
        {
            o = (JsonObject)o[segments[i]]!;
        }

        o[segments[^1]] = Math.Floor(value) == value && Math.Abs(value) < 1e15 ? JsonValue.Create((long)value) : JsonValue.Create(value);
    }

    /// <summary>A sweep value in a variant id: invariant, <c>.</c> → <c>p</c>, a leading minus → <c>m</c> (2.5 → 2p5, -1 → m1).</summary>
    public static string FormatVariantValue(double value)
    {
        string s = value.ToString("R", CultureInfo.InvariantCulture).Replace('.', 'p').Replace("E+", "e", StringComparison.Ordinal).Replace("E-", "em", StringComparison.Ordinal);
        return s.StartsWith('-') ? "m" + s[1..] : s;
    }
}

using System.Collections.Immutable;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Simulation.Engine;
using Simulation.Engine.Analysis;
using Simulation.Engine.Model;
using Simulation.Engine.Statistics;
using Simulation.Runner.Loading;
using Simulation.Runner.Output;

namespace Simulation.Runner.Commands;

/// <summary>
/// <c>simulate run FILE...</c>: runs a study, or scenarios as an ad-hoc study whose first file is the
/// baseline, and writes the report atomically; with <c>--check DIR</c>, regenerates into a temporary
/// folder and compares with the committed report instead.
/// </summary>
public static class RunCommand
{
    /// <summary>Settings of one run, from the command line.</summary>
    /// <param name="Files">Study or scenario files.</param>
    /// <param name="Out">The report folder (default: output/&lt;study id&gt; at the repository root).</param>
    /// <param name="Paths">Overrides the study's paths.</param>
    /// <param name="Seed">Overrides the study's seed.</param>
    /// <param name="Threads">Worker threads (0: one per core). Results do not depend on it.</param>
    /// <param name="NoProgress">Show no progress.</param>
    /// <param name="Check">Compare with the report in this folder instead of writing.</param>
    /// <param name="Lang">en or zh: the language of cluster names in charts.</param>
    /// <param name="Shard">Run only shard I of N (0-based) and save its counts for <c>simulate merge</c>.</param>
    /// <param name="Precision">Run to this 95% half-width (a probability) instead of a fixed number of paths.</param>
    /// <param name="MaxPaths">The most paths a run to a precision may take.</param>
    /// <param name="Force">Replace a report of another study or other scenarios in the target folder.</param>
    public sealed record Settings(IReadOnlyList<string> Files, string? Out, int? Paths, ulong? Seed, int Threads, bool NoProgress, string? Check, string Lang,
        (int Index, int Count)? Shard = null, double? Precision = null, int? MaxPaths = null, bool Force = false);

    /// <summary>Creates the command.</summary>
    public static Command Create(Func<CliContext> context)
    {
        var files = new Argument<string[]>("FILE") { Description = "A study, or scenario files (the first is the baseline).", Arity = ArgumentArity.OneOrMore };
        var outOption = new Option<string?>("--out") { Description = "Report folder (default: output/<study id>, or output/<id>-vs-<id> for scenario files); a report replaces it whole, and a folder of other files or another study's report is refused.", HelpName = "DIR" };
        var paths = Cli.OptionalWholeNumber<int>("--paths", "Monte Carlo paths (overrides the study's).");
        var seed = Cli.OptionalWholeNumber<ulong>("--seed", "Seed of every random stream (overrides the study's).", "S");
        var threads = Cli.WholeNumber<int>("--threads", "Worker threads (also for drawing charts); 0 = one per core. Results are identical at any count.");
        var noProgress = new Option<bool>("--no-progress") { Description = "Show no progress." };
        var force = new Option<bool>("--force") { Description = "Replace a report of another study or other scenarios in the report folder (refused without it)." };
        var check = new Option<string?>("--check") { Description = "Regenerate into a temporary folder and compare with the report in DIR (exit 5 when stale).", HelpName = "DIR" };
        var lang = new Option<string>("--lang") { Description = "Language of cluster names in charts: en or zh (zh needs a CJK font).", DefaultValueFactory = _ => "en" };
        lang.AcceptOnlyFromAmong("en", "zh");
        var precision = new Option<string?>("--precision")
        {
            Description = "Run until every target's and paired difference's 95% interval is at most this half-width, e.g. 0.5pp (the run decides its paths; not with --paths or --shard).",
            HelpName = "PP",
        };
        var maxPaths = Cli.OptionalWholeNumber<int>("--max-paths", "The most paths a run to a precision may take (default 10,000,000).");
        var shard = new Option<string?>("--shard")
        {
            Description = "Run only shard I of N (I = 0..N-1: a fixed range of path blocks) and save its counts into --out for `simulate merge`.",
            HelpName = "I/N",
        };
        var command = new Command("run", """
            Run a study, or scenarios (the first is the baseline), and write tables, charts and the report.
            A study's analysis (what drives each target, when it is met) and goal seeks (what value of a
            lever gives a target a chance) run after it, on its paths.

            Examples:
              simulate run scenarios/standard.yaml                          into output/standard/
              simulate run my/base.yaml my/policy.yaml --out out/policy     two scenarios, paired differences
              simulate run scenarios/standard.yaml --paths 100000 --seed 7  more paths, another seed
              simulate run scenarios/standard.yaml --precision 0.5pp        as many paths as ±0.5 pp on every target needs
              simulate run scenarios/standard.yaml --paths 20000            a fixed count instead of the study's precision
              simulate run scenarios/standard.yaml --check output/standard  is the committed report current? (exit 5 if not)
            """)
        {
            files, outOption, paths, seed, threads, noProgress, check, lang, shard, precision, maxPaths, force,
        };
        command.SetAction(parse =>
        {
            (int, int)? shardValue = null;
            if (parse.GetValue(shard) is { } text)
            {
                if (ParseShard(text) is not { } parsed)
                {
                    context().Err.WriteLine($"simulate: --shard expects I/N with 0 ≤ I < N ≤ 100000, e.g. 0/4; found `{text}`");
                    return ExitCodes.Usage;
                }

                shardValue = parsed;
            }

            double? precisionValue = null;
            if (parse.GetValue(precision) is { } precisionText)
            {
                if (Loading.ModelMapper.ParsePrecision(precisionText) is not { } parsed)
                {
                    context().Err.WriteLine($"simulate: --precision expects a half-width in percentage points above 0 and below 50, such as 0.5pp; found `{precisionText}`");
                    return ExitCodes.Usage;
                }

                precisionValue = parsed;
            }

            return Run(context(), new Settings(
                parse.GetValue(files) ?? [], parse.GetValue(outOption), parse.GetValue(paths), parse.GetValue(seed), parse.GetValue(threads),
                parse.GetValue(noProgress), parse.GetValue(check), parse.GetValue(lang) ?? "en", shardValue, precisionValue, parse.GetValue(maxPaths),
                parse.GetValue(force)));
        });
        return command;
    }

    /// <summary>"I/N" with 0 ≤ I &lt; N ≤ 100,000, or null.</summary>
    internal static (int Index, int Count)? ParseShard(string text)
    {
        var parts = text.Split('/');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int i)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            && n is >= 1 and <= 100_000 && i < n
            ? (i, n)
            : null;
    }

    /// <summary>Runs; returns the exit code.</summary>
    public static int Run(CliContext context, Settings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Paths is < 1 or > 100_000_000)
        {
            context.Err.WriteLine("simulate: --paths must be between 1 and 100,000,000");
            return ExitCodes.Usage;
        }

        if (settings.Threads is < 0 or > 1024)
        {
            context.Err.WriteLine("simulate: --threads must be between 0 (one per core) and 1024");
            return ExitCodes.Usage;
        }

        if (UnknownOption(context, settings.Files, ["--out", "--paths", "--seed", "--threads", "--no-progress", "--check", "--lang", "--precision", "--max-paths", "--shard", "--force", "--help"]))
        {
            return ExitCodes.Usage;
        }

        if (settings.Paths is not null && settings.Precision is not null)
        {
            context.Err.WriteLine("simulate: give --paths or --precision, not both: a run to a precision decides its own paths");
            return ExitCodes.Usage;
        }

        if (settings.MaxPaths is not null && settings.Paths is not null)
        {
            context.Err.WriteLine("simulate: --max-paths bounds a run to a precision; with --paths the run takes exactly that many");
            return ExitCodes.Usage;
        }

        if (settings.MaxPaths is < 1 or > 100_000_000)
        {
            context.Err.WriteLine("simulate: --max-paths must be between 1 and 100,000,000");
            return ExitCodes.Usage;
        }

        // A file where the report's folder should be is found only when the report is written: say so before a long run.
        if (FileAsFolder(context, "--out", settings.Out) || FileAsFolder(context, "--check", settings.Check))
        {
            return ExitCodes.InputOutput;
        }

        var clock = Stopwatch.StartNew();
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        var loader = HashingLoader(hashes);

        var studies = new List<Study>();
        var scenarios = new List<(LoadedScenario Loaded, string File)>();
        foreach (string file in settings.Files)
        {
            var result = loader.Load(file);
            if (result.Status == LoadStatus.IoError)
            {
                context.Err.WriteLine($"simulate: {result.IoError}");
                return ExitCodes.InputOutput;
            }

            if (!result.IsValid)
            {
                context.WriteDiagnostics(result, file);
                context.Err.WriteLine("simulate: invalid input: fix the problems above");
                return ExitCodes.InvalidInput;
            }

            if (result.Study is { } study)
            {
                studies.Add(study);
            }
            else if (result.Scenario is { } scenario)
            {
                scenarios.Add((scenario, file));
            }
            else
            {
                context.Err.WriteLine($"simulate: {file} is a dataset: run a scenario or a study that uses it");
                return ExitCodes.Usage;
            }
        }

        if (studies.Count > 0 && scenarios.Count > 0)
        {
            context.Err.WriteLine("simulate: give either studies or scenarios, not both");
            return ExitCodes.Usage;
        }

        if (scenarios.Count > 0)
        {
            var first = scenarios[0].Loaded;
            if (scenarios.GroupBy(s => s.Loaded.Scenario.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } same)
            {
                context.Err.WriteLine($"simulate: {string.Join(" and ", same.Select(s => $"`{s.File}`"))} have the same id `{same.Key}`: " +
                    "each scenario of a run needs its own id, which names its rows in the report");
                return ExitCodes.InvalidInput;
            }

            var all = scenarios.Select(s => s.Loaded.Scenario).ToList();
            if (TargetGoals.Conflicts(all, 0) is [var conflict, ..])
            {
                context.Err.WriteLine($"simulate: {scenarios[conflict.Scenario].File}: {TargetGoals.Message(conflict, all)}");
                return ExitCodes.InvalidInput;
            }

            // A comparison is named by what it compares ("Baseline vs My policy"), not as its baseline alone.
            studies.Add(new Study(AdHocStudyId([.. scenarios.Select(s => s.Loaded.Scenario.Id)]), string.Join(" vs ", scenarios.Select(s => s.Loaded.Scenario.Name)), first.Scenario.Description,
                scenarios.Select(s => new StudyScenario(s.Loaded.Scenario, [])).ToImmutableArray(), first.Scenario.Id, first.Options,
                AnalysisMapper.Default(first.Scenario)));
        }

        double loadSeconds = clock.Elapsed.TotalSeconds;
        string root = RepositoryRoot(context.CurrentDirectory);
        var mode = RunProgressDisplay.Detect(settings.NoProgress);
        int worst = ExitCodes.Ok;
        foreach (var loaded in studies)
        {
            var study = loaded with
            {
                Options = loaded.Options with
                {
                    Paths = settings.Paths ?? loaded.Options.Paths,
                    Seed = settings.Seed ?? loaded.Options.Seed,
                    Threads = settings.Threads,

                    // --paths asks for a fixed run; --precision for a run to a precision.
                    Precision = settings.Paths is not null ? null : settings.Precision ?? loaded.Options.Precision,
                    MaxPaths = settings.MaxPaths ?? loaded.Options.MaxPaths,
                },
            };
            string? folder = settings.Check ?? settings.Out;
            string target = folder switch
            {
                null => Path.Combine(root, "output", study.Id),
                string o when studies.Count > 1 => Path.Combine(o, study.Id),
                string o => o,
            };
            int code = RunStudy(context, settings, study, target, root, hashes, mode, loadSeconds);
            worst = Math.Max(worst, code);
        }

        return worst;
    }

    /// <summary>
    /// Null when a study is expected to fit in memory (<see cref="Simulator.PeakBytes"/> within nine
    /// tenths of what is available); else why it is refused. Every scenario keeps its statistics for
    /// the whole run, so a grid of thousands of variants can need more memory than the machine has:
    /// better said before it starts than found by running out.
    /// </summary>
    internal static string? MemoryProblem(Study study, int threads, long availableBytes)
    {
        long peak = Simulator.PeakBytes(study, threads);
        if (peak <= availableBytes / 10 * 9)
        {
            return null;
        }

        long perScenario = study.Scenarios.Sum(s => ScenarioAccumulator.BytesFor(s.Scenario)) / study.Scenarios.Length;
        static string GiB(long bytes) => (bytes / (double)(1L << 30)).ToString("0.0", CultureInfo.InvariantCulture) + " GiB";
        return string.Create(CultureInfo.InvariantCulture,
            $"study `{study.Id}` is too large for this machine: its {study.Scenarios.Length:N0} scenarios would need about {GiB(peak)} of memory at their peak ({perScenario / (1024 * 1024.0):0.0} MiB of statistics a scenario), more than nine tenths of the {GiB(availableBytes)} available; run the sweep in parts (fewer values per study)");
    }

    private static int RunStudy(CliContext context, Settings settings, Study study, string target, string root,
        IReadOnlyDictionary<string, string> hashes, ProgressMode mode, double loadSeconds)
    {
        int threads = study.Options.Threads > 0 ? study.Options.Threads : Environment.ProcessorCount;
        if (settings.Check is null && ReportFolder.FileRefusal(target) is { } blocked)
        {
            context.Err.WriteLine($"simulate: {blocked}: {ReportFolder.FolderAdvice}");
            return ExitCodes.InputOutput;
        }

        // A shard's folder gathers shard files beside others: only a report's folder must hold nothing else.
        if (settings.Shard is null && settings.Check is null && ReportFolder.Refusal(target) is { } refusal)
        {
            context.Err.WriteLine("simulate: " + refusal);
            return ExitCodes.Usage;
        }

        if (settings.Shard is null && settings.Check is null && OtherReport(target, study) is { } other)
        {
            if (!settings.Force)
            {
                context.Err.WriteLine($"simulate: {target} holds the report of {other}, not of this run ({Describe(study.Id, [.. study.Scenarios.Select(s => s.Scenario.Id)])}); " +
                    "nothing was changed: give --out DIR for another folder, or --force to replace that report");
                return ExitCodes.Usage;
            }

            context.Err.WriteLine($"simulate: {target} holds the report of {other}; --force: this run replaces it when it finishes (until then, or if it is stopped, the old report stays)");
        }

        if (study.Options.Precision is null && study.Analysis is { } analysis && analysis.Paths != AnalysisOptions.DefaultPaths && analysis.Paths > study.Options.Paths && analysis.Scenarios.Length > 0)
        {
            context.Err.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"simulate: note: the analysis records the first {study.Options.Paths:N0} paths, all of this run's, not the {analysis.Paths:N0} the study asks for"));
        }

        if (MemoryProblem(study, threads, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes) is { } tooLarge)
        {
            context.Err.WriteLine("simulate: " + tooLarge);
            return ExitCodes.InvalidInput;
        }

        if (context.Logger.IsEnabled(LogLevel.Information))
        {
            context.Logger.LogInformation("Running {Study}: {Scenarios} scenarios × {Paths} paths, seed {Seed}, {Threads} threads",
                study.Id, study.Scenarios.Length, study.Options.Paths, study.Options.Seed, threads);
        }

        var clock = Stopwatch.StartNew();
        string title = study.Options.Precision is { } aim
            ? string.Create(CultureInfo.InvariantCulture, $"{study.Id}: {Reports.Numbers.Count(study.Scenarios.Length, "scenario")} to ±{aim * 100:0.###} pp (at most {study.Options.MaxPaths:N0} paths)")
            : $"{study.Id}: {Reports.Numbers.Count(study.Scenarios.Length, "scenario")} × {Reports.Numbers.Count(study.Options.Paths, "path")}";
        if (settings.Shard is { } shard)
        {
            if (settings.Check is not null)
            {
                context.Err.WriteLine("simulate: --shard and --check do not go together: check the merged report");
                return ExitCodes.Usage;
            }

            if (study.Options.Precision is { } p)
            {
                context.Err.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"simulate: shards need a fixed number of paths, and this run is to a precision (±{p * 100:0.###} pp), which decides its paths as it goes: give --paths N (a run to that precision reports the paths it took)"));
                return ExitCodes.Usage;
            }

            var (first, count) = Simulator.ShardBlocks(Simulator.BlockCount(study.Options), shard.Index, shard.Count);
            var counts = RunProgressDisplay.Run(mode, title + string.Create(CultureInfo.InvariantCulture, $", shard {shard.Index}/{shard.Count}"), context.Err,
                progress => Simulator.RunBlocks(study, first, count, progress, context.CancellationToken));
            var header = new ShardHeader(ShardFile.Version, EngineVersion, study.Id, Path.GetRelativePath(context.CurrentDirectory, Path.GetFullPath(settings.Files[0])).Replace('\\', '/'),
                RelativeHashes(hashes, root),
                study.Options.Seed, study.Options.Paths, study.Options.BlockSize, shard.Index, shard.Count, first, count, [.. study.Scenarios.Select(s => s.Scenario.Id)]);
            string file = Path.Combine(target, string.Create(CultureInfo.InvariantCulture, $"shard-{shard.Index:D5}-of-{shard.Count:D5}{ShardFile.Extension}"));
            try
            {
                Directory.CreateDirectory(target);
                string partial = file + ".partial";
                long firstPath = (long)first * study.Options.BlockSize, shardPaths = (long)count * study.Options.BlockSize;
                File.WriteAllBytes(partial, ShardFile.Write(header, [.. counts.Scenarios.Select(a => a.Export())],
                    [.. counts.Samples.Select(s => s is not null && firstPath < s.Paths ? s.Export(firstPath, shardPaths) : null)]));
                File.Move(partial, file, overwrite: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                context.Err.WriteLine($"simulate: {file}: cannot write ({ex.Message})");
                return ExitCodes.InputOutput;
            }

            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Path.GetRelativePath(context.CurrentDirectory, file)}: shard {shard.Index}/{shard.Count}, blocks {first}..{first + count - 1} in {clock.Elapsed.TotalSeconds:F1} s; join the shards with `simulate merge {Path.GetRelativePath(context.CurrentDirectory, target)} --out DIR`"));
            return ExitCodes.Ok;
        }

        PrecisionOutcome? reached = null;
        var accumulated = RunProgressDisplay.Run(mode, title, context.Err, progress =>
        {
            if (study.Options.Precision is null)
            {
                return Simulator.RunBlocks(study, 0, Simulator.BlockCount(study.Options), progress, context.CancellationToken);
            }

            var (counts, outcome) = Simulator.RunToPrecision(study, progress, context.CancellationToken);
            reached = outcome;
            return counts;
        });
        double simulateSeconds = clock.Elapsed.TotalSeconds;
        study = accumulated.Study;
        var result = Simulator.Backtest(Simulator.Finish(accumulated) with { Precision = reached }, context.CancellationToken);
        double analyseSeconds = clock.Elapsed.TotalSeconds - simulateSeconds;
        bool analysed = result.Scenarios.Any(s => s.Analysis is not null);
        var (sought, exit) = SeekGoals(context, mode, result);
        if (sought is null)
        {
            return exit;
        }

        double seekSeconds = clock.Elapsed.TotalSeconds - simulateSeconds - analyseSeconds;
        return WriteReport(context, settings, study, sought, target, root, hashes, threads,
            Stages(sought, new Dictionary<string, double> { ["load"] = loadSeconds, ["simulate"] = simulateSeconds, ["analyse"] = analyseSeconds }, seekSeconds),
            string.Create(CultureInfo.InvariantCulture, $"simulated in {simulateSeconds:F1} s") + AnalyseText(analysed, result.Backtest is not null, analyseSeconds) + SeekText(sought, seekSeconds));
    }

    /// <summary>", recorded paths analysed and the backtest scored in S s" (either part alone), or empty when neither ran.</summary>
    private static string AnalyseText(bool analysed, bool backtested, double seconds)
    {
        string[] done = [.. new[] { analysed ? "recorded paths analysed" : null, backtested ? "the backtest scored" : null }.OfType<string>()];
        return done.Length == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $", {string.Join(" and ", done)} in {seconds:F1} s");
    }

    /// <summary>The timings run.json records: <paramref name="stages"/>, and a "seek" stage when the study has goal seeks.</summary>
    internal static Dictionary<string, double> Stages(StudyResult result, Dictionary<string, double> stages, double seekSeconds)
    {
        if (!result.GoalSeeks.IsEmpty)
        {
            stages["seek"] = seekSeconds;
        }

        return stages;
    }

    /// <summary>", N goals sought in S s" for a run with goal seeks; else empty.</summary>
    internal static string SeekText(StudyResult result, double seconds) => result.GoalSeeks.IsEmpty
        ? string.Empty
        : string.Create(CultureInfo.InvariantCulture,
            $", {Reports.Numbers.Count(result.GoalSeeks.Length, "goal")} sought in {Reports.Numbers.Count(result.GoalSeeks.Sum(g => g.Evaluations.Length), "run")} of the scenario ({seconds:F1} s)");

    /// <summary>
    /// Runs the study's goal seeks on the paths of its run (<see cref="Simulator.SeekGoals"/>), showing
    /// progress against the most evaluations they may take; the result with their answers, or null and
    /// the exit code when a value tried makes a scenario invalid.
    /// </summary>
    internal static (StudyResult? Result, int Exit) SeekGoals(CliContext context, ProgressMode mode, StudyResult result)
    {
        var study = result.Study;
        if (study.GoalSeeks.IsEmpty)
        {
            return (result, ExitCodes.Ok);
        }

        long paths = result.Scenarios[0].Paths;
        long most = study.GoalSeeks.Sum(GoalSeeker.MostEvaluations) * paths;
        try
        {
            return (RunProgressDisplay.Run(mode, $"{study.Id}: {Reports.Numbers.Count(study.GoalSeeks.Length, "goal seek")}", context.Err, progress =>
                Simulator.SeekGoals(result, progress is null ? null : new Relay<int>(n => progress.Report(new RunProgress(n * paths, most, AtMost: true))), context.CancellationToken)),
                ExitCodes.Ok);
        }
        catch (GoalSeekValueException ex)
        {
            context.Err.WriteLine(ex.Diagnostic.Format(f => Path.GetRelativePath(context.CurrentDirectory, f).Replace('\\', '/')));
            return (null, ExitCodes.InvalidInput);
        }
    }

    /// <summary>Progress that forwards every report on the calling thread.</summary>
    private sealed class Relay<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    /// <summary>
    /// The id of an ad-hoc study of scenario files, which names its report folder: the scenario's id for
    /// one file, else the ids joined by "-vs-" (baseline first), so that comparing another policy with
    /// the same baseline gets its own folder; past 80 characters, the baseline's id, the count and a
    /// short hash of all the ids.
    /// </summary>
    internal static string AdHocStudyId(IReadOnlyList<string> scenarioIds)
    {
        string joined = string.Join("-vs-", scenarioIds);
        if (joined.Length <= 80)
        {
            return joined;
        }

        string hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', scenarioIds))))[..8];
        return string.Create(CultureInfo.InvariantCulture, $"{scenarioIds[0]}-vs-{scenarioIds.Count - 1}-scenarios-{hash}");
    }

    /// <summary>"study `x` (scenarios a, b)", or null when <paramref name="target"/> holds no report, or one of the same study and scenarios.</summary>
    internal static string? OtherReport(string target, Study study)
    {
        string manifest = Path.Combine(target, "run.json");
        string[] ids = [.. study.Scenarios.Select(s => s.Scenario.Id)];
        try
        {
            if (!File.Exists(manifest) || System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(manifest)) is not System.Text.Json.Nodes.JsonObject json)
            {
                return null;
            }

            string? id = (string?)json["study"];
            string[] scenarios = json["scenarios"] is System.Text.Json.Nodes.JsonArray list ? [.. list.Select(n => (string?)n ?? "")] : [];
            return id == study.Id && scenarios.SequenceEqual(ids, StringComparer.Ordinal) ? null : Describe(id ?? "?", scenarios);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or InvalidOperationException)
        {
            // A run.json that cannot be read is no evidence of another study: ReportFolder.Refusal judges the folder.
            return null;
        }
    }

    private static string Describe(string studyId, string[] scenarios) =>
        $"study `{studyId}` ({Reports.Numbers.Count(scenarios.Length, "scenario")}: {string.Join(", ", scenarios.Take(6))}{(scenarios.Length > 6 ? ", …" : "")})";

    /// <summary>The engine's version, as run.json and shard files record it.</summary>
    internal static string EngineVersion =>
        typeof(Simulator).Assembly.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>Writes (or with --check, compares) the report of a finished run.</summary>
    internal static int WriteReport(CliContext context, Settings settings, Study study, StudyResult result, string target, string root,
        IReadOnlyDictionary<string, string> hashes, int? threads, IReadOnlyDictionary<string, double> stageSeconds, string howMade)
    {
        var clock = Stopwatch.StartNew();
        ReportFolder report;
        bool replaced = settings.Check is null && File.Exists(Path.Combine(target, "run.json"));
        try
        {
            // A check regenerates into the system's temporary folder, so a read-only checkout can be checked.
            report = ReportFolder.Create(settings.Check is null ? target : Path.Combine(Path.GetTempPath(), "simulate-check-" + Guid.NewGuid().ToString("N"), study.Id));
        }
        catch (IOException ex)
        {
            context.Err.WriteLine($"simulate: {ex.Message}");
            return ExitCodes.InputOutput;
        }

        using (report)
        {
            try
            {
                var notes = StudyReport.Write(result, report, new StudyReport.Options(settings.Lang), context.CancellationToken);
                foreach (string note in notes)
                {
                    context.Logger.LogWarning("{Note}", note);
                }

                double writeSeconds = clock.Elapsed.TotalSeconds;
                report.WriteText("run.json", RunManifest.Render(study, hashes, root, threads,
                    new Dictionary<string, double>(stageSeconds) { ["report"] = writeSeconds }));

                if (settings.Check is not null)
                {
                    string committed = target;
                    var problems = ReportComparer.Compare(report.Staging, committed);
                    if (problems.Count > 0)
                    {
                        string again = string.Join(' ', settings.Files)
                            + (settings.Paths is { } p ? string.Create(CultureInfo.InvariantCulture, $" --paths {p}") : string.Empty)
                            + (settings.Seed is { } s ? string.Create(CultureInfo.InvariantCulture, $" --seed {s}") : string.Empty)
                            + (settings.Precision is { } aim ? string.Create(CultureInfo.InvariantCulture, $" --precision {aim * 100:0.######}pp") : string.Empty)
                            + (settings.MaxPaths is { } most ? string.Create(CultureInfo.InvariantCulture, $" --max-paths {most}") : string.Empty);
                        context.Err.WriteLine($"simulate: the report in {committed} is stale; regenerate it with `simulate run {again} --out {settings.Check}`:");
                        foreach (string problem in problems)
                        {
                            context.Err.WriteLine($"  {problem}");
                        }

                        return ExitCodes.Stale;
                    }

                    context.Out.WriteLine($"{committed}: up to date ({Reports.Numbers.Count(study.Scenarios.Length, "scenario")}, {Reports.Numbers.Count(study.Options.Paths, "path")}, seed {study.Options.Seed.ToString(CultureInfo.InvariantCulture)})");
                    return ExitCodes.Ok;
                }

                context.CancellationToken.ThrowIfCancellationRequested();
                if (replaced)
                {
                    // The old folder goes whole: say which of its files the new report does not rewrite.
                    var others = Directory.EnumerateFiles(target, "*", SearchOption.AllDirectories)
                        .Select(f => Path.GetRelativePath(target, f))
                        .Where(f => !File.Exists(Path.Combine(report.Staging, f)))
                        .Order(StringComparer.Ordinal)
                        .ToList();
                    if (others.Count > 0)
                    {
                        context.Err.WriteLine($"simulate: replacing the report in {target} also removes {Reports.Numbers.Count(others.Count, "file")} it did not write: " +
                            string.Join(", ", others.Take(5)) + (others.Count > 5 ? ", …" : ""));
                    }
                }

                report.Commit();
            }
            catch (IOException ex)
            {
                context.Err.WriteLine($"simulate: {ex.Message}");
                return ExitCodes.InputOutput;
            }
        }

        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Path.GetRelativePath(context.CurrentDirectory, target)}/report.md{(replaced ? " (replacing the report that was there)" : "")}: {Reports.Numbers.Count(study.Scenarios.Length, "scenario")} × {Reports.Numbers.Count(study.Options.Paths, "path")} {howMade}, {clock.Elapsed.TotalSeconds + stageSeconds.Values.Sum():F1} s in all"));
        if (result.Precision is { } precision)
        {
            (precision.StoppedAtMaximum ? context.Err : context.Out).WriteLine(StudyReport.PrecisionLine(precision));
        }

        foreach (var line in BacktestReport.Headline(result).Concat(StudyReport.Headline(result)).Concat(GoalSeekReport.Headline(result)))
        {
            context.Out.WriteLine(line);
        }

        return ExitCodes.Ok;
    }

    /// <summary>
    /// True (said on the error writer) when <paramref name="folder"/>, given with <paramref name="option"/>,
    /// is a file or lies under one, so no report folder can be there; false when it is absent or can be a folder.
    /// </summary>
    internal static bool FileAsFolder(CliContext context, string option, string? folder)
    {
        if (folder is null || ReportFolder.FileRefusal(folder) is not { } refusal)
        {
            return false;
        }

        context.Err.WriteLine(option == "--check"
            ? $"simulate: --check {refusal}: --check compares with the folder of a report, such as output/standard"
            : $"simulate: {option} {refusal}: {ReportFolder.FolderAdvice}");
        return true;
    }

    /// <summary>
    /// A FILE argument that looks like an option the command does not have (System.CommandLine takes it
    /// as a file name): report it as misuse with a suggestion instead of "no such file".
    /// </summary>
    internal static bool UnknownOption(CliContext context, IEnumerable<string> files, IReadOnlyList<string> options)
    {
        foreach (string file in files)
        {
            if (file.StartsWith('-') && !File.Exists(file))
            {
                string? closest = Loading.Suggestions.Closest(file, options);
                context.Err.WriteLine(closest is null
                    ? $"simulate: unknown option `{file}` (see `simulate --help`)"
                    : $"simulate: unknown option `{file}`; did you mean `{closest}`?");
                return true;
            }
        }

        return false;
    }

    /// <summary>A loader that records the SHA-256 of every file it reads (full path → hex), for run.json and shard headers.</summary>
    internal static ScenarioLoader HashingLoader(Dictionary<string, string> hashes) => new(path =>
    {
        byte[] bytes = File.ReadAllBytes(path);
        hashes[path] = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return bytes;
    });

    /// <summary>Input hashes keyed by path relative to the repository root, with '/' separators, in ordinal order.</summary>
    internal static SortedDictionary<string, string> RelativeHashes(IReadOnlyDictionary<string, string> hashes, string root) =>
        new(hashes.ToDictionary(kv => Path.GetRelativePath(root, kv.Key).Replace('\\', '/'), kv => kv.Value, StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>The folder holding Simulation.sln above <paramref name="start"/>, else <paramref name="start"/>.</summary>
    internal static string RepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Simulation.sln")))
            {
                return dir.FullName;
            }
        }

        return start;
    }
}

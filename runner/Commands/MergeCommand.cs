using System.CommandLine;
using System.Globalization;
using Simulation.Engine;
using Simulation.Engine.Analysis;
using Simulation.Engine.Statistics;
using Simulation.Runner.Loading;
using Simulation.Runner.Output;

namespace Simulation.Runner.Commands;

/// <summary>
/// <c>simulate merge DIR... --out DIR</c>: joins the shard files of one run (<c>run --shard I/N</c>)
/// into exactly the report a single run writes. Refuses shards of different inputs, seeds, paths,
/// block sizes or engine versions, and a set with missing or duplicate shards.
/// </summary>
public static class MergeCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(Func<CliContext> context)
    {
        var dirs = new Argument<string[]>("DIR") { Description = "Folders (or files) holding the shard files of one run.", Arity = ArgumentArity.OneOrMore };
        var outOption = new Option<string?>("--out") { Description = "Report folder (default: output/<study id>); a report replaces it whole, and a folder of other files is refused.", HelpName = "DIR" };
        var study = new Option<string?>("--study") { Description = "The study file, if not where the shards were run from.", HelpName = "FILE" };
        var lang = new Option<string>("--lang") { Description = "Language of cluster names in charts: en or zh.", DefaultValueFactory = _ => "en" };
        lang.AcceptOnlyFromAmong("en", "zh");
        var command = new Command("merge", """
            Join the shards of a run into the report a single run would write (its goal seeks run then,
            on the merged paths). Shards need a fixed path count: run them with --paths.

            Example:
              simulate run scenarios/standard.yaml --paths 200000 --shard 0/4 --out shards    (and 1/4, 2/4, 3/4, anywhere)
              simulate merge shards --out output/standard
            """)
        {
            dirs, outOption, study, lang,
        };
        command.SetAction(parse => Run(context(), parse.GetValue(dirs) ?? [], parse.GetValue(outOption), parse.GetValue(study), parse.GetValue(lang) ?? "en"));
        return command;
    }

    /// <summary>Merges; returns the exit code.</summary>
    public static int Run(CliContext context, IReadOnlyList<string> folders, string? outDir, string? studyFile, string lang)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(folders);
        if (RunCommand.UnknownOption(context, folders, ["--out", "--study", "--lang", "--help"]))
        {
            return ExitCodes.Usage;
        }

        if (RunCommand.FileAsFolder(context, "--out", outDir))
        {
            return ExitCodes.InputOutput;
        }

        var files = new List<string>();
        foreach (string folder in folders)
        {
            if (File.Exists(folder))
            {
                files.Add(folder);
            }
            else if (Directory.Exists(folder))
            {
                files.AddRange(Directory.EnumerateFiles(folder, "*" + ShardFile.Extension).Order(StringComparer.Ordinal));
            }
            else
            {
                context.Err.WriteLine($"simulate: cannot read `{folder}`: no such file or folder");
                return ExitCodes.InputOutput;
            }
        }

        if (files.Count == 0)
        {
            context.Err.WriteLine($"simulate: no {ShardFile.Extension} files in {string.Join(", ", folders)}; write them with `simulate run FILE --shard I/N --out DIR`");
            return ExitCodes.InputOutput;
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var shards = new List<(string File, ShardHeader Header, IReadOnlyList<AccumulatorState> States, IReadOnlyList<SampleRows?> Rows)>();
        foreach (string file in files)
        {
            try
            {
                var (header, states, rows) = ShardFile.Read(file);
                shards.Add((file, header, states, rows));
            }
            catch (InvalidDataException ex)
            {
                context.Err.WriteLine($"simulate: {ex.Message}");
                return ExitCodes.InvalidInput;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                context.Err.WriteLine($"simulate: {file}: cannot read ({ex.Message})");
                return ExitCodes.InputOutput;
            }
        }

        if (Mismatch(shards.Select(s => (s.File, s.Header)).ToList()) is { } problem)
        {
            context.Err.WriteLine($"simulate: {problem}");
            return ExitCodes.InvalidInput;
        }

        var first = shards[0].Header;
        string path = studyFile ?? first.StudyFile;
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        var loaded = RunCommand.HashingLoader(hashes).Load(path);
        if (loaded.Status == LoadStatus.IoError)
        {
            context.Err.WriteLine($"simulate: {loaded.IoError} (the study the shards were run from; name it with --study FILE)");
            return ExitCodes.InputOutput;
        }

        if (loaded.Study is not { } study)
        {
            context.WriteDiagnostics(loaded, path);
            context.Err.WriteLine($"simulate: {path} is not a valid study");
            return ExitCodes.InvalidInput;
        }

        string root = RunCommand.RepositoryRoot(context.CurrentDirectory);
        var current = RunCommand.RelativeHashes(hashes, root);
        var changed = first.Inputs.Where(kv => !current.TryGetValue(kv.Key, out string? h) || h != kv.Value).Select(kv => kv.Key)
            .Concat(current.Keys.Where(k => !first.Inputs.ContainsKey(k))).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (changed.Count > 0 || study.Id != first.Study)
        {
            context.Err.WriteLine($"simulate: the inputs differ from those the shards were run with ({string.Join(", ", changed.DefaultIfEmpty(study.Id))}); rerun the shards");
            return ExitCodes.InvalidInput;
        }

        study = study with { Options = study.Options with { Paths = first.Paths, Seed = first.Seed, BlockSize = first.BlockSize, Precision = null } };
        StudyAccumulator? merged = null;
        try
        {
            foreach (var shard in shards)
            {
                var part = StudyAccumulator.Import(study, shard.States, shard.Rows);
                if (merged is null)
                {
                    merged = part;
                }
                else
                {
                    merged.Merge(part);
                }
            }
        }
        catch (ArgumentException ex)
        {
            context.Err.WriteLine($"simulate: the shards do not fit the study: {ex.Message}");
            return ExitCodes.InvalidInput;
        }

        string target = outDir ?? Path.Combine(root, "output", study.Id);
        if (ReportFolder.FileRefusal(target) is { } blocked)
        {
            context.Err.WriteLine($"simulate: {blocked}: {ReportFolder.FolderAdvice}");
            return ExitCodes.InputOutput;
        }

        if (ReportFolder.Refusal(target) is { } refusal)
        {
            context.Err.WriteLine("simulate: " + refusal);
            return ExitCodes.Usage;
        }

        // Goal seeks run here, on the merged run's paths: they need its probabilities first.
        double mergeSeconds = clock.Elapsed.TotalSeconds;
        var (result, exit) = RunCommand.SeekGoals(context, RunProgressDisplay.Detect(disabled: false), Simulator.Backtest(Simulator.Finish(merged!), context.CancellationToken));
        if (result is null)
        {
            return exit;
        }

        var settings = new RunCommand.Settings([path], outDir, first.Paths, first.Seed, 0, true, null, lang);
        // Each shard ran on its own machine and thread count: the manifest says so with null threads.
        return RunCommand.WriteReport(context, settings, study, result, target, root, hashes, null,
            RunCommand.Stages(result, new Dictionary<string, double> { ["merge"] = mergeSeconds }, clock.Elapsed.TotalSeconds - mergeSeconds),
            string.Create(CultureInfo.InvariantCulture, $"merged from {Reports.Numbers.Count(shards.Count, "shard")} in {mergeSeconds:F1} s")
                + RunCommand.SeekText(result, clock.Elapsed.TotalSeconds - mergeSeconds));
    }

    /// <summary>Why these shards cannot be merged, or null when they form one complete run.</summary>
    internal static string? Mismatch(IReadOnlyList<(string File, ShardHeader Header)> shards)
    {
        var (firstFile, first) = shards[0];
        foreach (var (file, h) in shards.Skip(1))
        {
            string? differs =
                h.EngineVersion != first.EngineVersion ? $"engine {h.EngineVersion} vs {first.EngineVersion}"
                : h.Study != first.Study ? $"study `{h.Study}` vs `{first.Study}`"
                : h.Seed != first.Seed ? string.Create(CultureInfo.InvariantCulture, $"seed {h.Seed} vs {first.Seed}")
                : h.Paths != first.Paths ? string.Create(CultureInfo.InvariantCulture, $"{h.Paths} paths vs {first.Paths}")
                : h.BlockSize != first.BlockSize ? string.Create(CultureInfo.InvariantCulture, $"block size {h.BlockSize} vs {first.BlockSize}")
                : h.Shards != first.Shards ? string.Create(CultureInfo.InvariantCulture, $"{h.Shards} shards vs {first.Shards}")
                : !h.Inputs.SequenceEqual(first.Inputs) ? "different input files (SHA-256)"
                : !h.Scenarios.SequenceEqual(first.Scenarios) ? "different scenarios"
                : null;
            if (differs is not null)
            {
                return $"{file} and {firstFile} belong to different runs ({differs}): only shards of one run merge";
            }
        }

        int totalBlocks = (int)((first.Paths + (long)first.BlockSize - 1) / first.BlockSize);
        var seen = new HashSet<int>();
        foreach (var (file, h) in shards)
        {
            if (!seen.Add(h.Shard))
            {
                return string.Create(CultureInfo.InvariantCulture, $"shard {h.Shard}/{h.Shards} appears twice ({file})");
            }

            if ((h.FirstBlock, h.BlockCount) != Simulator.ShardBlocks(totalBlocks, h.Shard, h.Shards))
            {
                return $"{file}: its blocks do not match shard {h.Shard}/{h.Shards} of this run";
            }
        }

        var missing = Enumerable.Range(0, first.Shards).Where(i => !seen.Contains(i)).ToList();
        return missing.Count == 0 ? null
            : string.Create(CultureInfo.InvariantCulture, $"missing shard(s) {string.Join(", ", missing.Take(10))} of {first.Shards}");
    }
}

using System.Text.Json;
using Simulation.Engine.Model;

namespace Simulation.Runner.Output;

/// <summary>
/// run.json: how a report was made — seed, paths, threads (null for a merge of shards, each run
/// with its own), the SHA-256 of every input file, the engine's release and build, and the seconds each
/// stage took. <c>--check</c> compares all of it but the timings, threads, runtime and build
/// (<see cref="ReportComparer.RunJsonVolatileKeys"/>): those may differ between runs of the same inputs.
/// </summary>
internal static class RunManifest
{
    /// <summary>The manifest's JSON text.</summary>
    public static string Render(Study study, IReadOnlyDictionary<string, string> inputHashes, string repositoryRoot, int? threads,
        IReadOnlyDictionary<string, double> timingsSeconds)
    {
        var manifest = new Dictionary<string, object?>
        {
            ["format"] = "simulation-run",
            ["format_version"] = 1,
            ["study"] = study.Id,
            ["baseline"] = study.BaselineId,
            ["seed"] = study.Options.Seed,
            ["paths"] = study.Options.Paths,
            ["precision_pp"] = study.Options.Precision is { } p ? Math.Round(p * 100, 6) : null,
            ["max_paths"] = study.Options.Precision is null ? null : study.Options.MaxPaths,
            ["block_size"] = study.Options.BlockSize,
            ["threads"] = threads,
            ["scenarios"] = study.Scenarios.Select(s => s.Scenario.Id).ToArray(),
            // The release (compared by --check) and the build's commit (not compared: a report committed
            // with the code cannot hold the commit that holds it).
            ["engine_version"] = Commands.RunCommand.EngineVersion.Split('+')[0],
            ["engine_build"] = Commands.RunCommand.EngineVersion,
            ["runtime"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            ["inputs"] = Commands.RunCommand.RelativeHashes(inputHashes, repositoryRoot).ToDictionary(kv => kv.Key, kv => "sha256:" + kv.Value, StringComparer.Ordinal),
            ["timings_seconds"] = timingsSeconds.ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value, 3), StringComparer.Ordinal),
        };
        return JsonSerializer.Serialize(manifest, Options) + "\n";
    }

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}

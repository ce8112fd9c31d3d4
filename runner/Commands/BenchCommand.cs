using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics;
using Simulation.Engine;
using Simulation.Runner.Loading;

namespace Simulation.Runner.Commands;

/// <summary>
/// <c>simulate bench</c>: times the engine on the standard study's baseline scenario, statistics
/// included, and prints the median throughput in cluster-years per second (paths × clusters ×
/// simulated years ÷ wall seconds), the threads, the CPU's vector width and the peak memory.
/// </summary>
public static class BenchCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(Func<CliContext> context)
    {
        var paths = Cli.WholeNumber<int>("--paths", "Paths per timed run.");
        paths.DefaultValueFactory = _ => 100_000;
        var threads = Cli.WholeNumber<int>("--threads", "Worker threads; 0 = one per core.");
        var repeat = Cli.WholeNumber<int>("--repeat", "Timed runs; the median is reported.");
        repeat.DefaultValueFactory = _ => 5;
        var file = new Option<string?>("--study") { Description = "Study whose scenario is timed (default: scenarios/standard.yaml).", HelpName = "FILE" };
        var scenarioId = new Option<string?>("--scenario") { Description = "Scenario of the study to time (default: its baseline).", HelpName = "ID" };
        var command = new Command("bench", "Time the engine on the standard study's baseline: cluster-years per second.") { paths, threads, repeat, file, scenarioId };
        command.SetAction(parse => Run(context(), parse.GetValue(file), parse.GetValue(paths), parse.GetValue(threads), parse.GetValue(repeat), parse.GetValue(scenarioId)));
        return command;
    }

    /// <summary>Runs the benchmark; returns the exit code.</summary>
    public static int Run(CliContext context, string? studyFile, int paths, int threads, int repeat, string? scenarioId = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (paths < 1 || repeat < 1 || threads < 0)
        {
            context.Err.WriteLine("simulate: --paths and --repeat must be at least 1, --threads at least 0");
            return ExitCodes.Usage;
        }

        string? path = studyFile ?? StandardStudyCommand.Find(context.CurrentDirectory, AppContext.BaseDirectory);
        if (path is null)
        {
            context.Err.WriteLine("simulate: cannot find scenarios/standard.yaml; name a study with --study FILE");
            return ExitCodes.InputOutput;
        }

        var loaded = new ScenarioLoader().Load(path);
        if (loaded.Status == LoadStatus.IoError)
        {
            context.Err.WriteLine($"simulate: {loaded.IoError}");
            return ExitCodes.InputOutput;
        }

        if (loaded.Study is not { } study)
        {
            context.WriteDiagnostics(loaded, path);
            context.Err.WriteLine($"simulate: {path} is not a valid study");
            return ExitCodes.InvalidInput;
        }

        string id = scenarioId ?? study.BaselineId;
        if (study.Scenarios.FirstOrDefault(s => s.Scenario.Id == id)?.Scenario is not { } scenario)
        {
            context.Err.WriteLine($"simulate: the study has no scenario `{id}`{Suggestions.DidYouMean(id, study.Scenarios.Select(s => s.Scenario.Id))}");
            return ExitCodes.Usage;
        }

        var options = study.Options with { Paths = paths, Threads = threads };
        int used = threads > 0 ? threads : Environment.ProcessorCount;
        double cellsPerPath = (double)scenario.Dataset.Clusters.Length * scenario.Years;

        // Warm-up: JIT tiering and caches.
        Simulator.Run(scenario, options with { Paths = Math.Min(paths, 20_000) }, null, context.CancellationToken);
        var rates = new List<double>();
        for (int i = 0; i < repeat; i++)
        {
            var clock = Stopwatch.StartNew();
            Simulator.Run(scenario, options, null, context.CancellationToken);
            double seconds = clock.Elapsed.TotalSeconds;
            rates.Add(paths * cellsPerPath / seconds);
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {i + 1}: {seconds:F3} s, {paths * cellsPerPath / seconds / 1e6:F1} M cluster-years/s"));
        }

        rates.Sort();
        double median = rates.Count % 2 == 1 ? rates[rates.Count / 2] : (rates[(rates.Count / 2) - 1] + rates[rates.Count / 2]) / 2;
        string width = Vector512.IsHardwareAccelerated ? "512-bit (AVX-512)" : Vector256.IsHardwareAccelerated ? "256-bit (AVX2)" : Vector128.IsHardwareAccelerated ? "128-bit" : "scalar";
        var o = context.Out;
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"scenario: {scenario.Id} ({scenario.Dataset.Clusters.Length} clusters × {scenario.Years} years, {paths:N0} paths, median of {repeat})"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"throughput: {median:F0} cluster-years/s"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"threads: {used}"));
        o.WriteLine($"vector width: {width}");
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak memory: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0):F0} MiB"));
        return ExitCodes.Ok;
    }
}

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
        var breakdown = new Option<bool>("--breakdown")
        {
            Description = "Also time the scenario without each lever and without its events, and as its core alone, in alternating rounds; print each part's cost.",
        };
        var command = new Command("bench", "Time the engine on the standard study's baseline: cluster-years per second.") { paths, threads, repeat, file, scenarioId, breakdown };
        command.SetAction(parse => Run(context(), parse.GetValue(file), parse.GetValue(paths), parse.GetValue(threads), parse.GetValue(repeat), parse.GetValue(scenarioId), parse.GetValue(breakdown)));
        return command;
    }

    /// <summary>Runs the benchmark; returns the exit code.</summary>
    public static int Run(CliContext context, string? studyFile, int paths, int threads, int repeat, string? scenarioId = null, bool breakdown = false)
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

        // Every variant is timed once per round, so a minute when the machine is busy slows them all alike.
        var variants = breakdown ? BenchBreakdown.Variants(scenario) : [new BenchBreakdown.Variant(null, "everything", scenario)];
        var seconds = variants.Select(_ => new List<double>()).ToArray();

        // Warm-up: JIT and caches.
        foreach (var variant in variants)
        {
            Simulator.Run(variant.Scenario, options with { Paths = Math.Min(paths, 20_000) }, null, context.CancellationToken);
        }

        for (int i = 0; i < repeat; i++)
        {
            for (int v = 0; v < variants.Length; v++)
            {
                var clock = Stopwatch.StartNew();
                Simulator.Run(variants[v].Scenario, options, null, context.CancellationToken);
                double elapsed = clock.Elapsed.TotalSeconds;
                seconds[v].Add(elapsed);
                string label = breakdown ? $" ({variants[v].Label})" : string.Empty;
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {i + 1}{label}: {elapsed:F3} s, {paths * cellsPerPath / elapsed / 1e6:F1} M cluster-years/s"));
            }
        }

        var medians = seconds.Select(Median).ToArray();
        double median = paths * cellsPerPath / medians[0];
        string width = Vector512.IsHardwareAccelerated ? "512-bit (AVX-512)" : Vector256.IsHardwareAccelerated ? "256-bit (AVX2)" : Vector128.IsHardwareAccelerated ? "128-bit" : "scalar";
        var o = context.Out;
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"scenario: {scenario.Id} ({scenario.Dataset.Clusters.Length} clusters × {scenario.Years} years, {paths:N0} paths, median of {repeat})"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"throughput: {median:F0} cluster-years/s"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"threads: {used}"));
        o.WriteLine($"vector width: {width}");
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak memory: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0):F0} MiB"));
        if (breakdown)
        {
            // One thread's nanoseconds per cluster-year: comparable across thread counts and study sizes.
            double NsPerCell(double s) => s * used / (paths * cellsPerPath) * 1e9;
            o.WriteLine();
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"where the time goes (medians of {repeat} alternating rounds; ns = one thread's nanoseconds per cluster-year):"));
            o.WriteLine($"  {"run",-32} {"M cluster-years/s",17} {"ns",7}");
            for (int v = 0; v < variants.Length; v++)
            {
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {variants[v].Label,-32} {paths * cellsPerPath / medians[v] / 1e6,17:F1} {NsPerCell(medians[v]),7:F2}"));
            }

            o.WriteLine();
            o.WriteLine($"  {"part (the run less the run without it)",-40} {"ns",7} {"share",6}");
            foreach (var cost in BenchBreakdown.Costs(variants, medians))
            {
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {cost.Part,-40} {NsPerCell(cost.Seconds),7:F2} {cost.Share * 100,5:F0}%"));
            }

            o.WriteLine("  (interplay: the whole run less the core and the parts; work the parts share, such as a cell that two levers add capacity to, is done once)");
        }

        return ExitCodes.Ok;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}

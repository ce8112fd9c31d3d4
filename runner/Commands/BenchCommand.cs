using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics;
using Simulation.Engine;
using Simulation.Engine.Analysis;
using Simulation.Engine.Model;
using Simulation.Runner.Loading;

namespace Simulation.Runner.Commands;

/// <summary>
/// <c>simulate bench</c>: times the engine on the standard study's baseline scenario, statistics
/// included, and prints the median throughput in cluster-years per second (paths × clusters ×
/// simulated years ÷ wall seconds), the threads, the CPU's vector width and the peak memory.
/// </summary>
public static class BenchCommand
{
    /// <summary>The label of the run that records the analysis sample.</summary>
    private const string Recording = "recording the analysis sample";

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
        var record = new Option<bool>("--record")
        {
            Description = "Also time the run while it records the analysis sample (the first 20,000 paths, as a study does by default), in alternating rounds, and the analysis of that sample.",
        };
        var command = new Command("bench", "Time the engine on the standard study's baseline: cluster-years per second.") { paths, threads, repeat, file, scenarioId, breakdown, record };
        command.SetAction(parse => Run(context(), parse.GetValue(file), parse.GetValue(paths), parse.GetValue(threads), parse.GetValue(repeat), parse.GetValue(scenarioId),
            parse.GetValue(breakdown), parse.GetValue(record)));
        return command;
    }

    /// <summary>Runs the benchmark; returns the exit code.</summary>
    public static int Run(CliContext context, string? studyFile, int paths, int threads, int repeat, string? scenarioId = null, bool breakdown = false, bool record = false)
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

        // Every variant is timed once per round, starting one further along each round, so that a busy
        // minute falls on a round's runs together and no variant always runs first.
        var variants = breakdown ? BenchBreakdown.Variants(scenario) : [new BenchBreakdown.Variant(null, record ? "not recording" : "everything", scenario)];
        if (record)
        {
            variants = [.. variants, new BenchBreakdown.Variant(null, Recording, scenario)];
        }

        var analysis = AnalysisMapper.Default(scenario);
        Study StudyOf(BenchBreakdown.Variant variant, RunOptions runOptions) =>
            new(variant.Scenario.Id, variant.Scenario.Name, string.Empty, [new StudyScenario(variant.Scenario, [])], variant.Scenario.Id, runOptions,
                variant.Label == Recording ? analysis : null);

        // A timed run: simulate and count (with the recorded variant, recording too), not the analysis.
        StudyAccumulator TimedRun(BenchBreakdown.Variant variant, RunOptions runOptions)
        {
            var study = StudyOf(variant, runOptions);
            var counts = Simulator.RunBlocks(study, 0, Simulator.BlockCount(runOptions), null, context.CancellationToken);
            Simulator.Finish(counts, analyse: false);
            return counts;
        }

        var rounds = new List<IReadOnlyList<double>>();
        PathSample? lastSample = null;

        // Warm-up: JIT and caches.
        foreach (var variant in variants)
        {
            TimedRun(variant, options with { Paths = Math.Min(paths, 20_000) });
        }

        for (int i = 0; i < repeat; i++)
        {
            var round = new double[variants.Length];
            for (int j = 0; j < variants.Length; j++)
            {
                int v = (i + j) % variants.Length;
                var clock = Stopwatch.StartNew();
                var counts = TimedRun(variants[v], options);
                round[v] = clock.Elapsed.TotalSeconds;
                if (variants[v].Label == Recording)
                {
                    lastSample = counts.Samples[0];
                }

                string label = breakdown || record ? $" ({variants[v].Label})" : string.Empty;
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {i + 1}{label}: {round[v]:F3} s, {paths * cellsPerPath / round[v] / 1e6:F1} M cluster-years/s"));
            }

            rounds.Add(round);
        }

        var medians = Enumerable.Range(0, variants.Length).Select(v => BenchBreakdown.Median(rounds.Select(r => r[v]))).ToArray();
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
            var parts = record ? variants[..^1] : variants;
            WriteBreakdown(o, parts, [.. rounds.Select(r => (IReadOnlyList<double>)r.Take(parts.Length).ToList())], medians[..parts.Length], paths * cellsPerPath,
                Math.Min(used, Simulator.BlockCount(options)));
        }

        if (record && lastSample is { } sample)
        {
            var clock = Stopwatch.StartNew();
            Analyzer.Analyze(sample, analysis.Scenarios[0], analysis, threads);
            double seconds = clock.Elapsed.TotalSeconds;
            o.WriteLine();
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"recording the first {sample.Paths:N0} paths ({sample.Layout.Inputs.Length} inputs, {sample.Layout.Outcomes.Length} outcomes): {medians[^1]:F3} s against {medians[0]:F3} s, {(medians[^1] / medians[0] - 1) * 100:+0.0;-0.0}% (medians of {repeat} alternating rounds)"));
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"analysing them (first-order indices of every input on every outcome, PRIM on {Reports.Numbers.Count(analysis.Scenarios[0].Discoveries.Length, "target")}): {seconds:F2} s, once"));
        }

        return ExitCodes.Ok;
    }

    /// <summary>
    /// The breakdown's tables: each run's median, then each part's median cost over the rounds, in
    /// wall nanoseconds × workers per cluster-year (one thread's time when the workers are busy
    /// throughout: comparable across thread counts and study sizes).
    /// </summary>
    private static void WriteBreakdown(TextWriter o, IReadOnlyList<BenchBreakdown.Variant> variants, List<IReadOnlyList<double>> rounds,
        double[] medians, double cells, int workers)
    {
        o.WriteLine();
        if (variants.Count == 1)
        {
            o.WriteLine("nothing to break down: the scenario has no lever and no event");
            return;
        }

        double Ns(double seconds) => seconds * workers / cells * 1e9;
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"where the time goes ({rounds.Count} alternating rounds, medians; ns = wall nanoseconds × {workers} workers per cluster-year):"));
        o.WriteLine($"  {"run",-34} {"M cluster-years/s",17} {"ns",6}");
        for (int v = 0; v < variants.Count; v++)
        {
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {variants[v].Label,-34} {cells / medians[v] / 1e6,17:F1} {Ns(medians[v]),6:F1}"));
        }

        o.WriteLine();
        o.WriteLine($"  {"part",-34} {"ns",6} {"share",6}");
        string single = variants.Count == 2 ? $" (the run {variants[1].Label})" : " (its own run)";
        foreach (var cost in BenchBreakdown.MedianCosts(variants, rounds))
        {
            string label = cost.Part switch
            {
                BenchBreakdown.Core => "core" + single,
                BenchBreakdown.Interplay => "interplay (the rest)",
                string part => part,
            };
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {label,-34} {Ns(cost.Seconds),6:F1} {cost.Share * 100,5:F0}%"));
        }

        o.WriteLine("  (a lever's or the events' cost: the whole run less the run without it)");
        if (variants.Count > 2)
        {
            o.WriteLine("  (interplay: work that goes only when every part goes, such as a cell several levers add capacity to; below 0, noise)");
        }

        if (rounds.Count < 3)
        {
            o.WriteLine("  (fewer than 3 rounds: each cost is as noisy as a single run; use --repeat 5 or more)");
        }
    }
}

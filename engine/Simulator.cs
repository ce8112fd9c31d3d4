using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.Intrinsics;
using Simulation.Engine.Analysis;
using Simulation.Engine.Kernel;
using Simulation.Engine.Model;
using Simulation.Engine.Randomness;
using Simulation.Engine.Statistics;

namespace Simulation.Engine;

/// <summary>How far a run has come.</summary>
/// <param name="PathsDone">Paths finished, summed over scenarios.</param>
/// <param name="PathsTotal">Paths to run, summed over scenarios; for a run to a precision, a projection (see <paramref name="Projected"/>).</param>
/// <param name="Projected">
/// True for a run to a precision: the total is where the widest interval so far would reach the
/// precision if half-widths shrink as 1/√paths, within the most paths; it moves at every check.
/// </param>
/// <param name="AtMost">True when the total is an upper bound the work usually stops short of (goal seeks: <see cref="Analysis.GoalSeeker.MostEvaluations"/>).</param>
public sealed record RunProgress(long PathsDone, long PathsTotal, bool Projected = false, bool AtMost = false);

/// <summary>
/// The one entry point of the engine: runs a study (or one scenario) and returns its statistics.
/// A run is a sequence of fixed blocks of <see cref="RunOptions.BlockSize"/> paths; workers take
/// blocks in any order, and every statistic is an exact integer accumulator, so the result is
/// byte-identical for a given seed whatever the thread count, block size or split into shards.
/// Scenarios of a study share their random streams path by path (common random numbers), which
/// makes paired differences from the baseline precise. Pure: no I/O, no clock, no global state.
/// </summary>
public static class Simulator
{
    /// <summary>The quantile levels every result reports.</summary>
    public static ImmutableArray<double> QuantileLevels { get; } = [0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95];

    /// <summary>Runs one scenario.</summary>
    public static ScenarioResult Run(Scenario scenario, RunOptions options, IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var study = new Study(scenario.Id, scenario.Name, scenario.Description, [new StudyScenario(scenario, [])], scenario.Id, options);
        return Run(study, progress, cancellationToken).Scenarios[0];
    }

    /// <summary>Runs every scenario of a study on the same paths and compares each with the baseline.</summary>
    public static StudyResult Run(Study study, IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(study);
        if (study.Options.Precision is not null)
        {
            var (counts, outcome) = RunToPrecision(study, progress, cancellationToken);
            return Finish(counts) with { Precision = outcome };
        }

        return Finish(RunBlocks(study, 0, BlockCount(study.Options), progress, cancellationToken));
    }

    /// <summary>Blocks a run to a precision adds between two checks: 16 (16,384 paths of the default block size).</summary>
    public const int PrecisionRoundBlocks = 16;

    /// <summary>
    /// Runs <paramref name="study"/> to its precision: rounds of <see cref="PrecisionRoundBlocks"/> blocks
    /// (the first also covering the analysis sample), each merged into the counts so far; after each
    /// round, every target's and paired difference's 95% half-width is computed from the counts, and the
    /// run stops at the first check where none is wider than the precision, or at the most paths. The
    /// decision uses only the counts of whole blocks, so a seed stops at the same block on any thread
    /// count, and the counts are exactly those of a run of that many paths. Returns those counts (their
    /// study's paths set to where the run stopped) and how it ended.
    /// </summary>
    public static (StudyAccumulator Counts, PrecisionOutcome Outcome) RunToPrecision(Study study, IProgress<RunProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(study);
        var options = study.Options;
        double precision = options.Precision ?? throw new ArgumentException("The study's run has no precision.", nameof(study));
        if (!(precision > 0) || options.MaxPaths < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(study), "the precision must be above 0 and the most paths at least 1");
        }

        // Blocks are numbered within the largest run the precision allows; the sample's paths come first.
        var widest = study with { Options = options with { Paths = options.MaxPaths } };
        int maxBlocks = BlockCount(widest.Options);
        int sampleBlocks = study.Analysis is { } a ? (int)Math.Min(maxBlocks, (a.Paths + (long)options.BlockSize - 1) / options.BlockSize) : 0;
        StudyAccumulator? counts = null;
        int done = 0, checks = 0;
        while (true)
        {
            int next = Math.Min(maxBlocks, Math.Max(done + PrecisionRoundBlocks, sampleBlocks));
            var part = RunBlocks(widest, done, next - done, null, cancellationToken);
            if (counts is null)
            {
                counts = part;
            }
            else
            {
                counts.Merge(part);
            }

            done = next;
            checks++;
            int paths = (int)Math.Min(options.MaxPaths, (long)done * options.BlockSize);
            var stopped = counts.WithStudy(study with { Options = options with { Paths = paths } });
            var halfWidths = Finish(stopped, analyse: false).HalfWidths().ToList();
            var unmet = halfWidths.Where(h => h.HalfWidth > precision).ToImmutableArray();
            var widestStatistic = halfWidths.Count == 0 ? (string.Empty, 0.0) : halfWidths.MaxBy(h => h.HalfWidth);
            if (unmet.IsEmpty || done >= maxBlocks)
            {
                progress?.Report(new RunProgress((long)paths * study.Scenarios.Length, (long)paths * study.Scenarios.Length));
                return (stopped, new PrecisionOutcome(precision, paths, checks, widestStatistic, unmet));
            }

            double ratio = halfWidths.Max(h => h.HalfWidth) / precision; // not empty: unmet holds one
            long projected = (long)Math.Min(options.MaxPaths, Math.Max(paths + ((long)PrecisionRoundBlocks * options.BlockSize), Math.Ceiling(paths * ratio * ratio)));
            progress?.Report(new RunProgress((long)paths * study.Scenarios.Length, projected * study.Scenarios.Length, Projected: true));
        }
    }

    /// <summary>
    /// Runs the goal seeks of <paramref name="result"/>'s study, in study order, on the paths of its run
    /// (the same seed and path count, so every evaluation is paired with the others and with the
    /// scenario as it is: at the lever's current value it gives the run's own probability). Each
    /// evaluation runs the one scenario, with the lever set, to a fixed number of paths. Reports the
    /// evaluations done so far to <paramref name="progress"/>. Returns the result with the answers.
    /// </summary>
    public static StudyResult SeekGoals(StudyResult result, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        var study = result.Study;
        if (study.GoalSeeks.IsEmpty)
        {
            return result;
        }

        // A fixed run of the paths the study took (a run to a precision decided that count).
        var options = study.Options with { Precision = null, Paths = (int)result.Scenarios[0].Paths };
        int evaluations = 0;
        var answers = ImmutableArray.CreateBuilder<GoalSeekResult>(study.GoalSeeks.Length);
        foreach (var spec in study.GoalSeeks)
        {
            var current = result.Scenarios.FirstOrDefault(s => s.Scenario.Id == spec.ScenarioId)?.Targets.FirstOrDefault(t => t.Target.Id == spec.TargetId)
                ?? throw new ArgumentException($"Goal seek `{spec.Id}`: the study has no target `{spec.TargetId}` in scenario `{spec.ScenarioId}`.", nameof(result));
            answers.Add(GoalSeeker.Seek(spec, value =>
            {
                var scenario = spec.ScenarioAt(value);
                var run = Run(new Study(scenario.Id, scenario.Name, scenario.Description, [new StudyScenario(scenario, [])], scenario.Id, options), null, cancellationToken);
                progress?.Report(++evaluations);
                return run.Scenarios[0].Targets.First(t => t.Target.Id == spec.TargetId).Probability;
            }, current.Probability));
        }

        return result with { GoalSeeks = answers.MoveToImmutable() };
    }

    /// <summary>The number of blocks a run of these options has.</summary>
    public static int BlockCount(RunOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return (int)((options.Paths + (long)options.BlockSize - 1) / options.BlockSize);
    }

    /// <summary>The blocks of shard <paramref name="index"/> of <paramref name="shards"/>: a contiguous range, the ranges of all shards covering every block once.</summary>
    public static (int First, int Count) ShardBlocks(int totalBlocks, int index, int shards)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(totalBlocks);
        if (shards < 1 || index < 0 || index >= shards)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"shard {index} of {shards} does not exist");
        }

        int first = (int)((long)totalBlocks * index / shards);
        int next = (int)((long)totalBlocks * (index + 1) / shards);
        return (first, next - first);
    }

    /// <summary>
    /// Runs blocks [<paramref name="firstBlock"/>, <paramref name="firstBlock"/> + <paramref name="blockCount"/>)
    /// of a study and returns their mergeable accumulators (a shard of a larger run).
    /// </summary>
    public static StudyAccumulator RunBlocks(Study study, int firstBlock, int blockCount, IProgress<RunProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        RunBlocks(study, firstBlock, blockCount, AccumulatorBudget, progress, cancellationToken);

    /// <summary>
    /// Bytes of accumulator sets a run may hold (a set has one accumulator per scenario, about 1.8 MB
    /// each for the Shenzhen dataset). Each worker counts into a set of its own while all of them fit;
    /// a study of many scenarios (a long sweep) has its workers share fewer sets, down to one, so
    /// accumulator memory does not grow with threads × scenarios.
    /// </summary>
    internal const long AccumulatorBudget = 256L << 20;

    /// <summary>
    /// The memory a run of <paramref name="study"/> on <paramref name="threads"/> workers is expected to
    /// peak at: 1.2 × its accumulator sets (measured: 10,001 scenarios of the Shenzhen dataset, one
    /// shared set, 2 threads, peaked at 21.7 GB, 1.2 × their accumulators), plus a simulator of about
    /// 100 KB per scenario and worker.
    /// </summary>
    public static long PeakBytes(Study study, int threads)
    {
        ArgumentNullException.ThrowIfNull(study);
        int workers = Math.Max(1, threads);
        long accumulators = AccumulatorSets(study, workers, AccumulatorBudget) * study.Scenarios.Sum(s => ScenarioAccumulator.BytesFor(s.Scenario));
        return (accumulators * 6 / 5) + ((long)study.Scenarios.Length * workers * (100 << 10));
    }

    /// <summary>Accumulator sets for <paramref name="workers"/>: one each while all fit in <paramref name="budget"/> bytes, fewer (down to one) beyond.</summary>
    private static int AccumulatorSets(Study study, int workers, long budget) =>
        (int)Math.Clamp(budget / Math.Max(1, study.Scenarios.Sum(s => ScenarioAccumulator.BytesFor(s.Scenario))), 1, workers);

    /// <summary><see cref="RunBlocks(Study, int, int, IProgress{RunProgress}?, CancellationToken)"/> with a given accumulator budget (tests force sharing with 0).</summary>
    internal static StudyAccumulator RunBlocks(Study study, int firstBlock, int blockCount, long accumulatorBudget, IProgress<RunProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(study);
        var options = study.Options;
        if (options.Paths < 1 || options.BlockSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(study), "paths and block size must be at least 1");
        }

        int totalBlocks = BlockCount(options);
        if (firstBlock < 0 || blockCount < 0 || firstBlock + blockCount > totalBlocks)
        {
            throw new ArgumentOutOfRangeException(nameof(blockCount), $"blocks {firstBlock}..{firstBlock + blockCount} are outside 0..{totalBlocks}");
        }

        var samplers = new SamplerCache();
        var plans = study.Scenarios.Select(s => new CompiledScenario(s.Scenario, samplers)).ToArray();
        int baseline = study.Scenarios.Select(s => s.Scenario.Id).ToList().IndexOf(study.BaselineId);
        if (baseline < 0)
        {
            throw new ArgumentException($"The baseline `{study.BaselineId}` is not a scenario of the study.", nameof(study));
        }

        var pairing = plans.Select(p => BaselinePairing(p.Scenario, study.Scenarios[baseline].Scenario)).ToArray();
        var clusterPairing = plans.Select(p => ClusterPairing.Of(p.Scenario, study.Scenarios[baseline].Scenario)).ToArray();
        int blockBatches = (options.BlockSize + LaneGenerator.Lanes - 1) / LaneGenerator.Lanes;
        // The work is one task per block and scenario, taken in order (block by block, each block's baseline
        // first), so a study of many scenarios keeps every worker busy even when it has a single block. A
        // scenario's task pairs its outcomes with the baseline's for the same paths, so it waits, if need be,
        // for its block's baseline task (always taken earlier, by a worker that finishes it), whose outcomes
        // are kept until the last scenario of the block has read them.
        long taskCount = (long)blockCount * plans.Length;
        int workers = (int)Math.Clamp(options.Threads > 0 ? options.Threads : Environment.ProcessorCount, 1, Math.Max(1, taskCount));
        long pathsInRange = Math.Min(options.Paths, (long)(firstBlock + blockCount) * options.BlockSize) - ((long)firstBlock * options.BlockSize);
        long total = Math.Max(0, pathsInRange) * plans.Length;
        long done = 0;
        long next = -1;
        int[] taskOrder = [baseline, .. Enumerable.Range(0, plans.Length).Where(s => s != baseline)];
        var blocks = new BlockBaseline?[blockCount];
        var spare = new ConcurrentBag<BlockBaseline>(); // as many as blocks are ever under way at once: nothing per block
        int baselineTargets = plans[baseline].Scenario.Targets.Length;

        BlockBaseline BaselineOf(int b)
        {
            var state = Volatile.Read(ref blocks[b]);
            if (state is null)
            {
                var fresh = spare.TryTake(out var reused) ? reused : new BlockBaseline(new bool[options.BlockSize * baselineTargets],
                    new Vector512<double>[blockBatches * ClusterPairing.Stride(plans[baseline].Scenario)],
                    new Vector512<long>[blockBatches * ClusterPairing.Stride(plans[baseline].Scenario)]);
                fresh.Reset(plans.Length);
                state = Interlocked.CompareExchange(ref blocks[b], fresh, null);
                if (state is null)
                {
                    state = fresh;
                }
                else
                {
                    spare.Add(fresh);
                }
            }

            return state;
        }

        // Every count is an integer, so which set a path is counted in changes no result. The first set
        // holds the recorded paths of the analysed scenarios: each path's row is written by its own worker.
        int sets = AccumulatorSets(study, workers, accumulatorBudget);
        bool recording = study.Analysis is { } analysis && (long)firstBlock * options.BlockSize < analysis.SamplePaths(options);
        var results = Enumerable.Range(0, sets).Select(w => new StudyAccumulator(study, withSamples: w == 0 && recording)).ToArray();
        var samples = results[0].Samples;
        var gates = Enumerable.Range(0, sets).Select(_ => plans.Select(_ => new Lock()).ToArray()).ToArray();

        void Work(int worker)
        {
            var acc = results[worker % sets];
            var locks = gates[worker % sets];
            var simulators = new BatchSimulator?[plans.Length];
            var recorders = new InputRecorder?[plans.Length];
            var outcomes = new bool[options.BlockSize * plans.Max(p => p.Scenario.Targets.Length)];
            var milestones = new Vector512<double>[blockBatches * plans.Max(p => ClusterPairing.Stride(p.Scenario))];

            // Paths are simulated eight at a time into a buffer of up to 64 and then counted
            // cluster-year by cluster-year, which keeps each histogram row in cache.
            int batches = Math.Min(ChunkBatches, (options.BlockSize + LaneGenerator.Lanes - 1) / LaneGenerator.Lanes);
            var buffer = new Vector512<double>[batches * ((plans.Max(p => p.Years) + 1) * plans.Max(p => p.Clusters))];

            // (A task once taken is always finished: a scenario task may be waiting for it.)
            long task;
            while (!cancellationToken.IsCancellationRequested && (task = Interlocked.Increment(ref next)) < taskCount)
            {
                int b = (int)(task / plans.Length);
                int s = taskOrder[task % plans.Length];
                long start = (long)(firstBlock + b) * options.BlockSize;
                int count = (int)Math.Min(options.BlockSize, options.Paths - start);
                var simulator = simulators[s] ??= new BatchSimulator(plans[s], options.Seed);
                var sample = samples[s] is { } sp && start < sp.Paths ? sp : null;
                var recording = sample is null ? null : new Recording(sample, recorders[s] ??= new InputRecorder(plans[s], options.Seed, sample.Layout));
                var state = BaselineOf(b);
                if (s == baseline)
                {
                    try
                    {
                        RunScenarioBlock(plans[s], simulator, acc.Scenarios[s], locks[s], state.Outcomes, state.Milestones, buffer, start, count, recording);
                        if (plans.Length > 1)
                        {
                            int kept = (count + LaneGenerator.Lanes - 1) / LaneGenerator.Lanes * ClusterPairing.Stride(plans[s].Scenario);
                            ScenarioAccumulator.FixedPoint(state.Milestones.AsSpan(0, kept), state.Fixed, clusterPairing[s].BaselineLogBase.AsSpan());
                        }
                        state.Failed = false;
                    }
                    finally
                    {
                        state.Ready.Set(); // waiting tasks check Failed
                    }
                }
                else
                {
                    RunScenarioBlock(plans[s], simulator, acc.Scenarios[s], locks[s], outcomes, milestones, buffer, start, count, recording);
                    state.Ready.Wait(CancellationToken.None);
                    if (state.Failed)
                    {
                        return; // the baseline's worker reports why
                    }

                    using (locks[s].EnterScope())
                    {
                        int kS = plans[s].Scenario.Targets.Length;
                        for (int k = 0; k < kS; k++)
                        {
                            int kb = pairing[s][k];
                            if (kb < 0)
                            {
                                continue;
                            }

                            for (int p = 0; p < count; p++)
                            {
                                acc.Scenarios[s].AddPair(k, outcomes[(p * kS) + k], state.Outcomes[(p * baselineTargets) + kb]);
                            }
                        }

                        acc.Scenarios[s].AddClusterPairs(milestones, state.Milestones, state.Fixed, count, clusterPairing[s]);
                    }
                }

                if (state.Release())
                {
                    blocks[b] = null;
                    spare.Add(state);
                }

                long now = Interlocked.Add(ref done, count);
                progress?.Report(new RunProgress(now, total));
            }
        }

        try
        {
            if (workers == 1)
            {
                Work(0);
            }
            else
            {
                var tasks = Enumerable.Range(0, workers)
                    .Select(w => Task.Factory.StartNew(() => Work(w), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))
                    .ToArray();
                try
                {
                    Task.WaitAll(tasks, CancellationToken.None);
                }
                catch (AggregateException ex) when (ex.InnerExceptions.Count == 1)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
                }
            }
        }
        finally
        {
            foreach (var state in spare.Concat(blocks.OfType<BlockBaseline>()))
            {
                state.Ready.Dispose();
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        var merged = results[0];
        for (int w = 1; w < sets; w++)
        {
            merged.Merge(results[w]);
        }

        return merged;
    }

    /// <summary>
    /// Turns accumulated counts into results, with paired differences from the baseline, and (unless
    /// <paramref name="analyse"/> is false) analyses each analysed scenario's recorded paths.
    /// </summary>
    public static StudyResult Finish(StudyAccumulator accumulator, bool analyse = true)
    {
        ArgumentNullException.ThrowIfNull(accumulator);
        var study = accumulator.Study;
        var scenarios = accumulator.Scenarios.Select((a, i) => a.ToResult(study.Options.Seed, QuantileLevels) with
        {
            Analysis = analyse && accumulator.Samples[i] is { } sample && study.Analysis?.For(a.Scenario.Id) is { } spec
                ? sample.IsComplete
                    ? Analyzer.Analyze(sample, spec, study.Analysis, study.Options.Threads)
                    : throw new InvalidOperationException($"The recorded paths of `{a.Scenario.Id}` are incomplete: run every block (or merge every shard) first.")
                : null,
        }).ToImmutableArray();
        var differences = ImmutableArray.CreateBuilder<PairedDifference>();
        var clusterDifferences = ImmutableArray.CreateBuilder<ClusterDifference>();
        var baseline = study.Scenarios.Single(s => s.Scenario.Id == study.BaselineId).Scenario;
        foreach (var acc in accumulator.Scenarios)
        {
            if (acc.Scenario.Id == study.BaselineId)
            {
                continue;
            }

            int[] pairing = BaselinePairing(acc.Scenario, baseline);
            for (int k = 0; k < acc.Scenario.Targets.Length; k++)
            {
                if (pairing[k] < 0)
                {
                    continue;
                }

                var (both, onlyScenario, onlyBaseline) = acc.PairCounts(k);
                differences.Add(new PairedDifference(acc.Scenario.Id, acc.Scenario.Targets[k].Id, both, onlyScenario, onlyBaseline, acc.Paths));
            }

            clusterDifferences.AddRange(acc.ClusterDifferences(ClusterPairing.Of(acc.Scenario, baseline)));
        }

        return new StudyResult(study, scenarios, differences.ToImmutable()) { ClusterDifferences = clusterDifferences.ToImmutable() };
    }

    /// <summary>
    /// Scores the study's backtest scenario (by default its baseline) against its dataset's out-of-sample
    /// observations (<see cref="Backtester"/>), on the first paths of the run (at most
    /// <see cref="Backtester.MaxPaths"/>, the same seed). Returns the result with the backtest (null: no such observations).
    /// </summary>
    public static StudyResult Backtest(StudyResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        var study = result.Study;
        var tested = study.Scenarios.Single(s => s.Scenario.Id == study.TestedScenarioId).Scenario;
        int paths = (int)Math.Min(result.Scenarios[0].Paths, Backtester.MaxPaths);
        return result with { Backtest = Backtester.Run(tested, study.Options.Seed, paths, study.Options.Threads, cancellationToken) };
    }

    /// <summary>
    /// For each target of <paramref name="scenario"/>, the index of the same goal among the
    /// baseline's targets (<see cref="Target.IsSameGoal"/>), or −1: a target the baseline lacks, or
    /// defines otherwise (an extending file may change its value or form), has no paired difference.
    /// </summary>
    internal static int[] BaselinePairing(Scenario scenario, Scenario baseline)
    {
        var pairing = new int[scenario.Targets.Length];
        for (int k = 0; k < pairing.Length; k++)
        {
            pairing[k] = -1;
            for (int b = 0; b < baseline.Targets.Length && pairing[k] < 0; b++)
            {
                pairing[k] = baseline.Targets[b].IsSameGoal(baseline.Dataset, scenario.Targets[k], scenario.Dataset) ? b : -1;
            }
        }

        return pairing;
    }

    /// <summary>Batches of eight paths simulated before they are counted.</summary>
    private const int ChunkBatches = 8;

    /// <summary>
    /// Writes the first <paramref name="lanes"/> paths of a simulated batch into the sample: their inputs
    /// (drawn again by the recorder), each cluster's value at each milestone, each target met (from
    /// <paramref name="outcomes"/>, the batch's rows) and each of the study's own conditions met.
    /// </summary>
    private static void Record(CompiledScenario plan, Recording recording, ReadOnlySpan<Vector512<double>> logs, ReadOnlySpan<bool> outcomes, long path, int lanes,
        Span<Vector512<double>> values)
    {
        var sample = recording.Sample;
        for (int l = 0; l < lanes; l++)
        {
            recording.Recorder.Record(path + l, sample);
        }

        int n = plan.Clusters;
        int inputs = sample.Layout.Inputs.Length;
        var outcomeColumns = sample.Layout.Outcomes;
        int targets = plan.Scenario.Targets.Length;
        int firstTarget = plan.Scenario.Milestones.Length * n;
        int valuesAt = -1;
        for (int k = 0; k < outcomeColumns.Length; k++)
        {
            var column = outcomeColumns[k];
            int offset = column.Year - plan.BaseYear;
            if (column.Kind == OutcomeKind.Value)
            {
                var v = DetMath.Exp(logs[(offset * n) + column.ClusterIndex]);
                for (int l = 0; l < lanes; l++)
                {
                    sample.Set(inputs + k, path + l, v[l]);
                }
            }
            else if (k - firstTarget < targets)
            {
                for (int l = 0; l < lanes; l++)
                {
                    sample.Set(inputs + k, path + l, outcomes[(l * targets) + (k - firstTarget)] ? 1 : 0);
                }
            }
            else
            {
                if (offset != valuesAt)
                {
                    for (int c = 0; c < n; c++)
                    {
                        values[c] = DetMath.Exp(logs[(offset * n) + c]);
                    }

                    valuesAt = offset;
                }

                uint met = (uint)column.Condition!.Condition.IsMet(values).ExtractMostSignificantBits();
                for (int l = 0; l < lanes; l++)
                {
                    sample.Set(inputs + k, path + l, (met >> l) & 1);
                }
            }
        }

        for (int l = 0; l < lanes; l++)
        {
            sample.Recorded(path + l);
        }
    }

    /// <summary>A block's baseline outcomes, kept until every scenario of the block has been paired with them; reused for later blocks.</summary>
    private sealed class BlockBaseline(bool[] outcomes, Vector512<double>[] milestones, Vector512<long>[] fixedPoint)
    {
        private int remaining;

        public bool[] Outcomes { get; } = outcomes;

        /// <summary>ln V at the milestones, laid out for <see cref="ScenarioAccumulator.AddClusterPairs"/>.</summary>
        public Vector512<double>[] Milestones { get; } = milestones;

        /// <summary>The same values as fixed-point q (<see cref="ScenarioAccumulator.FixedPoint"/>), computed once for every scenario of the block.</summary>
        public Vector512<long>[] Fixed { get; } = fixedPoint;

        /// <summary>Set when the baseline's task has ended (<see cref="Failed"/> says whether it filled <see cref="Outcomes"/>).</summary>
        public ManualResetEventSlim Ready { get; } = new();

        public bool Failed { get; set; }

        /// <summary>Readies it for a block of <paramref name="tasks"/> tasks.</summary>
        public void Reset(int tasks)
        {
            remaining = tasks;
            Failed = true;
            Ready.Reset();
        }

        /// <summary>Called once by each task of the block; true for the last.</summary>
        public bool Release() => Interlocked.Decrement(ref remaining) == 0;
    }

    /// <summary>A scenario's sample of recorded paths and the worker's recorder of their inputs.</summary>
    private sealed record Recording(PathSample Sample, InputRecorder Recorder);

    /// <summary>
    /// Simulates a block of a scenario's paths into its accumulator, leaving each path's target outcomes
    /// in <paramref name="outcomes"/> and its ln V at the milestones in <paramref name="milestones"/>
    /// (batch, milestone, cluster), for pairing with the baseline's.
    /// </summary>
    private static void RunScenarioBlock(CompiledScenario plan, BatchSimulator simulator, ScenarioAccumulator accumulator, Lock gate, bool[] outcomes,
        Vector512<double>[] milestones, Vector512<double>[] buffer, long start, int count, Recording? recording)
    {
        var milestoneOffsets = plan.MilestoneOffsets;
        int milestoneStride = milestoneOffsets.Length * plan.Clusters;
        const int lanes = LaneGenerator.Lanes;
        var targets = plan.Scenario.Targets;
        int n = plan.Clusters;
        int stride = simulator.Stride;
        int chunk = Math.Min(ChunkBatches, buffer.Length / stride) * lanes;
        Span<Vector512<double>> values = n <= 64 ? stackalloc Vector512<double>[n] : new Vector512<double>[n];
        for (int first = 0; first < count; first += chunk)
        {
            int size = Math.Min(chunk, count - first);
            int batches = (size + lanes - 1) / lanes;
            for (int b = 0; b < batches; b++)
            {
                var logs = buffer.AsSpan(b * stride, stride);
                simulator.Simulate(start + first + (b * lanes), logs);
                int valid = Math.Min(lanes, size - (b * lanes));
                int kept = ((first / lanes) + b) * milestoneStride;
                for (int m = 0; m < milestoneOffsets.Length; m++)
                {
                    logs.Slice(milestoneOffsets[m] * n, n).CopyTo(milestones.AsSpan(kept + (m * n), n));
                }

                int valuesAt = -1;
                for (int k = 0; k < targets.Length; k++)
                {
                    int offset = plan.TargetOffsets[k];
                    if (offset != valuesAt)
                    {
                        for (int c = 0; c < n; c++)
                        {
                            values[c] = DetMath.Exp(logs[(offset * n) + c]);
                        }

                        valuesAt = offset;
                    }

                    uint met = (uint)targets[k].Condition.IsMet(values).ExtractMostSignificantBits();
                    for (int l = 0; l < valid; l++)
                    {
                        outcomes[((first + (b * lanes) + l) * targets.Length) + k] = ((met >> l) & 1) != 0;
                    }
                }

                long path = start + first + (b * lanes);
                if (recording is not null && path < recording.Sample.Paths)
                {
                    Record(plan, recording, logs, outcomes.AsSpan((first + (b * lanes)) * targets.Length), path, (int)Math.Min(valid, recording.Sample.Paths - path), values);
                }
            }

            using var held = gate.EnterScope();
            accumulator.AddBatches(buffer.AsSpan(0, batches * stride), size, outcomes.AsSpan(first * targets.Length, size * targets.Length));
        }
    }
}

/// <summary>The mergeable accumulators of every scenario of a study (one shard's worth, or a whole run), and the analysed scenarios' recorded paths.</summary>
public sealed class StudyAccumulator
{
    /// <summary>Creates empty accumulators for a study, with empty samples for the scenarios it analyses.</summary>
    public StudyAccumulator(Study study)
        : this(study, withSamples: true)
    {
    }

    /// <summary>Creates empty accumulators; <paramref name="withSamples"/>: with the analysed scenarios' empty samples too.</summary>
    internal StudyAccumulator(Study study, bool withSamples)
        : this(study, study?.Scenarios.Select(s => new ScenarioAccumulator(s.Scenario)).ToImmutableArray() ?? throw new ArgumentNullException(nameof(study)),
            withSamples ? NewSamples(study) : [.. study.Scenarios.Select(_ => (PathSample?)null)])
    {
    }

    private StudyAccumulator(Study study, ImmutableArray<ScenarioAccumulator> scenarios, ImmutableArray<PathSample?> samples)
    {
        Study = study;
        Scenarios = scenarios;
        Samples = samples;
    }

    /// <summary>The study.</summary>
    public Study Study { get; }

    /// <summary>One accumulator per scenario, in study order.</summary>
    public ImmutableArray<ScenarioAccumulator> Scenarios { get; }

    /// <summary>Each scenario's recorded paths (null for a scenario the study does not analyse), in study order.</summary>
    public ImmutableArray<PathSample?> Samples { get; private set; }

    /// <summary>Empty samples for the scenarios <paramref name="study"/> analyses, of the size its run records.</summary>
    private static ImmutableArray<PathSample?> NewSamples(Study study) =>
    [
        .. study.Scenarios.Select(s => study.Analysis?.For(s.Scenario.Id) is { } spec && study.Analysis.SamplePaths(study.Options) > 0
            ? new PathSample(SampleLayout.For(s.Scenario, spec.Conditions), study.Analysis.SamplePaths(study.Options))
            : null),
    ];

    /// <summary>
    /// The accumulators of <paramref name="study"/> holding saved counts, one state per scenario in study
    /// order, and the saved rows of each analysed scenario's sample (<paramref name="rows"/>: one entry per
    /// scenario, null for the others; none at all when the part holds no sampled path).
    /// </summary>
    public static StudyAccumulator Import(Study study, IReadOnlyList<AccumulatorState> states, IReadOnlyList<SampleRows?>? rows = null)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(states);
        if (states.Count != study.Scenarios.Length)
        {
            throw new ArgumentException($"{states.Count} saved scenario(s) for a study of {study.Scenarios.Length}.", nameof(states));
        }

        var acc = new StudyAccumulator(study, study.Scenarios.Select((s, i) => ScenarioAccumulator.Import(s.Scenario, states[i])).ToImmutableArray(), NewSamples(study));
        for (int s = 0; s < acc.Samples.Length; s++)
        {
            if (rows is not null && s < rows.Count && rows[s] is { } saved)
            {
                (acc.Samples[s] ?? throw new ArgumentException($"Saved sample rows for `{study.Scenarios[s].Scenario.Id}`, which the study does not analyse.", nameof(rows))).Import(saved);
            }
        }

        return acc;
    }

    /// <summary>These counts as the counts of <paramref name="study"/> (the same scenarios, with other run options, e.g. the paths a run to a precision stopped at).</summary>
    public StudyAccumulator WithStudy(Study study)
    {
        ArgumentNullException.ThrowIfNull(study);
        if (study.Scenarios.Length != Scenarios.Length)
        {
            throw new ArgumentException("Cannot give counts to a study of other scenarios.", nameof(study));
        }

        return new StudyAccumulator(study, Scenarios, Samples);
    }

    /// <summary>Adds another accumulator of the same study (exact; order does not matter).</summary>
    public void Merge(StudyAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Scenarios.Length != Scenarios.Length)
        {
            throw new ArgumentException("Cannot merge accumulators of different studies.", nameof(other));
        }

        for (int s = 0; s < Scenarios.Length; s++)
        {
            Scenarios[s].Merge(other.Scenarios[s]);
        }

        if (other.Samples.Any(x => x is not null))
        {
            Samples = [.. Samples.Select((mine, s) => other.Samples[s] is not { } theirs ? mine : Merged(mine ?? new PathSample(theirs.Layout, theirs.Paths), theirs))];
        }
    }

    private static PathSample Merged(PathSample mine, PathSample theirs)
    {
        mine.Merge(theirs);
        return mine;
    }
}

using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Simulation.Engine.Kernel;
using Simulation.Engine.Model;
using Simulation.Engine.Randomness;

namespace Simulation.Engine.Statistics;

/// <summary>
/// Streaming statistics of one scenario over any number of paths, in memory that does not grow with
/// the number of paths. Every field is an integer — histogram counts, exact threshold and target
/// counts, and fixed-point sums for means — so merging is exact, associative and commutative: a run
/// gives the same bytes whatever the thread count, block size or sharding.
/// Specified in docs/model.md §6 (targets and statistics: histogram quantiles and their accuracy).
/// </summary>
/// <remarks>
/// Quantiles come from a log-spaced histogram of V / V₀ per cluster and year with bins
/// <see cref="BinWidth"/> wide in ln(V / V₀) from <see cref="LogLow"/> to <see cref="LogHigh"/>
/// (plus one underflow and one overflow bin), so a quantile is within one bin, a relative error of
/// at most e^0.01 − 1 ≈ 1.0%, of the empirical quantile. Means and sds at milestones use
/// x = V / V₀ rounded to 2⁻²⁴ per path and summed in 128-bit integers.
/// Memory: <see cref="BytesPerClusterYear"/> bytes per cluster-year.
/// Not thread safe: each worker owns one and they are merged at the end.
/// </remarks>
public sealed class ScenarioAccumulator
{
    /// <summary>Width of a histogram bin in ln(V / V₀).</summary>
    public const double BinWidth = 0.01;

    /// <summary>Lower end of the histogram in ln(V / V₀) (V₀ × 0.25%).</summary>
    public const double LogLow = -6;

    /// <summary>Upper end of the histogram in ln(V / V₀) (V₀ × 2981).</summary>
    public const double LogHigh = 8;

    /// <summary>Regular bins, plus one underflow (index 0) and one overflow (last) bin.</summary>
    public const int Bins = 1400;

    /// <summary>Accumulator bytes per cluster and simulated year (the histogram's counts).</summary>
    public const int BytesPerClusterYear = (Bins + 2) * sizeof(int);

    /// <summary>The bytes of one accumulator of <paramref name="scenario"/> (its histograms; the rest is small).</summary>
    public static long BytesFor(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return (long)BytesPerClusterYear * scenario.Years * scenario.Dataset.Clusters.Length;
    }

    private const int Lanes = LaneGenerator.Lanes;
    private const double FixedPointScale = 16777216.0; // 2^24
    private const double MaxRelative = 1048576.0; // 2^20: larger x are clamped and counted out of range

    /// <summary>Batches summed in 64-bit lanes before the 128-bit totals take them (2¹⁹ would still be exact).</summary>
    private const int SumBlock = 1 << 16;

    /// <summary>Batches binned at a time (the simulator adds eight at a time), so the scratch does not grow with the paths added.</summary>
    private const int BinBatches = 8;

    private readonly int clusters;
    private readonly int years;
    private readonly double[] logBase;
    private readonly int[] milestoneOffsets;
    private readonly double[] logThresholds;
    private readonly int[] histogram;

    /// <summary>Scratch: one year's histogram bins of up to <see cref="BinBatches"/> batches being added (cluster, batch, lane).</summary>
    private readonly int[] bins32;
    private readonly UInt128[] sum;
    private readonly UInt128[] sumOfSquares;
    private readonly long[] thresholdCounts;
    private readonly long[] targetCounts;
    private readonly long[] pairCounts;

    /// <summary>Per milestone and cluster: fixed-point sums of the paired difference (V − V_baseline) / V₀ and of its square.</summary>
    private readonly Int128[] pairedSum;
    private readonly UInt128[] pairedSumOfSquares;

    /// <summary>Per milestone, cluster and threshold: paths at or above it in both, only the scenario, only the baseline.</summary>
    private readonly long[] thresholdPairCounts;

    /// <summary>Creates an empty accumulator for a scenario.</summary>
    public ScenarioAccumulator(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        Scenario = scenario;
        clusters = scenario.Dataset.Clusters.Length;
        years = scenario.Years;
        logBase = scenario.Dataset.Clusters.Select(c => DetMath.Log(c.BaseValue)).ToArray();
        milestoneOffsets = scenario.Milestones.Select(y => y - scenario.Dataset.BaseYear).ToArray();
        logThresholds = scenario.Thresholds.Select(v => DetMath.Log(v)).ToArray();
        histogram = new int[years * clusters * (Bins + 2)];
        bins32 = new int[clusters * BinBatches * Lanes];
        sum = new UInt128[milestoneOffsets.Length * clusters];
        sumOfSquares = new UInt128[milestoneOffsets.Length * clusters];
        thresholdCounts = new long[milestoneOffsets.Length * clusters * logThresholds.Length];
        targetCounts = new long[scenario.Targets.Length];
        pairCounts = new long[scenario.Targets.Length * 3];
        pairedSum = new Int128[milestoneOffsets.Length * clusters];
        pairedSumOfSquares = new UInt128[milestoneOffsets.Length * clusters];
        thresholdPairCounts = new long[milestoneOffsets.Length * clusters * logThresholds.Length * 3];
    }

    /// <summary>The scenario accumulated.</summary>
    public Scenario Scenario { get; }

    /// <summary>Paths accumulated.</summary>
    public long Paths { get; private set; }

    /// <summary>Path-years outside the histogram or fixed-point range.</summary>
    public long OutOfRange { get; private set; }

    /// <summary>
    /// Adds one path: <paramref name="logValues"/> holds ln V year-major (index t × clusters + c,
    /// t = 0 the base year); <paramref name="targetMet"/> says which targets it met.
    /// </summary>
    public void AddPath(ReadOnlySpan<double> logValues, ReadOnlySpan<bool> targetMet) =>
        AddPaths(logValues, 1, targetMet);

    /// <summary>
    /// Adds <paramref name="count"/> paths stored one after another in <paramref name="logValues"/>
    /// (each as in <see cref="AddPath"/>), with their target outcomes path-major in
    /// <paramref name="targetMet"/>: the paths are put into lanes and counted by <see cref="AddBatches"/>.
    /// </summary>
    public void AddPaths(ReadOnlySpan<double> logValues, int count, ReadOnlySpan<bool> targetMet)
    {
        int stride = (years + 1) * clusters;
        if (logValues.Length < count * stride)
        {
            throw new ArgumentException("The buffers are smaller than the paths they should hold.", nameof(logValues));
        }

        int batches = (count + Lanes - 1) / Lanes;
        var lanes = new Vector512<double>[batches * stride];
        Span<double> lane = stackalloc double[Lanes];
        for (int b = 0; b < batches; b++)
        {
            for (int i = 0; i < stride; i++)
            {
                lane.Clear();
                for (int l = 0; l < Lanes && (b * Lanes) + l < count; l++)
                {
                    lane[l] = logValues[(((b * Lanes) + l) * stride) + i];
                }

                lanes[(b * stride) + i] = Vector512.Create((ReadOnlySpan<double>)lane);
            }
        }

        AddBatches(lanes, count, targetMet);
    }

    /// <summary>
    /// Adds <paramref name="count"/> paths held eight to a batch: lane l of
    /// <paramref name="logValues"/>[b × stride + t × clusters + c] is ln V of path 8b + l (stride =
    /// (years + 1) × clusters), with their target outcomes path-major in <paramref name="targetMet"/>.
    /// Lanes past <paramref name="count"/> are ignored. Updates go cluster-year by cluster-year so
    /// that one histogram row stays in cache while every batch is counted into it.
    /// </summary>
    public void AddBatches(ReadOnlySpan<Vector512<double>> logValues, int count, ReadOnlySpan<bool> targetMet)
    {
        int stride = (years + 1) * clusters;
        int batches = (count + Lanes - 1) / Lanes;
        if (count < 0 || logValues.Length < batches * stride || targetMet.Length < count * targetCounts.Length)
        {
            throw new ArgumentException("The buffers are smaller than the paths they should hold.", nameof(logValues));
        }

        Paths += count;
        var inverseWidth = Vector512.Create(1 / BinWidth);
        var bins = Vector512.Create((double)Bins);
        var zero = Vector512<double>.Zero;
        long outOfRange = 0;
        ref int binsOf = ref MemoryMarshal.GetArrayDataReference(bins32);
        for (int from = 0; from < batches; from += BinBatches)
        {
            int to = Math.Min(batches, from + BinBatches);
            for (int t = 1; t <= years; t++)
            {
                // The year's bins first, stored as 32-bit integers (vector stores), then the increments,
                // which take each lane's bin with a scalar load instead of an extract from a vector register.
                for (int c = 0; c < clusters; c++)
                {
                    var low = Vector512.Create(logBase[c] + LogLow);
                    int at = (t * clusters) + c;
                    for (int b = from; b < to; b++)
                    {
                        int valid = Math.Min(Lanes, count - (b * Lanes));
                        var scaled = (logValues[(b * stride) + at] - low) * inverseWidth;
                        var inside = Vector512.GreaterThanOrEqual(scaled, zero) & Vector512.LessThan(scaled, bins);

                        // Bin 1 + ⌊scaled⌋ inside; 0 below; Bins + 1 above (and for NaN).
                        var index = Vector512.ConditionalSelect(inside, Vector512<double>.One + Vector512.Truncate(scaled),
                            Vector512.ConditionalSelect(Vector512.LessThan(scaled, zero), zero, Vector512.Create((double)(Bins + 1))));
                        var bin = Vector512.ConvertToInt64(index);
                        (Avx512F.IsSupported ? Avx512F.ConvertToVector256Int32(bin) : Vector512.Narrow(bin, bin).GetLower())
                            .StoreUnsafe(ref binsOf, (nuint)(((c * BinBatches) + b - from) * Lanes));
                        uint validMask = (1u << valid) - 1;
                        outOfRange += BitOperations.PopCount(~(uint)inside.ExtractMostSignificantBits() & validMask);
                    }
                }

                for (int c = 0; c < clusters; c++)
                {
                    ref int counts = ref histogram[(((t - 1) * clusters) + c) * (Bins + 2)];
                    for (int b = from; b < to; b++)
                    {
                        // Every bin is in [0, Bins + 1] by the selects above.
                        ref int bin = ref Unsafe.Add(ref binsOf, ((c * BinBatches) + b - from) * Lanes);
                        int valid = Math.Min(Lanes, count - (b * Lanes));
                        if (valid == Lanes)
                        {
                            Unsafe.Add(ref counts, Unsafe.Add(ref bin, 0))++;
                            Unsafe.Add(ref counts, Unsafe.Add(ref bin, 1))++;
                            Unsafe.Add(ref counts, Unsafe.Add(ref bin, 2))++;
                            Unsafe.Add(ref counts, Unsafe.Add(ref bin, 3))++;
                            Unsafe.Add(ref counts, Unsafe.Add(ref bin, 4))++;
                            Unsafe.Add(ref counts, Unsafe.Add(ref bin, 5))++;
                            Unsafe.Add(ref counts, Unsafe.Add(ref bin, 6))++;
                            Unsafe.Add(ref counts, Unsafe.Add(ref bin, 7))++;
                        }
                        else
                        {
                            for (int l = 0; l < valid; l++)
                            {
                                Unsafe.Add(ref counts, Unsafe.Add(ref bin, l))++;
                            }
                        }
                    }
                }
            }
        }

        var scale = Vector512.Create(FixedPointScale);
        var maxRelative = Vector512.Create(MaxRelative);
        var laneIndex = Vector512.Create(0UL, 1, 2, 3, 4, 5, 6, 7);
        for (int m = 0; m < milestoneOffsets.Length; m++)
        {
            int row = milestoneOffsets[m] * clusters;
            for (int c = 0; c < clusters; c++)
            {
                int at = (m * clusters) + c;
                int thresholdRow = at * logThresholds.Length;
                var logBaseC = Vector512.Create(logBase[c]);
                for (int first = 0; first < batches; first += SumBlock)
                {
                    // x = V / V₀ in fixed point, q = round(x · 2²⁴) ≤ 2⁴⁴, with q² = qh²·2⁴⁴ + qh·ql·2²³ + ql²
                    // for q = qh·2²² + ql: every product is at most 2⁴⁴, so lane sums of up to 2¹⁹
                    // batches are exact in 64 bits, and the 128-bit totals equal the path-by-path sums.
                    Vector512<ulong> q1 = default, hh = default, hl = default, ll = default;
                    int last = Math.Min(batches, first + SumBlock);
                    for (int b = first; b < last; b++)
                    {
                        int valid = Math.Min(Lanes, count - (b * Lanes));
                        uint validMask = (1u << valid) - 1;
                        var logValue = logValues[(b * stride) + row + c];
                        var x = DetMath.Exp(logValue - logBaseC);
                        var inRange = Vector512.LessThanOrEqual(x, maxRelative);
                        outOfRange += BitOperations.PopCount(~(uint)inRange.ExtractMostSignificantBits() & validMask);
                        x = Vector512.ConditionalSelect(inRange, x, maxRelative);
                        var q = Vector512.ConvertToUInt64(Vector512.Round(x * scale)) & Vector512.LessThan(laneIndex, Vector512.Create((ulong)valid));
                        var qh = q >> 22;
                        var ql = q & Vector512.Create((1UL << 22) - 1);
                        q1 += q;
                        hh += qh * qh;
                        hl += qh * ql;
                        ll += ql * ql;
                        for (int k = 0; k < logThresholds.Length; k++)
                        {
                            uint above = (uint)Vector512.GreaterThanOrEqual(logValue, Vector512.Create(logThresholds[k])).ExtractMostSignificantBits();
                            thresholdCounts[thresholdRow + k] += BitOperations.PopCount(above & validMask);
                        }
                    }

                    sum[at] += LaneTotal(q1);
                    sumOfSquares[at] += (LaneTotal(hh) << 44) + (LaneTotal(hl) << 23) + LaneTotal(ll);
                }
            }
        }

        for (int p = 0; p < count; p++)
        {
            for (int k = 0; k < targetCounts.Length; k++)
            {
                if (targetMet[(p * targetCounts.Length) + k])
                {
                    targetCounts[k]++;
                }
            }
        }

        OutOfRange += outOfRange;
    }

    /// <summary>Counts one path's outcome of target <paramref name="target"/> against the baseline's.</summary>
    public void AddPair(int target, bool scenarioMet, bool baselineMet)
    {
        if (scenarioMet && baselineMet)
        {
            pairCounts[target * 3]++;
        }
        else if (scenarioMet)
        {
            pairCounts[(target * 3) + 1]++;
        }
        else if (baselineMet)
        {
            pairCounts[(target * 3) + 2]++;
        }
    }

    /// <summary>
    /// Pairs <paramref name="count"/> paths' cluster values at the milestones with the baseline's on the
    /// same paths: for each milestone and cluster the pairing matches, the fixed-point difference
    /// q − q_b of V / V₀ and V_b / V₀ (V₀ the baseline's base value, q as in the means) and its square
    /// are summed, and each threshold's paths are counted as reached by both, only the scenario or only
    /// the baseline. <paramref name="logValues"/> holds ln V eight paths to a batch, batch-major, then
    /// milestone, then cluster (<see cref="ClusterPairing.Stride"/> per batch);
    /// <paramref name="baselineLogValues"/> the baseline's, laid out alike, and <paramref name="baselineFixed"/>
    /// its q_b (<see cref="FixedPoint"/>), computed once for all the scenarios paired with it.
    /// </summary>
    public void AddClusterPairs(ReadOnlySpan<Vector512<double>> logValues, ReadOnlySpan<Vector512<double>> baselineLogValues,
        ReadOnlySpan<Vector512<long>> baselineFixed, int count, ClusterPairing pairing)
    {
        ArgumentNullException.ThrowIfNull(pairing);
        int batches = (count + Lanes - 1) / Lanes;
        int stride = milestoneOffsets.Length * clusters;
        if (pairing.Milestones.Length != milestoneOffsets.Length || pairing.Clusters.Length != clusters
            || logValues.Length < batches * stride || baselineLogValues.Length < batches * pairing.BaselineStride
            || baselineFixed.Length < batches * pairing.BaselineStride)
        {
            throw new ArgumentException("The buffers or the pairing do not fit this scenario's paths.", nameof(logValues));
        }

        var scale = Vector512.Create(FixedPointScale);
        var maxRelative = Vector512.Create(MaxRelative);
        var laneIndex = Vector512.Create(0L, 1, 2, 3, 4, 5, 6, 7);
        var lowMask = Vector512.Create((1L << 22) - 1);
        foreach (var (m, mb, c, cb) in pairing.Pairs)
        {
            int at = (m * clusters) + c;
            int thresholdRow = at * logThresholds.Length * 3;
            int from = (m * clusters) + c, fromBaseline = (mb * pairing.BaselineClusters) + cb;
            var logBaseB = Vector512.Create(pairing.BaselineLogBase[cb]);
            for (int first = 0; first < batches; first += SumBlock)
            {
                // |d| = |q − q_b| ≤ 2⁴⁴ with d² split as for the means: lane sums of 2¹⁶ batches stay exact in 64 bits.
                Vector512<long> d1 = default, hh = default, hl = default, ll = default;
                int last = Math.Min(batches, first + SumBlock);
                for (int b = first; b < last; b++)
                {
                    int valid = Math.Min(Lanes, count - (b * Lanes));
                    uint validMask = (1u << valid) - 1;
                    var logValue = logValues[(b * stride) + from];
                    var logBaseline = baselineLogValues[(b * pairing.BaselineStride) + fromBaseline];
                    var q = Vector512.ConvertToInt64(Vector512.Round(Vector512.Min(DetMath.Exp(logValue - logBaseB), maxRelative) * scale));
                    var qb = baselineFixed[(b * pairing.BaselineStride) + fromBaseline];
                    var d = (q - qb) & Vector512.LessThan(laneIndex, Vector512.Create((long)valid));
                    var magnitude = Vector512.Abs(d);
                    var dh = magnitude >> 22;
                    var dl = magnitude & lowMask;
                    d1 += d;
                    hh += dh * dh;
                    hl += dh * dl;
                    ll += dl * dl;
                    for (int k = 0; k < logThresholds.Length; k++)
                    {
                        var threshold = Vector512.Create(logThresholds[k]);
                        uint above = (uint)Vector512.GreaterThanOrEqual(logValue, threshold).ExtractMostSignificantBits() & validMask;
                        uint aboveB = (uint)Vector512.GreaterThanOrEqual(logBaseline, threshold).ExtractMostSignificantBits() & validMask;
                        int row = thresholdRow + (k * 3);
                        thresholdPairCounts[row] += BitOperations.PopCount(above & aboveB);
                        thresholdPairCounts[row + 1] += BitOperations.PopCount(above & ~aboveB);
                        thresholdPairCounts[row + 2] += BitOperations.PopCount(~above & aboveB);
                    }
                }

                Int128 total = 0;
                for (int i = 0; i < Lanes; i++)
                {
                    total += d1.GetElement(i);
                }

                pairedSum[at] += total;
                pairedSumOfSquares[at] += (LaneTotal(hh.AsUInt64()) << 44) + (LaneTotal(hl.AsUInt64()) << 23) + LaneTotal(ll.AsUInt64());
            }
        }
    }

    /// <summary>
    /// q = round(min(V / V₀, 2²⁰) · 2²⁴), as the means and paired differences count it, of the ln V in
    /// <paramref name="logValues"/> laid out as for <see cref="AddClusterPairs"/>, into <paramref name="into"/>
    /// (as many as both hold); <paramref name="logBase"/> holds ln V₀ of each cluster of the layout.
    /// </summary>
    public static void FixedPoint(ReadOnlySpan<Vector512<double>> logValues, Span<Vector512<long>> into, ReadOnlySpan<double> logBase)
    {
        var scale = Vector512.Create(FixedPointScale);
        var maxRelative = Vector512.Create(MaxRelative);
        int total = Math.Min(logValues.Length, into.Length);
        for (int i = 0; i < total; i++)
        {
            var x = DetMath.Exp(logValues[i] - Vector512.Create(logBase[i % logBase.Length]));
            into[i] = Vector512.ConvertToInt64(Vector512.Round(Vector512.Min(x, maxRelative) * scale));
        }
    }

    /// <summary>Adds another accumulator of the same scenario into this one (exact).</summary>
    public void Merge(ScenarioAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.histogram.Length != histogram.Length || other.sum.Length != sum.Length || other.pairCounts.Length != pairCounts.Length
            || other.thresholdPairCounts.Length != thresholdPairCounts.Length)
        {
            throw new ArgumentException("Cannot merge accumulators of different scenarios.", nameof(other));
        }

        Paths += other.Paths;
        OutOfRange += other.OutOfRange;
        for (int i = 0; i < histogram.Length; i++)
        {
            histogram[i] = checked(histogram[i] + other.histogram[i]);
        }

        for (int i = 0; i < sum.Length; i++)
        {
            sum[i] += other.sum[i];
            sumOfSquares[i] += other.sumOfSquares[i];
            pairedSum[i] += other.pairedSum[i];
            pairedSumOfSquares[i] += other.pairedSumOfSquares[i];
        }

        Add(thresholdCounts, other.thresholdCounts);
        Add(targetCounts, other.targetCounts);
        Add(pairCounts, other.pairCounts);
        Add(thresholdPairCounts, other.thresholdPairCounts);
    }

    /// <summary>A copy of every count, for saving a shard of a run (the runner owns the file format).</summary>
    public AccumulatorState Export() => new(Paths, OutOfRange, [.. histogram], [.. sum], [.. sumOfSquares], [.. thresholdCounts], [.. targetCounts], [.. pairCounts])
    {
        PairedSum = [.. pairedSum],
        PairedSumOfSquares = [.. pairedSumOfSquares],
        ThresholdPairCounts = [.. thresholdPairCounts],
    };

    /// <summary>An accumulator of <paramref name="scenario"/> holding the counts of <paramref name="state"/>.</summary>
    /// <exception cref="ArgumentException">The state was not exported from an accumulator of this scenario's shape.</exception>
    public static ScenarioAccumulator Import(Scenario scenario, AccumulatorState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var acc = new ScenarioAccumulator(scenario);
        if (state.Histogram.Length != acc.histogram.Length || state.Sum.Length != acc.sum.Length || state.SumOfSquares.Length != acc.sum.Length
            || state.ThresholdCounts.Length != acc.thresholdCounts.Length || state.TargetCounts.Length != acc.targetCounts.Length
            || state.PairCounts.Length != acc.pairCounts.Length || state.PairedSum.Length != acc.pairedSum.Length
            || state.PairedSumOfSquares.Length != acc.pairedSum.Length || state.ThresholdPairCounts.Length != acc.thresholdPairCounts.Length
            || state.Paths < 0 || state.OutOfRange < 0)
        {
            throw new ArgumentException($"The saved counts do not fit scenario `{scenario.Id}` (different clusters, years, milestones, thresholds or targets).", nameof(state));
        }

        acc.Paths = state.Paths;
        acc.OutOfRange = state.OutOfRange;
        state.Histogram.CopyTo(acc.histogram);
        state.Sum.CopyTo(acc.sum);
        state.SumOfSquares.CopyTo(acc.sumOfSquares);
        state.ThresholdCounts.CopyTo(acc.thresholdCounts);
        state.TargetCounts.CopyTo(acc.targetCounts);
        state.PairCounts.CopyTo(acc.pairCounts);
        state.PairedSum.CopyTo(acc.pairedSum);
        state.PairedSumOfSquares.CopyTo(acc.pairedSumOfSquares);
        state.ThresholdPairCounts.CopyTo(acc.thresholdPairCounts);
        return acc;
    }

    /// <summary>The paired counts (both met, only scenario, only baseline) of a target.</summary>
    internal (long Both, long OnlyScenario, long OnlyBaseline) PairCounts(int target) =>
        (pairCounts[target * 3], pairCounts[(target * 3) + 1], pairCounts[(target * 3) + 2]);

    /// <summary>
    /// The paired differences from the baseline of every cluster and milestone <paramref name="pairing"/>
    /// matches, in milestone then dataset order (values in the baseline's unit).
    /// </summary>
    internal IEnumerable<ClusterDifference> ClusterDifferences(ClusterPairing pairing)
    {
        ArgumentNullException.ThrowIfNull(pairing);
        foreach (var (m, _, c, cb) in pairing.Pairs)
        {
            int at = (m * clusters) + c;
            double n = Paths, scale = DetMath.Exp(pairing.BaselineLogBase[cb]) / FixedPointScale;
            double mean = (double)pairedSum[at] / n;
            double meanSquare = (double)pairedSumOfSquares[at] / n;
            double variance = Math.Max(0, meanSquare - (mean * mean)) * n / Math.Max(1, n - 1);
            var thresholds = Scenario.Thresholds.Select((threshold, k) =>
            {
                int row = ((at * logThresholds.Length) + k) * 3;
                return new ThresholdDifference(threshold, thresholdPairCounts[row], thresholdPairCounts[row + 1], thresholdPairCounts[row + 2], Paths);
            }).ToImmutableArray();
            yield return new ClusterDifference(Scenario.Id, Scenario.Dataset.Clusters[c].Id, Scenario.Milestones[m], Paths,
                mean * scale, Math.Sqrt(variance / n) * scale, pairedSumOfSquares[at] == 0, thresholds);
        }
    }

    /// <summary>The statistics accumulated so far.</summary>
    public ScenarioResult ToResult(ulong seed, ImmutableArray<double> quantileLevels)
    {
        if (Paths < 1)
        {
            throw new InvalidOperationException("No paths were accumulated.");
        }

        var dataset = Scenario.Dataset;
        var clusterResults = ImmutableArray.CreateBuilder<ClusterResult>(clusters);
        for (int c = 0; c < clusters; c++)
        {
            double baseValue = dataset.Clusters[c].BaseValue;
            var yearRows = ImmutableArray.CreateBuilder<YearQuantiles>(years + 1);
            yearRows.Add(new YearQuantiles(dataset.BaseYear, quantileLevels.Select(_ => baseValue).ToImmutableArray()));
            for (int t = 1; t <= years; t++)
            {
                yearRows.Add(new YearQuantiles(dataset.BaseYear + t, Quantiles(t, c, quantileLevels)));
            }

            var milestones = ImmutableArray.CreateBuilder<MilestoneResult>(milestoneOffsets.Length);
            for (int m = 0; m < milestoneOffsets.Length; m++)
            {
                int at = (m * clusters) + c;
                double n = Paths;
                double meanRel = (double)sum[at] / FixedPointScale / n;
                double meanSquareRel = (double)sumOfSquares[at] / (FixedPointScale * FixedPointScale) / n;
                double variance = Math.Max(0, meanSquareRel - (meanRel * meanRel)) * n / Math.Max(1, n - 1);
                var thresholds = Scenario.Thresholds
                    .Select((threshold, k) => new ThresholdResult(threshold, new Proportion(thresholdCounts[(at * logThresholds.Length) + k], Paths)))
                    .ToImmutableArray();
                int t = milestoneOffsets[m];
                var q = t == 0 ? quantileLevels.Select(_ => baseValue).ToImmutableArray() : Quantiles(t, c, quantileLevels);
                milestones.Add(new MilestoneResult(dataset.BaseYear + t, meanRel * baseValue, Math.Sqrt(variance) * baseValue, q, thresholds));
            }

            clusterResults.Add(new ClusterResult(dataset.Clusters[c].Id, yearRows.MoveToImmutable(), milestones.MoveToImmutable()));
        }

        var targets = Scenario.Targets.Select((target, k) => new TargetResult(target, new Proportion(targetCounts[k], Paths))).ToImmutableArray();
        return new ScenarioResult(Scenario, Paths, seed, quantileLevels, DetMath.Exp(BinWidth) - 1, clusterResults.MoveToImmutable(), targets, OutOfRange);
    }

    private ImmutableArray<double> Quantiles(int t, int c, ImmutableArray<double> levels)
    {
        int offset = (((t - 1) * clusters) + c) * (Bins + 2);
        var counts = histogram.AsSpan(offset, Bins + 2);
        double baseValue = DetMath.Exp(logBase[c]);
        var result = ImmutableArray.CreateBuilder<double>(levels.Length);
        long before = 0;
        int bin = 0;
        double previous = double.NegativeInfinity;
        foreach (double level in levels)
        {
            // Ascending levels (the usual order) resume the scan where the last one stopped.
            if (!(level >= previous))
            {
                before = 0;
                bin = 0;
            }

            previous = level;
            double rank = level * Paths;
            while (bin < counts.Length - 1 && before + counts[bin] < rank)
            {
                before += counts[bin];
                bin++;
            }

            double rel;
            if (bin == 0)
            {
                rel = LogLow;
            }
            else if (bin == Bins + 1)
            {
                rel = LogHigh;
            }
            else
            {
                // Linear interpolation of the empirical CDF within the bin.
                double fraction = counts[bin] == 0 ? 0.5 : Math.Clamp((rank - before) / counts[bin], 0, 1);
                rel = LogLow + ((bin - 1 + fraction) * BinWidth);
            }

            result.Add(baseValue * DetMath.Exp(rel));
        }

        return result.MoveToImmutable();
    }

    /// <summary>The sum of a vector's lanes, exactly.</summary>
    private static UInt128 LaneTotal(Vector512<ulong> lanes)
    {
        UInt128 total = 0;
        for (int i = 0; i < Lanes; i++)
        {
            total += lanes.GetElement(i);
        }

        return total;
    }

    private static void Add(long[] into, long[] from)
    {
        for (int i = 0; i < into.Length; i++)
        {
            into[i] += from[i];
        }
    }
}

/// <summary>Every count of a <see cref="ScenarioAccumulator"/>, exported to save a shard of a run and imported to merge it.</summary>
/// <param name="Paths">Paths accumulated.</param>
/// <param name="OutOfRange">Path-years outside the histogram or fixed-point range.</param>
/// <param name="Histogram">Histogram counts, cluster-year by cluster-year.</param>
/// <param name="Sum">Fixed-point sums of V / V₀ per milestone and cluster.</param>
/// <param name="SumOfSquares">Fixed-point sums of (V / V₀)² per milestone and cluster.</param>
/// <param name="ThresholdCounts">Paths at or above each threshold per milestone and cluster.</param>
/// <param name="TargetCounts">Paths meeting each target.</param>
/// <param name="PairCounts">Per target: both met, only the scenario, only the baseline.</param>
public sealed record AccumulatorState(long Paths, long OutOfRange, ImmutableArray<int> Histogram, ImmutableArray<UInt128> Sum,
    ImmutableArray<UInt128> SumOfSquares, ImmutableArray<long> ThresholdCounts, ImmutableArray<long> TargetCounts, ImmutableArray<long> PairCounts)
{
    /// <summary>Fixed-point sums of the paired difference from the baseline per milestone and cluster.</summary>
    public ImmutableArray<Int128> PairedSum { get; init; } = [];

    /// <summary>Fixed-point sums of its square.</summary>
    public ImmutableArray<UInt128> PairedSumOfSquares { get; init; } = [];

    /// <summary>Per milestone, cluster and threshold: reached by both, only the scenario, only the baseline.</summary>
    public ImmutableArray<long> ThresholdPairCounts { get; init; } = [];
}

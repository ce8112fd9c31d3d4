using Simulation.Engine.Statistics;

namespace Simulation.Engine.Analysis;

/// <summary>An estimate with its 95% interval.</summary>
/// <param name="Value">The estimate.</param>
/// <param name="Lower">Lower end of the 95% interval.</param>
/// <param name="Upper">Upper end of the 95% interval.</param>
public sealed record Estimate(double Value, double Lower, double Upper);

/// <summary>
/// An outcome read on a group of paths: for a met outcome the share of the group's paths that met it
/// (a <see cref="Proportion"/>: Wilson, or Clopper–Pearson when fewer than ten paths fall on one side),
/// for a value its mean (with a normal 95% interval, ± 1.96 standard errors).
/// </summary>
/// <param name="Paths">Paths in the group.</param>
/// <param name="Reading">The share or mean and its interval.</param>
public sealed record GroupReading(long Paths, Estimate Reading);

/// <summary>
/// How one input bears on one outcome: its first-order (Sobol) index, and the outcome read on the
/// paths where the input is low and where it is high: its lowest and highest fifths, or for an input of
/// few values the values those fifths fall on (<see cref="InputBins"/> says how ties are grouped).
/// </summary>
/// <param name="Input">The input's index in the layout.</param>
/// <param name="Index">S = Var(E[Y | X]) / Var(Y), bias-corrected, with a grouped-jackknife 95% interval; clamped to [0, 1]; 0 for an input that takes one value in the sample.</param>
/// <param name="Bins">Bins the estimate used (distinct values for a discrete input).</param>
/// <param name="Low">The outcome on the low group.</param>
/// <param name="High">The outcome on the high group.</param>
/// <param name="LowValues">The smallest and largest value of the input in the low group.</param>
/// <param name="HighValues">The smallest and largest value of the input in the high group.</param>
public sealed record InputEffect(int Input, Estimate Index, int Bins, GroupReading Low, GroupReading High, (double Min, double Max) LowValues,
    (double Min, double Max) HighValues);

/// <summary>Everything the sensitivity analysis says about one outcome.</summary>
/// <param name="Outcome">The outcome's index in the layout.</param>
/// <param name="Overall">The outcome on every sampled path.</param>
/// <param name="Effects">One per input, in layout order; empty when the outcome does not vary in the sample.</param>
/// <param name="Ranking">Input indices by decreasing first-order index (ties by layout order).</param>
/// <param name="IsConstant">True when the outcome took one value on every sampled path (nothing to explain).</param>
public sealed record OutcomeSensitivity(int Outcome, GroupReading Overall, System.Collections.Immutable.ImmutableArray<InputEffect> Effects,
    System.Collections.Immutable.ImmutableArray<int> Ranking, bool IsConstant)
{
    /// <summary>The sum of the first-order indices (above 1 only through estimation error or dependent inputs).</summary>
    public double IndexSum => Effects.Sum(e => e.Index.Value);
}

/// <summary>
/// One input's paths sorted by value (ties by path index) and cut into bins for the correlation
/// ratio, plus its low and high groups. Bins: an input with at most M distinct values (M = ⌊√n⌋, at
/// most 100) gets one bin per value; otherwise M bins of equal count, moved so that equal values
/// always share a bin. Groups: the low group is the paths at or below the 20th percentile L, the high
/// group those at or above the 80th percentile H; when one value holds both percentiles (L = H) the
/// groups are split at it instead: below vs at it when it is the largest value, at it vs above it when
/// it is the smallest, below vs above otherwise (so a flag compares 0 with 1, an event's count none
/// with some). An input of one value puts every path in both groups.
/// </summary>
internal sealed class InputBins
{
    /// <summary>The most bins.</summary>
    public const int MaxBins = 100;

    public InputBins(ReadOnlySpan<double> x)
    {
        int n = x.Length;
        var values = x.ToArray();
        Order = new int[n];
        for (int i = 0; i < n; i++)
        {
            Order[i] = i;
        }

        // Sort by value (keys and items together, no comparison delegate), then put each run of equal values back in path order.
        var keys = (double[])values.Clone();
        Array.Sort(keys, Order);
        for (int start = 0; start < n;)
        {
            int end = start + 1;
            while (end < n && keys[end] == keys[start])
            {
                end++;
            }

            if (end - start > 1)
            {
                Array.Sort(Order, start, end - start);
            }

            start = end;
        }
        int distinct = 0;
        for (int i = 0; i < n; i++)
        {
            if (i == 0 || values[Order[i]] != values[Order[i - 1]])
            {
                distinct++;
            }
        }

        Distinct = distinct;
        int target = Math.Clamp((int)Math.Floor(Math.Sqrt(n)), 1, MaxBins);
        Bin = new int[n];
        int bin = -1, proposed = -1;
        for (int i = 0; i < n; i++)
        {
            bool newValue = i == 0 || values[Order[i]] != values[Order[i - 1]];
            int wanted = distinct <= target ? -1 : (int)((long)i * target / n);
            if (newValue && (distinct <= target || wanted != proposed))
            {
                bin++;
                proposed = wanted;
            }

            Bin[Order[i]] = bin;
        }

        Count = bin + 1;
        GroupCounts = new double[Count * Sensitivity.Groups];
        Cell = new int[n];
        for (int i = 0; i < n; i++)
        {
            Cell[i] = (Bin[i] * Sensitivity.Groups) + (i % Sensitivity.Groups);
            GroupCounts[Cell[i]]++;
        }

        Low = new bool[n];
        High = new bool[n];
        if (n == 0)
        {
            return;
        }

        int fifth = Math.Max(1, (n + 4) / 5);
        double min = values[Order[0]], max = values[Order[n - 1]];
        double low = values[Order[fifth - 1]], high = values[Order[n - fifth]];
        for (int i = 0; i < n; i++)
        {
            double v = values[i];
            (Low[i], High[i]) = (low < high, low == max, low == min) switch
            {
                _ when min == max => (true, true),
                (true, _, _) => (v <= low, v >= high),
                (false, true, _) => (v < low, v == low),
                (false, false, true) => (v == low, v > low),
                _ => (v < low, v > low),
            };
        }

        LowValues = Range(values, Low);
        HighValues = Range(values, High);
    }

    private static (double Min, double Max) Range(double[] values, bool[] member)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        for (int i = 0; i < values.Length; i++)
        {
            if (member[i])
            {
                lo = Math.Min(lo, values[i]);
                hi = Math.Max(hi, values[i]);
            }
        }

        return (lo, hi);
    }

    /// <summary>Paths in increasing order of the input (ties by path index).</summary>
    public int[] Order { get; }

    /// <summary>Each path's bin, 0 … <see cref="Count"/> − 1.</summary>
    public int[] Bin { get; }

    /// <summary>Bins.</summary>
    public int Count { get; }

    /// <summary>Each path's cell: its bin × <see cref="Sensitivity.Groups"/> + its jackknife group (path index mod the groups).</summary>
    public int[] Cell { get; }

    /// <summary>Paths in each bin and jackknife group (bin-major): they do not depend on the outcome.</summary>
    public double[] GroupCounts { get; }

    /// <summary>Distinct values.</summary>
    public int Distinct { get; }

    /// <summary>Paths in the low group.</summary>
    public bool[] Low { get; }

    /// <summary>Paths in the high group.</summary>
    public bool[] High { get; }

    /// <summary>The input's smallest and largest value in the low group.</summary>
    public (double Min, double Max) LowValues { get; }

    /// <summary>The input's smallest and largest value in the high group.</summary>
    public (double Min, double Max) HighValues { get; }
}

/// <summary>
/// One outcome prepared for <see cref="Sensitivity.Effect"/>: its values centred on their mean (so
/// Σy² − (Σy)²/n does not cancel), and its sums by jackknife group, which every input shares.
/// </summary>
internal sealed class OutcomeValues
{
    public OutcomeValues(ReadOnlySpan<double> y, bool met)
    {
        const int g = Sensitivity.Groups;
        Raw = y.ToArray();
        Met = met;
        double mean = 0;
        foreach (double v in y)
        {
            mean += v;
        }

        mean /= Math.Max(1, y.Length);
        Centred = new double[y.Length];
        GroupN = new double[g];
        GroupSum = new double[g];
        GroupSquares = new double[g];
        for (int i = 0; i < y.Length; i++)
        {
            double v = y[i] - mean;
            Centred[i] = v;
            GroupN[i % g]++;
            GroupSum[i % g] += v;
            GroupSquares[i % g] += v * v;
        }
    }

    public double[] Raw { get; }

    public double[] Centred { get; }

    public bool Met { get; }

    public double[] GroupN { get; }

    public double[] GroupSum { get; }

    public double[] GroupSquares { get; }
}

/// <summary>
/// Variance-based sensitivity from one given sample (no special design): the first-order index
/// S = Var(E[Y | X]) / Var(Y) of an input X on an outcome Y, estimated by the correlation ratio over
/// equal-count bins of X (Plischke, Borgonovo and Smith 2013, "Global sensitivity measures from
/// given data", European Journal of Operational Research 226):
/// η² = Σₘ nₘ (ȳₘ − ȳ)² / Σᵢ (yᵢ − ȳ)², corrected for its upward bias (M − 1)/(n − 1) · (1 − S):
/// Ŝ = (η² − b) / (1 − b) with b = (M − 1)/(n − 1). Its 95% interval is a delete-a-group jackknife
/// (paths split into G = 20 groups by path index mod 20; the estimate recomputed without each group,
/// the bins kept; variance (G − 1)/G · Σ (Ŝ₍g₎ − Ŝ₍·₎)², interval Ŝ ± t₀.₉₇₅,G−1 · se). Deterministic:
/// no resampling draws, and arithmetic only (the t quantile is a constant), so the same on every
/// machine. Estimates and bounds are clamped to [0, 1].
/// Specified in docs/model.md §8.
/// </summary>
internal static class Sensitivity
{
    /// <summary>Jackknife groups.</summary>
    public const int Groups = 20;

    /// <summary>t₀.₉₇₅ with 19 degrees of freedom (a test holds it to MathNet's StudentT.InvCDF).</summary>
    public const double TQuantile = 2.093024054408263;

    /// <summary>The outcome on a group of paths (<paramref name="met"/>: y is 0 or 1, read as a proportion).</summary>
    public static GroupReading Reading(long paths, double sum, double sumOfSquares, bool met)
    {
        if (paths == 0)
        {
            return new GroupReading(0, new Estimate(double.NaN, double.NaN, double.NaN));
        }

        if (met)
        {
            var p = new Proportion((long)Math.Round(sum), paths);
            return new GroupReading(paths, new Estimate(p.Estimate, p.Lower, p.Upper));
        }

        double mean = sum / paths;
        double variance = paths > 1 ? Math.Max(0, (sumOfSquares - (sum * mean)) / (paths - 1)) : 0;
        double half = Proportion.Z95 * Math.Sqrt(variance / paths);
        return new GroupReading(paths, new Estimate(mean, mean - half, mean + half));
    }

    /// <summary>
    /// The first-order index of the input binned by <paramref name="bins"/> on the outcome <paramref name="y"/>,
    /// and the outcome on its low and high groups. <paramref name="scratch"/> holds at least
    /// <see cref="ScratchLength"/> doubles (reused between calls).
    /// </summary>
    public static InputEffect Effect(int input, InputBins bins, OutcomeValues y, double[] scratch)
    {
        const int g = Groups;
        int m = bins.Count;
        var sum = scratch.AsSpan(0, m * g);
        sum.Clear();
        long lowN = 0, highN = 0;
        double lowSum = 0, lowSq = 0, highSum = 0, highSq = 0;
        var cell = bins.Cell;
        var low = bins.Low;
        var high = bins.High;
        var centred = y.Centred;
        var raw = y.Raw;
        for (int i = 0; i < centred.Length; i++)
        {
            sum[cell[i]] += centred[i];
            double v = raw[i];
            if (low[i])
            {
                lowN++;
                lowSum += v;
                lowSq += v * v;
            }

            if (high[i])
            {
                highN++;
                highSum += v;
                highSq += v * v;
            }
        }

        var groups = (Reading(lowN, lowSum, lowSq, y.Met), Reading(highN, highSum, highSq, y.Met));
        if (bins.Distinct < 2)
        {
            // One value on every path: it explains nothing (both groups are every path).
            return new InputEffect(input, new Estimate(0, 0, 0), bins.Count, groups.Item1, groups.Item2, bins.LowValues, bins.HighValues);
        }

        var count = bins.GroupCounts;
        double totalN = 0, totalSum = 0, totalSq = 0;
        for (int k = 0; k < g; k++)
        {
            totalN += y.GroupN[k];
            totalSum += y.GroupSum[k];
            totalSq += y.GroupSquares[k];
        }

        var binN = scratch.AsSpan(m * g, m);
        var binSum = scratch.AsSpan((m * g) + m, m);
        for (int b = 0; b < m; b++)
        {
            double nb = 0, sb = 0;
            for (int k = 0; k < g; k++)
            {
                nb += count[(b * g) + k];
                sb += sum[(b * g) + k];
            }

            binN[b] = nb;
            binSum[b] = sb;
        }

        double full = Corrected(binN, binSum, count, sum, -1, totalN, totalSum, totalSq);
        double replicateMean = 0;
        Span<double> replicates = stackalloc double[g];
        for (int k = 0; k < g; k++)
        {
            replicates[k] = Corrected(binN, binSum, count, sum, k, totalN - y.GroupN[k], totalSum - y.GroupSum[k], totalSq - y.GroupSquares[k]);
            replicateMean += replicates[k];
        }

        replicateMean /= g;
        double spread = 0;
        foreach (double r in replicates)
        {
            spread += (r - replicateMean) * (r - replicateMean);
        }

        double half = TQuantile * Math.Sqrt((g - 1) * spread / g);
        var index = new Estimate(Clamp(full), Clamp(full - half), Clamp(full + half));
        return new InputEffect(input, index, bins.Count, groups.Item1, groups.Item2, bins.LowValues, bins.HighValues);
    }

    /// <summary>Doubles of scratch <see cref="Effect"/> needs for an input of <paramref name="bins"/> bins.</summary>
    public static int ScratchLength(int bins) => (bins * Groups) + (2 * bins);

    /// <summary>
    /// Ŝ over the paths outside group <paramref name="without"/> (−1: all paths), from the per-bin and
    /// per-group sums: η² = (Σₘ Sₘ²/nₘ − S²/n) / (Q − S²/n), then (η² − b)/(1 − b), b = (M′ − 1)/(n − 1)
    /// with M′ the bins that still hold paths.
    /// </summary>
    private static double Corrected(ReadOnlySpan<double> binN, ReadOnlySpan<double> binSum, ReadOnlySpan<double> count, ReadOnlySpan<double> sum, int without,
        double n, double s, double q)
    {
        const int g = Groups;
        double between = 0;
        int used = 0;
        for (int b = 0; b < binN.Length; b++)
        {
            double nb = binN[b], sb = binSum[b];
            if (without >= 0)
            {
                nb -= count[(b * g) + without];
                sb -= sum[(b * g) + without];
            }

            if (nb > 0)
            {
                between += sb * sb / nb;
                used++;
            }
        }

        double total = q - (s * s / n);
        if (!(total > 0) || n < 2)
        {
            return double.NaN;
        }

        double eta = Math.Clamp((between - (s * s / n)) / total, 0, 1);
        double bias = (used - 1) / (n - 1);
        return bias < 1 ? (eta - bias) / (1 - bias) : double.NaN;
    }

    private static double Clamp(double value) => double.IsNaN(value) ? double.NaN : Math.Clamp(value, 0, 1);
}

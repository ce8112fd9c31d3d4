using System.Collections.Immutable;
using MathNet.Numerics;

namespace Simulation.Engine.Analysis;

/// <summary>A restriction of one input in a box: the paths kept have Lower ≤ x ≤ Upper (a null side is not restricted).</summary>
/// <param name="Input">The input's index in the layout.</param>
/// <param name="Lower">The lower limit, or null.</param>
/// <param name="Upper">The upper limit, or null.</param>
/// <param name="QuasiPLower">The quasi-p-value of the lower limit (NaN when unrestricted or not computed).</param>
/// <param name="QuasiPUpper">The quasi-p-value of the upper limit (NaN when unrestricted or not computed).</param>
public sealed record BoxLimit(int Input, double? Lower, double? Upper, double QuasiPLower, double QuasiPUpper)
{
    /// <summary>The larger quasi-p-value of its restricted sides: small means every side is far from noise.</summary>
    public double QuasiP => Math.Max(Lower is null ? 0 : QuasiPLower, Upper is null ? 0 : QuasiPUpper);
}

/// <summary>A box of PRIM's trajectory with its statistics.</summary>
/// <param name="Step">Its place on the trajectory (0: every path).</param>
/// <param name="Limits">The restricted inputs, in layout order.</param>
/// <param name="Paths">Paths in the box.</param>
/// <param name="Cases">Paths in the box that meet the condition.</param>
/// <param name="Coverage">Cases in the box ÷ all cases.</param>
/// <param name="Density">Cases in the box ÷ paths in the box.</param>
/// <param name="Mass">Paths in the box ÷ all paths.</param>
public sealed record PrimBox(int Step, ImmutableArray<BoxLimit> Limits, long Paths, long Cases, double Coverage, double Density, double Mass);

/// <summary>PRIM's answer for one condition.</summary>
/// <param name="Discovery">What was explained.</param>
/// <param name="Cases">Sampled paths that meet the condition.</param>
/// <param name="Paths">Sampled paths.</param>
/// <param name="Trajectory">The peeling trajectory, from the box of every path; empty when nothing could be explained.</param>
/// <param name="ChosenStep">The step chosen from the trajectory (before pasting).</param>
/// <param name="Rule">The rule that chose it, in words.</param>
/// <param name="Chosen">The chosen box after pasting, with each limit's quasi-p-value; null when nothing could be explained.</param>
/// <param name="Pruned">
/// The chosen box without the limits that may be noise: every limit whose quasi-p-value is at least
/// <see cref="PrimOptions.Significance"/> dropped, the rest tested again, until each limit left passes (PRIM on
/// many inputs also peels some that only fit the sample's noise). Null when nothing could be explained.
/// </param>
/// <param name="Note">Why nothing could be explained, or what limits the answer; null when nothing needs saying.</param>
public sealed record DiscoveryResult(Discovery Discovery, long Cases, long Paths, ImmutableArray<PrimBox> Trajectory, int ChosenStep, string Rule,
    PrimBox? Chosen, PrimBox? Pruned, string? Note);

/// <summary>
/// The Patient Rule Induction Method (Friedman and Fisher 1999, "Bump hunting in high-dimensional
/// data", Statistics and Computing 9) for scenario discovery (Bryant and Lempert 2010), as the EMA
/// Workbench's <c>prim.py</c> runs it: from the box of every path, each step considers, for every
/// input, removing the paths below its α-quantile within the box or above its (1 − α)-quantile (a
/// limit midway between the quantile and the next distinct value, so ties go together and a flag is
/// peeled whole), and keeps the peel with the best gain in density per path removed ("lenient1";
/// ties to the box with fewer restricted inputs, then to the first input); it stops when no peel
/// raises the density or the next box would hold less than the minimum mass. A chosen box is then
/// pasted: each restricted limit may move out to take in the (1 − α) nearest paths beyond it that
/// meet every other limit, as long as that raises the density. Each limit of the chosen box gets a
/// quasi-p-value: with the limit dropped the box B′ has density p′; with n paths and k cases in the
/// box, qp = P(X ≥ k) for X ~ Binomial(n, p′) — large values mean the limit may be noise. The chosen
/// box is also given pruned: without its limits of quasi-p ≥ <see cref="Significance"/>, retested until
/// every limit left passes.
/// </summary>
internal sealed class Prim
{
    /// <summary>A limit whose quasi-p-value is at least this may be noise.</summary>
    public const double Significance = PrimOptions.Significance;

    private readonly double[][] x;
    private readonly bool[] y;
    private readonly int[][] order;
    private readonly double[] min;
    private readonly double[] max;
    private readonly int n;
    private readonly long totalCases;

    /// <summary>Prepares the data: inputs by column, the outcome, and each input's paths in increasing order (ties by path).</summary>
    public Prim(double[][] inputs, bool[] outcome, int[][] sortedOrder)
    {
        x = inputs;
        y = outcome;
        order = sortedOrder;
        n = outcome.Length;
        min = new double[x.Length];
        max = new double[x.Length];
        for (int j = 0; j < x.Length; j++)
        {
            min[j] = n > 0 ? x[j][order[j][0]] : 0;
            max[j] = n > 0 ? x[j][order[j][n - 1]] : 0;
        }

        totalCases = outcome.LongCount(v => v);
    }

    /// <summary>Runs PRIM and chooses a box: the densest with coverage ≥ <paramref name="minCoverage"/>, or the box at <paramref name="step"/>.</summary>
    public DiscoveryResult Run(Discovery discovery, PrimOptions options, double minCoverage, int? step)
    {
        if (totalCases == 0 || totalCases == n)
        {
            string never = totalCases == 0
                ? $"no sampled path meets it, so there is nothing to tell its paths from the others"
                : $"every sampled path meets it, so there is nothing to tell its paths from the others";
            return new DiscoveryResult(discovery, totalCases, n, [], 0, string.Empty, null, null, never);
        }

        var trajectory = Peel(options);
        var boxes = trajectory.Select((b, i) => Stats(b, i, withQuasiP: false)).ToImmutableArray();
        int chosen;
        string rule;
        string? note = totalCases < 20
            ? $"only {totalCases} sampled paths meet it: a box drawn around so few paths is fragile; record more paths (`analysis: {{ paths: … }}`)"
            : null;
        if (step is { } wanted)
        {
            chosen = Math.Min(wanted, boxes.Length - 1);
            rule = wanted < boxes.Length
                ? $"step {wanted} of the peeling trajectory, as the study asks"
                : $"the last step, {chosen}, of the peeling trajectory (the study asks for step {wanted}, beyond its end)";
        }
        else
        {
            chosen = 0;
            for (int i = 1; i < boxes.Length; i++)
            {
                if (boxes[i].Coverage >= minCoverage && boxes[i].Density > boxes[chosen].Density)
                {
                    chosen = i;
                }
            }

            rule = $"the densest box on the peeling trajectory whose coverage is at least {minCoverage.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}";
        }

        var pasted = Paste(trajectory[chosen], options.PasteAlpha);
        return new DiscoveryResult(discovery, totalCases, n, boxes, chosen, rule, Stats(pasted, chosen, withQuasiP: true),
            Stats(Prune(pasted), chosen, withQuasiP: true), note);
    }

    /// <summary>
    /// The box without its limits that may be noise, one at a time: the limit of the largest quasi-p-value,
    /// if it is at least <see cref="Significance"/>, is dropped and every remaining limit tested again (a
    /// limit that is weak beside many others may carry weight once they are gone), until each limit left passes.
    /// </summary>
    private Box Prune(Box box)
    {
        while (true)
        {
            var qp = QuasiPs(box);
            if (qp.Count == 0)
            {
                return box;
            }

            var (j, upper, p) = qp.MaxBy(q => q.P);
            if (!(p >= Significance))
            {
                return box;
            }

            var lower = (double[])box.Lower.Clone();
            var upperLimits = (double[])box.Upper.Clone();
            if (upper)
            {
                upperLimits[j] = max[j];
            }
            else
            {
                lower[j] = min[j];
            }

            box = Make(lower, upperLimits);
        }
    }

    /// <summary>
    /// Every restricted side's quasi-p-value in one pass: a path outside the box by one side only is
    /// inside the box without that side, so the wider boxes' counts come from counting each path's
    /// broken sides. Ties go to the first input, the lower side first.
    /// </summary>
    private List<(int Input, bool Upper, double P)> QuasiPs(Box box)
    {
        var restricted = RestrictedInputs(box.Lower, box.Upper);
        var sides = new List<(int Input, bool Upper)>();
        foreach (int j in restricted)
        {
            if (box.Lower[j] > min[j])
            {
                sides.Add((j, false));
            }

            if (box.Upper[j] < max[j])
            {
                sides.Add((j, true));
            }
        }

        var paths = new long[sides.Count];
        var cases = new long[sides.Count];
        for (int i = 0; i < n; i++)
        {
            int broken = -1, count = 0;
            for (int s = 0; s < sides.Count && count < 2; s++)
            {
                var (j, upper) = sides[s];
                if (upper ? x[j][i] > box.Upper[j] : x[j][i] < box.Lower[j])
                {
                    broken = s;
                    count++;
                }
            }

            if (count == 1)
            {
                paths[broken]++;
                cases[broken] += y[i] ? 1 : 0;
            }
        }

        var result = new List<(int, bool, double)>(sides.Count);
        for (int s = 0; s < sides.Count; s++)
        {
            double p = (double)(box.Cases + cases[s]) / (box.Paths + paths[s]);
            result.Add((sides[s].Input, sides[s].Upper, Tail(box.Cases, box.Paths, p)));
        }

        return result;
    }

    /// <summary>P(X ≥ k) for X ~ Binomial(m, p): I_p(k, m − k + 1).</summary>
    private static double Tail(long k, long m, double p) =>
        k == 0 || p >= 1 ? 1 : p <= 0 ? 0 : SpecialFunctions.BetaRegularized(k, m - k + 1, p);

    /// <summary>Limits on every input (the initial box: each input's own range) and which paths they keep.</summary>
    private sealed class Box
    {
        public Box(double[] lower, double[] upper, bool[] inside, long paths, long cases)
        {
            Lower = lower;
            Upper = upper;
            Inside = inside;
            Paths = paths;
            Cases = cases;
        }

        public double[] Lower { get; }

        public double[] Upper { get; }

        public bool[] Inside { get; }

        public long Paths { get; }

        public long Cases { get; }

        public double Density => Paths == 0 ? 0 : (double)Cases / Paths;
    }

    private int Restricted(Box box)
    {
        int r = 0;
        for (int j = 0; j < x.Length; j++)
        {
            if (box.Lower[j] > min[j] || box.Upper[j] < max[j])
            {
                r++;
            }
        }

        return r;
    }

    private List<Box> Peel(PrimOptions options)
    {
        int d = x.Length;
        var inside = new bool[n];
        Array.Fill(inside, true);
        var box = new Box((double[])min.Clone(), (double[])max.Clone(), inside, n, totalCases);
        var trajectory = new List<Box> { box };

        // Each input's paths inside the box, in increasing order of the input.
        var members = new int[d][];
        var counts = new int[d];
        for (int j = 0; j < d; j++)
        {
            members[j] = (int[])order[j].Clone();
            counts[j] = n;
        }

        while (true)
        {
            double bestScore = 0;
            int bestInput = -1, bestRestricted = int.MaxValue;
            bool bestUpper = false;
            double bestLimit = 0;
            long bestRemoved = 0, bestRemovedCases = 0;
            int restrictedNow = Restricted(box);
            for (int j = 0; j < d; j++)
            {
                var list = members[j].AsSpan(0, counts[j]);
                for (int side = 0; side < 2; side++)
                {
                    bool upper = side == 1;
                    if (!PeelLimit(x[j], list, options.PeelAlpha, upper, out double limit, out int removed, out int removedCases))
                    {
                        continue;
                    }

                    long keep = box.Paths - removed;
                    if (keep <= 0)
                    {
                        continue;
                    }

                    double gain = (((double)(box.Cases - removedCases) / keep) - box.Density) / removed;
                    bool newlyRestricted = !(box.Lower[j] > min[j] || box.Upper[j] < max[j]);
                    int restricted = restrictedNow + (newlyRestricted ? 1 : 0);
                    if (gain > bestScore || (gain == bestScore && gain > 0 && restricted < bestRestricted))
                    {
                        (bestScore, bestInput, bestUpper, bestLimit, bestRemoved, bestRemovedCases, bestRestricted) =
                            (gain, j, upper, limit, removed, removedCases, restricted);
                    }
                }
            }

            if (bestInput < 0 || (double)(box.Paths - bestRemoved) / n < options.MinMass)
            {
                return trajectory;
            }

            var lower = (double[])box.Lower.Clone();
            var upperLimits = (double[])box.Upper.Clone();
            var kept = (bool[])box.Inside.Clone();
            var values = x[bestInput];
            if (bestUpper)
            {
                upperLimits[bestInput] = bestLimit;
            }
            else
            {
                lower[bestInput] = bestLimit;
            }

            foreach (int i in members[bestInput].AsSpan(0, counts[bestInput]))
            {
                if (bestUpper ? values[i] > bestLimit : values[i] < bestLimit)
                {
                    kept[i] = false;
                }
            }

            box = new Box(lower, upperLimits, kept, box.Paths - bestRemoved, box.Cases - bestRemovedCases);
            for (int j = 0; j < d; j++)
            {
                int w = 0;
                var list = members[j];
                for (int r = 0; r < counts[j]; r++)
                {
                    if (kept[list[r]])
                    {
                        list[w++] = list[r];
                    }
                }

                counts[j] = w;
            }

            trajectory.Add(box);
        }
    }

    /// <summary>
    /// A peel of the box's paths <paramref name="list"/> (sorted by <paramref name="values"/>) at its low
    /// or high end: the limit midway between the α-quantile (EMA's sdtoolkit rule: position (m − 1)α, moved
    /// past ties) and the next distinct value, and the paths and cases it removes. False when every path
    /// from the quantile on has one value (nothing to peel).
    /// </summary>
    private bool PeelLimit(double[] values, ReadOnlySpan<int> list, double alpha, bool upper, out double limit, out int removed, out int removedCases)
    {
        limit = 0;
        removed = 0;
        removedCases = 0;
        int m = list.Length;
        if (m < 2)
        {
            return false;
        }

        double position = (m - 1) * (upper ? 1 - alpha : alpha);
        int lo = (int)Math.Floor(position), hi = (int)Math.Ceiling(position);
        if (upper)
        {
            while (lo > 0 && values[list[lo]] == values[list[hi]])
            {
                lo--;
            }
        }
        else
        {
            while (hi < m - 1 && values[list[lo]] == values[list[hi]])
            {
                hi++;
            }
        }

        double a = values[list[lo]], b = values[list[hi]];
        if (a == b)
        {
            return false;
        }

        limit = (a + b) / 2;
        if (upper)
        {
            for (int r = m - 1; r >= 0 && values[list[r]] > limit; r--)
            {
                removed++;
                removedCases += y[list[r]] ? 1 : 0;
            }
        }
        else
        {
            for (int r = 0; r < m && values[list[r]] < limit; r++)
            {
                removed++;
                removedCases += y[list[r]] ? 1 : 0;
            }
        }

        return removed > 0;
    }

    /// <summary>The inputs the limits restrict.</summary>
    private int[] RestrictedInputs(double[] lower, double[] upper) =>
        Enumerable.Range(0, x.Length).Where(j => lower[j] > min[j] || upper[j] < max[j]).ToArray();

    /// <summary>Whether path <paramref name="i"/> lies within the limits of <paramref name="restricted"/>, leaving out input <paramref name="skip"/> (−1: none).</summary>
    private bool Within(double[] lower, double[] upper, int[] restricted, int i, int skip)
    {
        foreach (int j in restricted)
        {
            if (j != skip && (x[j][i] < lower[j] || x[j][i] > upper[j]))
            {
                return false;
            }
        }

        return true;
    }

    private Box Make(double[] lower, double[] upper)
    {
        var inside = new bool[n];
        var restricted = RestrictedInputs(lower, upper);
        long paths = 0, cases = 0;
        for (int i = 0; i < n; i++)
        {
            if (Within(lower, upper, restricted, i, -1))
            {
                inside[i] = true;
                paths++;
                cases += y[i] ? 1 : 0;
            }
        }

        return new Box(lower, upper, inside, paths, cases);
    }

    /// <summary>Pastes: moves one restricted limit at a time out to the (1 − α)-quantile of the paths beyond it that meet every other limit, while that raises the density.</summary>
    private Box Paste(Box box, double alpha)
    {
        while (true)
        {
            Box? best = null;
            double bestScore = 0;
            var restricted = RestrictedInputs(box.Lower, box.Upper);
            foreach (int j in restricted)
            {
                for (int side = 0; side < 2; side++)
                {
                    bool upper = side == 1;
                    if (upper ? !(box.Upper[j] < max[j]) : !(box.Lower[j] > min[j]))
                    {
                        continue;
                    }

                    // The values beyond this limit on paths that meet every other limit, nearest first.
                    var beyond = new List<double>();
                    for (int i = 0; i < n; i++)
                    {
                        double v = x[j][i];
                        if ((upper ? v > box.Upper[j] : v < box.Lower[j]) && Within(box.Lower, box.Upper, restricted, i, j))
                        {
                            beyond.Add(v);
                        }
                    }

                    if (beyond.Count == 0)
                    {
                        continue;
                    }

                    beyond.Sort();
                    double limit = PasteLimit(beyond, alpha, upper);
                    var lower = (double[])box.Lower.Clone();
                    var upperLimits = (double[])box.Upper.Clone();
                    if (upper)
                    {
                        upperLimits[j] = limit;
                    }
                    else
                    {
                        lower[j] = limit;
                    }

                    var candidate = Make(lower, upperLimits);
                    long added = candidate.Paths - box.Paths;
                    if (added <= 0 || !(candidate.Density > box.Density))
                    {
                        continue;
                    }

                    double score = (candidate.Density - box.Density) / added;
                    if (score > bestScore)
                    {
                        (best, bestScore) = (candidate, score);
                    }
                }
            }

            if (best is null)
            {
                return box;
            }

            box = best;
        }
    }

    /// <summary>
    /// The new limit when pasting into <paramref name="beyond"/> (the sorted values beyond a lower limit,
    /// or beyond an upper one): the quantile of those values nearest the box, 1 − α below it or α above,
    /// midway to the next distinct value; at the far end, the range's own end.
    /// </summary>
    private static double PasteLimit(List<double> beyond, double alpha, bool upper)
    {
        int m = beyond.Count;
        if (m == 1)
        {
            return beyond[0];
        }

        double position = (m - 1) * (upper ? alpha : 1 - alpha);
        int lo = (int)Math.Floor(position), hi = (int)Math.Ceiling(position);
        if (upper)
        {
            // Keep the values up to the α-quantile: the limit lies midway to the next larger value.
            while (hi < m - 1 && beyond[lo] == beyond[hi])
            {
                hi++;
            }

            return beyond[lo] == beyond[hi] ? beyond[m - 1] : (beyond[lo] + beyond[hi]) / 2;
        }

        while (lo > 0 && beyond[lo] == beyond[hi])
        {
            lo--;
        }

        return beyond[lo] == beyond[hi] ? beyond[0] : (beyond[lo] + beyond[hi]) / 2;
    }

    private PrimBox Stats(Box box, int step, bool withQuasiP)
    {
        var qp = withQuasiP ? QuasiPs(box).ToDictionary(q => (q.Input, q.Upper), q => q.P) : [];
        double Of(int j, bool upper) => qp.TryGetValue((j, upper), out double p) ? p : double.NaN;
        var limits = ImmutableArray.CreateBuilder<BoxLimit>();
        for (int j = 0; j < x.Length; j++)
        {
            bool lowerSet = box.Lower[j] > min[j], upperSet = box.Upper[j] < max[j];
            if (!lowerSet && !upperSet)
            {
                continue;
            }

            limits.Add(new BoxLimit(j, lowerSet ? box.Lower[j] : null, upperSet ? box.Upper[j] : null,
                lowerSet ? Of(j, false) : double.NaN, upperSet ? Of(j, true) : double.NaN));
        }

        return new PrimBox(step, limits.ToImmutable(), box.Paths, box.Cases, (double)box.Cases / totalCases, box.Density, (double)box.Paths / n);
    }
}

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

/// <summary>How a box fares on a set of paths.</summary>
/// <param name="Paths">Paths in the box.</param>
/// <param name="Cases">Paths in the box that meet the condition.</param>
/// <param name="Coverage">Cases in the box ÷ all cases of the set (NaN when the set has none).</param>
/// <param name="Density">Cases in the box ÷ paths in the box (NaN when the box holds none).</param>
/// <param name="Mass">Paths in the box ÷ all paths of the set.</param>
public sealed record BoxStats(long Paths, long Cases, double Coverage, double Density, double Mass);

/// <summary>A box of PRIM's trajectory: its limits, how it fares on the paths PRIM searched, and on the held-out paths.</summary>
/// <param name="Step">Its place on the trajectory (0: every path).</param>
/// <param name="Limits">The restricted inputs, in layout order.</param>
/// <param name="Paths">Searched paths in the box.</param>
/// <param name="Cases">Searched paths in the box that meet the condition.</param>
/// <param name="Coverage">Cases in the box ÷ all searched cases.</param>
/// <param name="Density">Cases in the box ÷ searched paths in the box.</param>
/// <param name="Mass">Paths in the box ÷ all searched paths.</param>
/// <param name="Holdout">The same box on the held-out paths, which PRIM never saw.</param>
public sealed record PrimBox(int Step, ImmutableArray<BoxLimit> Limits, long Paths, long Cases, double Coverage, double Density, double Mass, BoxStats Holdout);

/// <summary>PRIM's answer for one condition.</summary>
/// <param name="Discovery">What was explained.</param>
/// <param name="Cases">Sampled paths that meet the condition.</param>
/// <param name="Paths">Sampled paths.</param>
/// <param name="Trajectory">The peeling trajectory, from the box of every path; empty when nothing could be explained.</param>
/// <param name="ChosenStep">The step chosen from the trajectory (before pasting).</param>
/// <param name="Rule">The rule that chose it, in words.</param>
/// <param name="Chosen">The chosen box after pasting, with each limit's quasi-p-value; null when nothing could be explained.</param>
/// <param name="Pruned">
/// The chosen box without the limits that may be noise, dropped one side at a time (the side of the
/// largest quasi-p-value while it is at least <see cref="PrimOptions.Significance"/>, the rest retested);
/// PRIM on many inputs also peels inputs that only fit the searched paths' noise. Null when nothing could be explained.
/// </param>
/// <param name="Note">Why nothing could be explained, or what limits the answer; null when nothing needs saying.</param>
public sealed record DiscoveryResult(Discovery Discovery, long Cases, long Paths, ImmutableArray<PrimBox> Trajectory, int ChosenStep, string Rule,
    PrimBox? Chosen, PrimBox? Pruned, string? Note);

/// <summary>
/// The Patient Rule Induction Method (Friedman and Fisher 1999, "Bump hunting in high-dimensional
/// data", Statistics and Computing 9) for scenario discovery (Bryant and Lempert 2010), with the EMA
/// Workbench's peeling, pasting and quasi-p-value (its <c>prim.py</c>), and three additions of this
/// engine: the search runs on the even-numbered paths and every box is also measured on the
/// odd-numbered ones, which PRIM never saw; a box is chosen by a rule (the densest with enough
/// coverage, or a given step) and that box is pasted (the Workbench pastes the last box and leaves the
/// choice to its user); and the chosen box is pruned of limits that may be noise.
/// <list type="bullet">
/// <item>Peeling: from the box of every searched path, each step considers, for every input, removing
/// the box's paths below its α-quantile or above its (1 − α)-quantile (the sdtoolkit rule: position
/// (m − 1)q, moved past ties, the limit midway to the next distinct value, so ties go together and a
/// flag is peeled whole), and keeps the peel with the best gain in density per path removed
/// ("lenient1"; ties to fewer restricted inputs, then to the first input, lower side first); it stops
/// when no peel raises the density or the next box would hold less than the minimum mass.</item>
/// <item>Pasting: a restricted limit may move out to take in about α of the searched paths beyond it that meet every
/// other limit (the (1 − α)-quantile of those below a lower limit, the α-quantile of those above an
/// upper one), the paste with the best gain in density per path added, while one raises the density.</item>
/// <item>Quasi-p-value of a limit: with the limit dropped the box B′ has density p′; with n paths and k
/// cases in the box, qp = P(X ≥ k) for X ~ Binomial(n, p′). A heuristic, not a test: the limit was
/// chosen on these paths, so a small qp overstates how sure it is.</item>
/// </list>
/// Specified in docs/model.md §9.
/// </summary>
internal sealed class Prim
{
    /// <summary>A limit whose quasi-p-value is at least this may be noise.</summary>
    public const double Significance = PrimOptions.Significance;

    private readonly Rows search;
    private readonly Rows holdout;
    private readonly double[] min;
    private readonly double[] max;

    /// <summary>Prepares the data: inputs by column, the outcome, and each input's paths in increasing order (ties by path).</summary>
    public Prim(double[][] inputs, bool[] outcome, int[][] sortedOrder)
    {
        int n = outcome.Length;
        search = new Rows(inputs, outcome, sortedOrder, i => i % 2 == 0, n);
        holdout = new Rows(inputs, outcome, sortedOrder, i => i % 2 == 1, n);
        min = new double[inputs.Length];
        max = new double[inputs.Length];
        for (int j = 0; j < inputs.Length; j++)
        {
            min[j] = n > 0 ? inputs[j][sortedOrder[j][0]] : 0;
            max[j] = n > 0 ? inputs[j][sortedOrder[j][n - 1]] : 0;
        }
    }

    /// <summary>The paths of one half: inputs by column, the outcome, and each input's paths in increasing order.</summary>
    private sealed class Rows
    {
        public Rows(double[][] inputs, bool[] outcome, int[][] sortedOrder, Func<int, bool> keep, int n)
        {
            var index = new int[n];
            int count = 0;
            for (int i = 0; i < n; i++)
            {
                index[i] = keep(i) ? count++ : -1;
            }

            X = new double[inputs.Length][];
            Order = new int[inputs.Length][];
            Y = new bool[count];
            for (int i = 0; i < n; i++)
            {
                if (index[i] >= 0)
                {
                    Y[index[i]] = outcome[i];
                }
            }

            for (int j = 0; j < inputs.Length; j++)
            {
                X[j] = new double[count];
                Order[j] = new int[count];
                int r = 0;
                foreach (int i in sortedOrder[j])
                {
                    if (index[i] >= 0)
                    {
                        X[j][index[i]] = inputs[j][i];
                        Order[j][r++] = index[i];
                    }
                }
            }

            Cases = Y.LongCount(v => v);
        }

        public double[][] X { get; }

        public bool[] Y { get; }

        public int[][] Order { get; }

        public int Count => Y.Length;

        public long Cases { get; }
    }

    /// <summary>Runs PRIM and chooses a box: the densest with coverage ≥ <paramref name="minCoverage"/>, or the box at <paramref name="step"/>.</summary>
    public DiscoveryResult Run(Discovery discovery, PrimOptions options, double minCoverage, int? step)
    {
        long cases = search.Cases + holdout.Cases, paths = search.Count + holdout.Count;
        if (search.Cases == 0 || search.Cases == search.Count)
        {
            string why = cases == 0 ? "no sampled path meets it, so there is nothing to tell its paths from the others"
                : cases == paths ? "every sampled path meets it, so there is nothing to tell its paths from the others"
                : search.Cases == 0 ? $"only {cases} sampled paths meet it, none of them among the even-numbered paths PRIM searches: record more paths (`analysis: {{ paths: … }}`)"
                : $"only {paths - cases} sampled paths miss it, none of them among the even-numbered paths PRIM searches: record more paths (`analysis: {{ paths: … }}`)";
            return new DiscoveryResult(discovery, cases, paths, [], 0, string.Empty, null, null, why);
        }

        var trajectory = Peel(options);
        var boxes = trajectory.Select((b, i) => Stats(b, i, withQuasiP: false)).ToImmutableArray();
        long fewest = Math.Min(search.Cases, search.Count - search.Cases);
        string? note = fewest < 20
            ? $"PRIM searched {search.Count:N0} paths of which only {fewest:N0} {(fewest == search.Cases ? "meet" : "miss")} it: a box drawn around so few paths is fragile; record more paths (`analysis: {{ paths: … }}`)"
            : null;
        int chosen;
        string rule;
        if (step is { } wanted)
        {
            chosen = Math.Min(wanted, boxes.Length - 1);
            rule = wanted < boxes.Length
                ? "the box at the step of the peeling trajectory the study asks for"
                : $"the last box of the peeling trajectory (the study asks for step {wanted}, beyond its end)";
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
        return new DiscoveryResult(discovery, cases, paths, boxes, chosen, rule, Stats(pasted, chosen, withQuasiP: true),
            Stats(Prune(pasted), chosen, withQuasiP: true), note);
    }

    /// <summary>Pastes a box given by its limits (for tests): the box the paths within them make, pasted.</summary>
    internal PrimBox PasteBox(double[] lower, double[] upper, double alpha) => Stats(Paste(Make(lower, upper), alpha), 0, withQuasiP: true);

    /// <summary>Limits on every input (the initial box: each input's own range) and the searched paths they keep.</summary>
    private sealed class Box(double[] lower, double[] upper, bool[] inside, long paths, long cases)
    {
        public double[] Lower { get; } = lower;

        public double[] Upper { get; } = upper;

        public bool[] Inside { get; } = inside;

        public long Paths { get; } = paths;

        public long Cases { get; } = cases;

        public double Density => Paths == 0 ? 0 : (double)Cases / Paths;
    }

    private bool LowerSet(double[] lower, int j) => lower[j] > min[j];

    private bool UpperSet(double[] upper, int j) => upper[j] < max[j];

    /// <summary>The inputs the limits restrict.</summary>
    private int[] RestrictedInputs(double[] lower, double[] upper) =>
        Enumerable.Range(0, min.Length).Where(j => LowerSet(lower, j) || UpperSet(upper, j)).ToArray();

    /// <summary>Whether row <paramref name="i"/> of <paramref name="rows"/> lies within the limits of <paramref name="restricted"/>, leaving out input <paramref name="skip"/> (−1: none).</summary>
    private static bool Within(Rows rows, double[] lower, double[] upper, int[] restricted, int i, int skip)
    {
        foreach (int j in restricted)
        {
            if (j != skip && (rows.X[j][i] < lower[j] || rows.X[j][i] > upper[j]))
            {
                return false;
            }
        }

        return true;
    }

    private Box Make(double[] lower, double[] upper)
    {
        var inside = new bool[search.Count];
        var restricted = RestrictedInputs(lower, upper);
        long paths = 0, cases = 0;
        for (int i = 0; i < search.Count; i++)
        {
            if (Within(search, lower, upper, restricted, i, -1))
            {
                inside[i] = true;
                paths++;
                cases += search.Y[i] ? 1 : 0;
            }
        }

        return new Box(lower, upper, inside, paths, cases);
    }

    private Box Without(Box box, int j, bool upper)
    {
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

        return Make(lower, upperLimits);
    }

    private List<Box> Peel(PrimOptions options)
    {
        int d = min.Length;
        var inside = new bool[search.Count];
        Array.Fill(inside, true);
        var box = new Box((double[])min.Clone(), (double[])max.Clone(), inside, search.Count, search.Cases);
        var trajectory = new List<Box> { box };

        // Each input's paths inside the box, in increasing order of the input.
        var members = new int[d][];
        var counts = new int[d];
        for (int j = 0; j < d; j++)
        {
            members[j] = (int[])search.Order[j].Clone();
            counts[j] = search.Count;
        }

        while (true)
        {
            double bestScore = 0;
            int bestInput = -1, bestRestricted = int.MaxValue;
            bool bestUpper = false;
            double bestLimit = 0;
            long bestRemoved = 0, bestRemovedCases = 0;
            int restrictedNow = RestrictedInputs(box.Lower, box.Upper).Length;
            for (int j = 0; j < d; j++)
            {
                for (int side = 0; side < 2; side++)
                {
                    bool upper = side == 1;
                    if (!PeelLimit(search.X[j], members[j], counts[j], options.PeelAlpha, upper, out double limit, out int removed, out int removedCases))
                    {
                        continue;
                    }

                    long keep = box.Paths - removed;
                    if (keep <= 0)
                    {
                        continue;
                    }

                    double gain = (((double)(box.Cases - removedCases) / keep) - box.Density) / removed;
                    bool newlyRestricted = !(LowerSet(box.Lower, j) || UpperSet(box.Upper, j));
                    int restricted = restrictedNow + (newlyRestricted ? 1 : 0);
                    if (gain > bestScore || (gain == bestScore && gain > 0 && restricted < bestRestricted))
                    {
                        (bestScore, bestInput, bestUpper, bestLimit, bestRemoved, bestRemovedCases, bestRestricted) =
                            (gain, j, upper, limit, removed, removedCases, restricted);
                    }
                }
            }

            if (bestInput < 0 || (double)(box.Paths - bestRemoved) / search.Count < options.MinMass)
            {
                return trajectory;
            }

            var lower = (double[])box.Lower.Clone();
            var upperLimits = (double[])box.Upper.Clone();
            var kept = (bool[])box.Inside.Clone();
            var values = search.X[bestInput];
            (bestUpper ? upperLimits : lower)[bestInput] = bestLimit;
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
    /// The sdtoolkit quantile PRIM's limits sit at: for <paramref name="q"/> below ½, the value at
    /// position (m − 1)q of the sorted <paramref name="value"/>s, moved up past ties, midway to the next
    /// distinct value; above ½, moved down past ties, midway to the previous one. Null when every value
    /// from that position on (or up to it) is the same.
    /// </summary>
    private static double? Quantile(int m, Func<int, double> value, double q)
    {
        double position = (m - 1) * q;
        int lo = (int)Math.Floor(position), hi = (int)Math.Ceiling(position);
        if (q > 0.5)
        {
            while (lo > 0 && value(lo) == value(hi))
            {
                lo--;
            }
        }
        else
        {
            while (hi < m - 1 && value(lo) == value(hi))
            {
                hi++;
            }
        }

        double a = value(lo), b = value(hi);
        return a == b ? null : (a + b) / 2;
    }

    /// <summary>
    /// A peel of the box's <paramref name="count"/> paths <paramref name="list"/> (sorted by <paramref name="values"/>) at its low
    /// end (below the α-quantile) or its high end (above the (1 − α)-quantile), and the paths and cases it
    /// removes. False when there is nothing to peel.
    /// </summary>
    private bool PeelLimit(double[] values, int[] list, int count, double alpha, bool upper, out double limit, out int removed, out int removedCases)
    {
        limit = 0;
        removed = 0;
        removedCases = 0;
        if (count < 2 || Quantile(count, r => values[list[r]], upper ? 1 - alpha : alpha) is not { } q)
        {
            return false;
        }

        limit = q;
        if (upper)
        {
            for (int r = count - 1; r >= 0 && values[list[r]] > limit; r--)
            {
                removed++;
                removedCases += search.Y[list[r]] ? 1 : 0;
            }
        }
        else
        {
            for (int r = 0; r < count && values[list[r]] < limit; r++)
            {
                removed++;
                removedCases += search.Y[list[r]] ? 1 : 0;
            }
        }

        return removed > 0;
    }

    /// <summary>Pastes: moves one restricted limit at a time out to take in about α of the searched paths beyond it that meet every other limit, while that raises the density.</summary>
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
                    if (upper ? !UpperSet(box.Upper, j) : !LowerSet(box.Lower, j))
                    {
                        continue;
                    }

                    // The values beyond this limit on paths that meet every other limit, in increasing order.
                    var beyond = new List<double>();
                    for (int i = 0; i < search.Count; i++)
                    {
                        double v = search.X[j][i];
                        if ((upper ? v > box.Upper[j] : v < box.Lower[j]) && Within(search, box.Lower, box.Upper, restricted, i, j))
                        {
                            beyond.Add(v);
                        }
                    }

                    if (beyond.Count == 0)
                    {
                        continue;
                    }

                    beyond.Sort();

                    // The nearest α of them: above the (1 − α)-quantile below a lower limit, below the α-quantile above an upper one;
                    // with a single value, or all alike, all of them.
                    double limit = beyond.Count == 1 ? beyond[0]
                        : Quantile(beyond.Count, r => beyond[r], upper ? alpha : 1 - alpha) ?? (upper ? beyond[^1] : beyond[0]);
                    var lower = (double[])box.Lower.Clone();
                    var upperLimits = (double[])box.Upper.Clone();
                    (upper ? upperLimits : lower)[j] = limit;
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
    /// The box without its sides that may be noise, one at a time: the side of the largest quasi-p-value,
    /// if it is at least <see cref="Significance"/>, is dropped and every remaining side tested again (a
    /// side that is weak beside many others may carry weight once they are gone), until each side left passes.
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

            box = Without(box, j, upper);
        }
    }

    /// <summary>
    /// Every restricted side's quasi-p-value in one pass: a path outside the box by one side only is
    /// inside the box without that side, so the wider boxes' counts come from counting each path's
    /// broken sides. In input order, the lower side first.
    /// </summary>
    private List<(int Input, bool Upper, double P)> QuasiPs(Box box)
    {
        var sides = new List<(int Input, bool Upper)>();
        foreach (int j in RestrictedInputs(box.Lower, box.Upper))
        {
            if (LowerSet(box.Lower, j))
            {
                sides.Add((j, false));
            }

            if (UpperSet(box.Upper, j))
            {
                sides.Add((j, true));
            }
        }

        var paths = new long[sides.Count];
        var cases = new long[sides.Count];
        for (int i = 0; i < search.Count; i++)
        {
            int broken = -1, count = 0;
            for (int s = 0; s < sides.Count && count < 2; s++)
            {
                var (j, upper) = sides[s];
                if (upper ? search.X[j][i] > box.Upper[j] : search.X[j][i] < box.Lower[j])
                {
                    broken = s;
                    count++;
                }
            }

            if (count == 1)
            {
                paths[broken]++;
                cases[broken] += search.Y[i] ? 1 : 0;
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

    /// <summary>How the limits fare on the held-out paths.</summary>
    private BoxStats Holdout(double[] lower, double[] upper)
    {
        var restricted = RestrictedInputs(lower, upper);
        long paths = 0, cases = 0;
        for (int i = 0; i < holdout.Count; i++)
        {
            if (Within(holdout, lower, upper, restricted, i, -1))
            {
                paths++;
                cases += holdout.Y[i] ? 1 : 0;
            }
        }

        return new BoxStats(paths, cases, holdout.Cases == 0 ? double.NaN : (double)cases / holdout.Cases, paths == 0 ? double.NaN : (double)cases / paths,
            holdout.Count == 0 ? double.NaN : (double)paths / holdout.Count);
    }

    private PrimBox Stats(Box box, int step, bool withQuasiP)
    {
        var qp = withQuasiP ? QuasiPs(box).ToDictionary(q => (q.Input, q.Upper), q => q.P) : [];
        double Of(int j, bool upper) => qp.TryGetValue((j, upper), out double p) ? p : double.NaN;
        var limits = ImmutableArray.CreateBuilder<BoxLimit>();
        foreach (int j in RestrictedInputs(box.Lower, box.Upper))
        {
            bool lowerSet = LowerSet(box.Lower, j), upperSet = UpperSet(box.Upper, j);
            limits.Add(new BoxLimit(j, lowerSet ? box.Lower[j] : null, upperSet ? box.Upper[j] : null,
                lowerSet ? Of(j, false) : double.NaN, upperSet ? Of(j, true) : double.NaN));
        }

        return new PrimBox(step, limits.ToImmutable(), box.Paths, box.Cases, (double)box.Cases / search.Cases, box.Density, (double)box.Paths / search.Count,
            Holdout(box.Lower, box.Upper));
    }
}

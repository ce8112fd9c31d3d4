using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Simulation.Engine.Randomness;

namespace Simulation.Engine.Kernel;

/// <summary>
/// The production kernel: simulates eight consecutive paths at once, one per lane of a
/// <see cref="Vector512{T}"/> (structure of arrays: every state variable holds the eight paths'
/// values side by side). Each lane draws from its own path's streams (<see cref="LaneGenerator"/>)
/// and computes exactly the operations of <see cref="PathSimulator"/>, the scalar reference, in the
/// same order — where paths diverge (how many projects arrive, whether an event fires or a park is
/// cancelled) lanes are masked, packed or finished one by one — so every lane's values are bit for
/// bit those of the scalar path. Not thread safe: each worker owns one.
/// docs/model.md §1–§5: the same model as <see cref="PathSimulator"/>, eight paths at once.
/// </summary>
internal sealed class BatchSimulator
{
    private const int Lanes = LaneGenerator.Lanes;

    private readonly CompiledScenario plan;
    private readonly ulong seed;
    private readonly int n;
    private readonly Vector512<double>[] drift;
    private readonly Vector512<double>[] sigma;
    private readonly Vector512<double>[] growthFactor;
    private readonly Vector512<double>[] logAdd;
    private readonly Vector512<double>[] capacity;
    private readonly Vector512<double>[] z;
    private readonly Vector512<double>[] e;
    private readonly Vector512<double>[] logV;
    private readonly Vector512<double>[] subsidyInvestment;
    private readonly Vector512<double>[] subsidyRate;
    private readonly Vector512<double>[] subsidyClaims;
    private readonly bool[] hasCapacity;
    private readonly Vector512<double>[] subsidyMeans;
    private readonly Vector512<double>[] subsidyProjects;
    private readonly PackedProjects packedProjects = new();
    private readonly Vector512<double>[] parkDraws;
    private readonly LaneGenerator[] attractionGenerators;
    private readonly Vector512<double>[] attractionCounts;
    private readonly Vector512<double>[] attractionMeans;
    private Vector512<double>[] attractionChoice = new Vector512<double>[16];
    private Vector512<double>[] attractionSize = new Vector512<double>[16];

    public BatchSimulator(CompiledScenario plan, ulong seed)
    {
        this.plan = plan;
        this.seed = seed;
        n = plan.Clusters;
        int cells = (plan.Years + 1) * n;
        drift = new Vector512<double>[n];
        sigma = new Vector512<double>[n];
        growthFactor = new Vector512<double>[n];
        logAdd = new Vector512<double>[cells];
        capacity = new Vector512<double>[cells];
        hasCapacity = new bool[cells];
        z = new Vector512<double>[plan.Years * n];
        e = new Vector512<double>[n];
        logV = new Vector512<double>[n];
        int eligible = plan.Subsidy?.Eligible.Length ?? 0;
        subsidyInvestment = new Vector512<double>[eligible];
        subsidyRate = new Vector512<double>[eligible];
        subsidyClaims = new Vector512<double>[eligible];
        subsidyMeans = new Vector512<double>[eligible];
        subsidyProjects = new Vector512<double>[eligible];
        parkDraws = new Vector512<double>[5 * plan.Parks.Length];
        int attractionYears = plan.Attraction is { } a ? Math.Max(0, a.Lever.EndYear - a.Lever.StartYear + 1) : 0;
        attractionGenerators = new LaneGenerator[attractionYears];
        attractionCounts = new Vector512<double>[attractionYears];
        attractionMeans = new Vector512<double>[attractionYears];
        attractionMeans.AsSpan().Fill(Vector512.Create(plan.Attraction?.Lever.ArrivalsPerYear ?? 0));
    }

    /// <summary>Values per batch: (years + 1) × clusters vectors, year-major, year offset 0 the base year.</summary>
    public int Stride => (plan.Years + 1) * n;

    /// <summary>
    /// Simulates paths <paramref name="firstPath"/> … + 7 into <paramref name="logs"/>: ln V of cluster
    /// c in year offset t at index t × clusters + c, lane i holding path <paramref name="firstPath"/> + i.
    /// </summary>
    public void Simulate(long firstPath, Span<Vector512<double>> logs)
    {
        try
        {
            DrawParameters(firstPath);
            ApplyEvents(firstPath);
            ApplyRevivals(firstPath);
            ApplyParks(firstPath);
            ApplyAttraction(firstPath);
            ApplySubsidy(firstPath);
            Step(firstPath, logs);
        }
        catch
        {
            // Step clears the cells it reads; a batch that stops early must not leave any behind.
            Array.Clear(logAdd);
            Array.Clear(capacity);
            Array.Clear(hasCapacity);
            throw;
        }
    }

    private void DrawParameters(long firstPath)
    {
        var clusters = plan.Scenario.Dataset.Clusters;
        var rng = LaneGenerator.Create(seed, firstPath, CompiledScenario.TrendComponent);
        var one = Vector512<double>.One;
        for (int c = 0; c < n; c++)
        {
            var cluster = clusters[c];
            var g = plan.TrendSamplers[c].Sample(rng.NextOpenDouble());
            var d = Vector512.Create(cluster.Volatility);
            if (cluster.RateKind == Model.RateKind.Arithmetic)
            {
                g = Vector512.Max(g, Vector512.Create(-0.999999));
                var s2 = DetMath.Log(one + (d * d / ((one + g) * (one + g))));
                sigma[c] = Vector512.Sqrt(s2);
                drift[c] = DetMath.Log(one + g) - (s2 / Vector512.Create(2.0));
                growthFactor[c] = one + g;
            }
            else
            {
                sigma[c] = d;
                drift[c] = g;
                growthFactor[c] = DetMath.Exp(g + (d * d / Vector512.Create(2.0)));
            }
        }
    }

    private void ApplyEvents(long firstPath)
    {
        int years = plan.Years;
        foreach (var ev in plan.Events)
        {
            var rng = LaneGenerator.Create(seed, firstPath, ev.Component);
            var spec = ev.Spec;
            var probability = Vector512.Create(spec.AnnualProbability);
            for (int t = 1; t <= years; t++)
            {
                // Three draws every year, fired or not, as the scalar path.
                var u = rng.NextOpenDouble();
                var ux = rng.NextOpenDouble();
                var us = rng.NextOpenDouble();
                if (t < ev.FirstOffset || t > ev.LastOffset)
                {
                    continue;
                }

                var fired = Vector512.LessThan(u, probability);
                if (Vector512.EqualsAll(fired, Vector512<double>.Zero))
                {
                    continue;
                }

                if (ev.Level is { } level)
                {
                    var add = DetMath.Log(Vector512<double>.One + level.Sample(ux));
                    foreach (int c in ev.Hits)
                    {
                        AddToLog((t * n) + c, fired, add);
                    }
                }

                if (ev.Shift is { } shift)
                {
                    var s = shift.Sample(us);
                    for (int k = t; k < t + spec.Duration && k <= years; k++)
                    {
                        foreach (int c in ev.Hits)
                        {
                            AddToLog((k * n) + c, fired, s);
                        }
                    }
                }
            }
        }
    }

    private void ApplyRevivals(long firstPath)
    {
        foreach (var revival in plan.Revivals)
        {
            var lever = revival.Lever;
            var rng = LaneGenerator.Create(seed, firstPath, revival.Component);
            var success = Vector512.LessThan(rng.NextOpenDouble(), Vector512.Create(lever.SuccessProbability));
            var uplift = revival.Uplift.Sample(rng.NextOpenDouble());
            if (Vector512.EqualsAll(success, Vector512<double>.Zero))
            {
                continue;
            }

            int startOffset = lever.StartYear - plan.BaseYear;
            for (int t = Math.Max(1, startOffset); t <= plan.Years; t++)
            {
                var phase = Vector512.Create(PathSimulator.RevivalPhase(t, startOffset, lever.PhaseInYears));
                foreach (int c in revival.Targets)
                {
                    AddToLog((t * n) + c, success, uplift * phase);
                }
            }
        }
    }

    private void ApplyParks(long firstPath)
    {
        var parks = plan.Parks;
        if (parks.Length == 0)
        {
            return;
        }

        // Phase 1: each park's five uniforms (cancellation, build years, ramp, density,
        // displacement), in a loop without calls; phase 2: the draws from them.
        var draws = parkDraws.AsSpan(0, 5 * parks.Length);
        for (int p = 0; p < parks.Length; p++)
        {
            var rng = LaneGenerator.Create(seed, firstPath, parks[p].Component);
            for (int i = 0; i < 5; i++)
            {
                draws[(5 * p) + i] = rng.NextOpenDouble();
            }
        }

        for (int p = 0; p < parks.Length; p++)
        {
            var park = parks[p];
            draws[(5 * p) + 1] = park.Build.Sample(draws[(5 * p) + 1]);
            draws[(5 * p) + 2] = park.Ramp.Sample(draws[(5 * p) + 2]);
            draws[(5 * p) + 3] = park.Density.Sample(draws[(5 * p) + 3]);
            draws[(5 * p) + 4] = park.Displacement.Sample(draws[(5 * p) + 4]);
        }

        // Phase 3: capacity from each park's opening year, ramping up to full occupancy.
        for (int p = 0; p < parks.Length; p++)
        {
            var park = parks[p];
            var lever = park.Lever;
            var notCancelled = Vector512.GreaterThanOrEqual(draws[5 * p], Vector512.Create(lever.CancellationProbability));
            if (Vector512.EqualsAll(notCancelled, Vector512<double>.Zero))
            {
                continue;
            }

            var build = draws[(5 * p) + 1];
            var ramp = draws[(5 * p) + 2];
            var density = draws[(5 * p) + 3];
            var displacement = Vector512.Min(Vector512.Max(draws[(5 * p) + 4], Vector512<double>.Zero), Vector512<double>.One);
            var opening = Vector512.Create((double)park.Start) + RoundAwayFromZero(Vector512.Max(Vector512<double>.Zero, build));
            var rampYears = Vector512.Max(Vector512<double>.One, RoundAwayFromZero(ramp));
            var full = Vector512.Create(lever.AreaKm2) * Vector512.Max(Vector512<double>.Zero, density) * (Vector512<double>.One - displacement);
            var step = full / rampYears;
            var end = opening + rampYears;
            for (int t = 1; t <= plan.Years; t++)
            {
                var year = Vector512.Create((double)(plan.BaseYear + t));
                var open = notCancelled & Vector512.GreaterThanOrEqual(year, opening) & Vector512.LessThan(year, end);
                if (Vector512.EqualsAll(open, Vector512<double>.Zero))
                {
                    continue;
                }

                for (int i = 0; i < park.Serves.Length; i++)
                {
                    AddCapacity((t * n) + park.Serves[i], open, step * Vector512.Create(park.Share[i]));
                }
            }
        }
    }

    private void ApplyAttraction(long firstPath)
    {
        if (plan.Attraction is not { } attraction)
        {
            return;
        }

        var lever = attraction.Lever;
        int first = Math.Max(lever.StartYear, plan.BaseYear + 1);
        int last = Math.Min(lever.EndYear, plan.Scenario.Horizon);
        if (last < first)
        {
            return;
        }

        // Phase 1: every year's stream and arrival count, the counts' inversions side by side.
        int years = last - first + 1;
        var generators = attractionGenerators.AsSpan(0, years);
        var counts = attractionCounts.AsSpan(0, years);
        for (int y = 0; y < years; y++)
        {
            generators[y] = LaneGenerator.Create(seed, firstPath, attraction.YearComponents[first + y - lever.StartYear]);
            counts[y] = generators[y].NextOpenDouble();
        }

        PoissonQuantiles(attractionMeans.AsSpan(0, years), counts);
        int ramp = Math.Max(1, lever.RampYears);
        var capacityLanes = MemoryMarshal.Cast<Vector512<double>, double>(capacity.AsSpan());
        Span<double> choices = stackalloc double[Lanes];
        Span<double> amounts = stackalloc double[Lanes];
        for (int y = 0; y < years; y++)
        {
            int year = first + y;
            var arrivals = counts[y];
            int most = (int)Max8(arrivals);
            if (attractionChoice.Length < most)
            {
                attractionChoice = new Vector512<double>[2 * most];
                attractionSize = new Vector512<double>[2 * most];
            }

            // Phase 2: each arrival's two draws (cluster, then size) in the stream's order, then
            // the sizes from their probabilities in one pass.
            DrawArrivals(ref generators[y], arrivals, attractionChoice.AsSpan(0, most), attractionSize.AsSpan(0, most));

            attraction.Size.SampleInPlace(MemoryMarshal.Cast<Vector512<double>, double>(attractionSize.AsSpan(0, most)));

            // Phase 3: each arriving project goes to its own lane's cluster: scalar adds, as the scalar
            // path does, in a loop without calls (the lanes' choices and amounts copied out once).
            for (int j = 0; j < most; j++)
            {
                var u = attractionChoice[j];
                var chosen = Vector512<double>.Zero;
                for (int i = 0; i < attraction.Cumulative.Length - 1; i++)
                {
                    chosen += Vector512.ConditionalSelect(Vector512.GreaterThan(u, Vector512.Create(attraction.Cumulative[i])), Vector512<double>.One, Vector512<double>.Zero);
                }

                var step = Vector512.Max(Vector512<double>.Zero, attractionSize[j]) / Vector512.Create((double)ramp);
                chosen.CopyTo(choices);
                step.CopyTo(amounts);
                uint lanes = (uint)Vector512.LessThan(Vector512.Create((double)j), arrivals).ExtractMostSignificantBits();
                while (lanes != 0)
                {
                    int lane = BitOperations.TrailingZeroCount(lanes);
                    lanes &= lanes - 1;
                    int c = attraction.Index[(int)choices[lane]];
                    for (int k = 0; k < ramp; k++)
                    {
                        int t = year + k - plan.BaseYear;
                        if (t >= 1 && t <= plan.Years)
                        {
                            capacityLanes[(((t * n) + c) * Lanes) + lane] += amounts[lane];
                            hasCapacity[(t * n) + c] = true;
                        }
                    }
                }
            }
        }
    }

    /// <summary>Each arrival's cluster and size probabilities, step j drawing in the lanes with more than j arrivals (the generator in registers meanwhile).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void DrawArrivals(ref LaneGenerator rng, Vector512<double> arrivals, Span<Vector512<double>> choice, Span<Vector512<double>> size)
    {
        var g = rng;
        for (int j = 0; j < choice.Length; j++)
        {
            var active = Vector512.LessThan(Vector512.Create((double)j), arrivals).AsUInt64();
            choice[j] = g.NextOpenDouble(active);
            size[j] = g.NextOpenDouble(active);
        }

        rng = g;
    }

    private void ApplySubsidy(long firstPath)
    {
        if (plan.Subsidy is not { } subsidy)
        {
            return;
        }

        var lever = subsidy.Lever;
        var pathRng = LaneGenerator.Create(seed, firstPath, subsidy.Component);
        var zero = Vector512<double>.Zero;
        var leverage = Vector512.Max(zero, subsidy.InducedInvestment.Sample(pathRng.NextOpenDouble()));
        var outputPerInvestment = Vector512.Max(zero, subsidy.OutputPerInvestment.Sample(pathRng.NextOpenDouble()));
        double p0 = subsidy.ThresholdProbability;
        for (int k = 0; k < subsidy.Eligible.Length; k++)
        {
            var r = Vector512.Create(subsidy.BaseRate[k]);
            for (int i = 0; i < subsidy.FirstOffset; i++)
            {
                r *= growthFactor[subsidy.Eligible[k]];
            }

            subsidyRate[k] = r;
        }

        int ramp = Math.Max(1, lever.RampYears);
        var threshold = Vector512.Create(lever.InvestmentThreshold);
        for (int t = subsidy.FirstOffset; t <= subsidy.LastOffset; t++)
        {
            // Pass 1: the year's stream in the scalar order (every cluster's count, then each
            // cluster's projects' uniforms), the active lanes' probabilities packed densely with
            // each step's lane mask.
            var rng = LaneGenerator.Create(seed, firstPath, subsidy.YearComponents[t]);
            for (int k = 0; k < subsidy.Eligible.Length; k++)
            {
                subsidyMeans[k] = subsidyRate[k];
                subsidyRate[k] *= growthFactor[subsidy.Eligible[k]];
                subsidyProjects[k] = rng.NextOpenDouble();
            }

            PoissonQuantiles(subsidyMeans, subsidyProjects);
            packedProjects.Draw(ref rng, subsidyProjects, p0);

            // Pass 2: every project's investment, eight at a time with no idle lanes.
            packedProjects.Transform(subsidy.Investment, threshold);

            // Pass 3: each cluster's projects back in their lanes, summed in project order as the
            // scalar path adds them (idle lanes add +0, which changes no sum: investments are at
            // least the threshold, and rate and cap are checked non-negative when compiling).
            packedProjects.Sum(subsidyProjects, lever.ReimbursementRate, lever.CapPerProject, subsidyInvestment, subsidyClaims);
            var claims = zero;
            for (int k = 0; k < subsidy.Eligible.Length; k++)
            {
                claims += subsidyClaims[k];
            }

            var budget = Vector512.Create(Math.Max(0, subsidy.Budget[t]));
            var paidShare = Vector512.ConditionalSelect(Vector512.LessThanOrEqual(claims, zero), zero, Vector512.Min(Vector512<double>.One, budget / claims));
            var paying = Vector512.GreaterThan(paidShare, zero);
            if (Vector512.EqualsAll(paying, zero))
            {
                continue;
            }

            for (int k = 0; k < subsidy.Eligible.Length; k++)
            {
                // Additional investment induced by the money paid, at most the projects' own investment.
                var induced = Vector512.Min(subsidyInvestment[k], leverage * paidShare * subsidyClaims[k]);
                var output = outputPerInvestment * induced;
                var adds = paying & Vector512.GreaterThan(output, zero);
                if (Vector512.EqualsAll(adds, zero))
                {
                    continue;
                }

                var step = output / Vector512.Create((double)ramp);
                for (int i = 0; i < ramp; i++)
                {
                    int at = t + 1 + i;
                    if (at >= 1 && at <= plan.Years)
                    {
                        AddCapacity((at * n) + subsidy.Eligible[k], adds, step);
                    }
                }
            }
        }
    }

    /// <summary>Adds <paramref name="amount"/> to the log-growth shifts of a cell in the lanes of <paramref name="mask"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddToLog(int cell, Vector512<double> mask, Vector512<double> amount)
    {
        ref var c = ref logAdd[cell];
        c = Vector512.ConditionalSelect(mask, c + amount, c);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddCapacity(int cell, Vector512<double> mask, Vector512<double> amount)
    {
        ref var c = ref capacity[cell];
        c = Vector512.ConditionalSelect(mask, c + amount, c);
        hasCapacity[cell] = true;
    }

    private void Step(long firstPath, Span<Vector512<double>> logs)
    {
        var rng = LaneGenerator.Create(seed, firstPath, CompiledScenario.ShockComponent);
        for (int c = 0; c < n; c++)
        {
            logV[c] = Vector512.Create(plan.LogBaseValues[c]);
            logs[c] = logV[c];
        }

        bool identity = plan.IsIdentityFactor;
        bool hasCeiling = plan.HasCeiling;
        var zero = Vector512<double>.Zero;

        // Every year's standard normals at once, in the stream's order (year by year, cluster by cluster).
        rng.FillNormals(z);
        for (int t = 1; t <= plan.Years; t++)
        {
            Span<Vector512<double>> shocks = z.AsSpan((t - 1) * n, n);
            if (!identity)
            {
                plan.Shocks.Multiply(shocks, e);
                shocks = e;
            }

            int at = t * n;
            for (int c = 0; c < n; c++)
            {
                var d = t >= plan.TakeOffOffsets[c] ? drift[c] : zero;
                if (hasCeiling && double.IsFinite(plan.Ceilings[c]))
                {
                    d *= Vector512.Max(zero, Vector512<double>.One - (DetMath.Exp(logV[c]) / Vector512.Create(plan.Ceilings[c])));
                }

                // Each cell's shifts and capacity are read once, here, and cleared for the next batch
                // (year offset 0, never written, stays clear).
                var l = logV[c] + d + (sigma[c] * shocks[c]) + logAdd[at + c];
                logAdd[at + c] = zero;
                if (hasCapacity[at + c])
                {
                    hasCapacity[at + c] = false;
                    var added = capacity[at + c];
                    capacity[at + c] = zero;
                    l = Vector512.ConditionalSelect(Vector512.Equals(added, zero), l, DetMath.Log(DetMath.Exp(l) + added));
                }

                logV[c] = l;
                logs[at + c] = l;
            }
        }
    }

    /// <summary>Math.Round(x, MidpointRounding.AwayFromZero) in every lane, except that it gives +0 where Math.Round gives −0 (the kernel only uses it under Max(0, …) or Max(1, …)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<double> RoundAwayFromZero(Vector512<double> x)
    {
        var whole = Vector512.Truncate(x);
        var fraction = x - whole;
        var up = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(fraction, Vector512.Create(0.5)), Vector512<double>.One, Vector512<double>.Zero);
        var down = Vector512.ConditionalSelect(Vector512.LessThanOrEqual(fraction, Vector512.Create(-0.5)), Vector512<double>.One, Vector512<double>.Zero);
        return whole + up - down;
    }

    /// <summary>
    /// (For tests and benchmarks; the kernel inverts several vectors at once with <see cref="PoissonQuantiles"/>.)
    /// <see cref="Model.PoissonDistribution.PoissonQuantile"/> in every lane (as doubles): the same
    /// inversion, iteration by iteration, with lanes stopping where the scalar loop stops; lanes with
    /// a mean of 200 or more (a different scalar method) are computed one by one.
    /// </summary>
    internal static Vector512<double> PoissonQuantile(Vector512<double> mean, Vector512<double> p)
    {
        Span<Vector512<double>> counts = [p];
        PoissonQuantiles([mean], counts);
        return counts[0];
    }

    /// <summary>
    /// <see cref="PoissonQuantile"/> of several independent (mean, probability) vectors, in place of
    /// the probabilities. Four inversions advance together, step by step, their state in registers,
    /// so their dependency chains overlap instead of running one after another.
    /// </summary>
    internal static void PoissonQuantiles(ReadOnlySpan<Vector512<double>> mean, Span<Vector512<double>> p)
    {
        for (int c = 0; c < mean.Length; c += 4)
        {
            // Missing members of the last group are inert: mean 0 stops at once.
            var zero = Vector512<double>.Zero;
            int left = mean.Length - c;
            (p[c], var q1, var q2, var q3) = Quantiles4(
                mean[c], p[c],
                left > 1 ? mean[c + 1] : zero, left > 1 ? p[c + 1] : zero,
                left > 2 ? mean[c + 2] : zero, left > 2 ? p[c + 2] : zero,
                left > 3 ? mean[c + 3] : zero, left > 3 ? p[c + 3] : zero);
            if (left > 1)
            {
                p[c + 1] = q1;
            }

            if (left > 2)
            {
                p[c + 2] = q2;
            }

            if (left > 3)
            {
                p[c + 3] = q3;
            }
        }
    }

    private static (Vector512<double>, Vector512<double>, Vector512<double>, Vector512<double>) Quantiles4(
        Vector512<double> m0, Vector512<double> p0, Vector512<double> m1, Vector512<double> p1,
        Vector512<double> m2, Vector512<double> p2, Vector512<double> m3, Vector512<double> p3)
    {
        var s0 = new PoissonInversion(m0, p0);
        var s1 = new PoissonInversion(m1, p1);
        var s2 = new PoissonInversion(m2, p2);
        var s3 = new PoissonInversion(m3, p3);
        for (int i = 1; s0.Running | s1.Running | s2.Running | s3.Running; i++)
        {
            var iv = Vector512.Create((double)i);
            var reciprocal = Vector512.Create(1.0 / i);
            s0.Step(iv, reciprocal, m0, p0);
            s1.Step(iv, reciprocal, m1, p1);
            s2.Step(iv, reciprocal, m2, p2);
            s3.Step(iv, reciprocal, m3, p3);
        }

        return (s0.Result(m0, p0), s1.Result(m1, p1), s2.Result(m2, p2), s3.Result(m3, p3));
    }

    /// <summary>The state of one vector's inversion, lane by lane: the scalar loop's sum and count (and its term, while the lane runs).</summary>
    private struct PoissonInversion
    {
        private Vector512<double> term;
        private Vector512<double> cdf;
        private Vector512<double> k;
        private Vector512<double> active;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public PoissonInversion(Vector512<double> mean, Vector512<double> p)
        {
            var none = Vector512.LessThanOrEqual(mean, Vector512<double>.Zero) | Vector512.LessThanOrEqual(p, Vector512<double>.Zero);
            var small = ~none & Vector512.LessThan(mean, Vector512.Create(200.0));
            term = DetMath.Exp(-mean);
            cdf = term;
            k = Vector512<double>.Zero;
            active = small & Vector512.LessThan(cdf, p);
            Running = !Vector512.EqualsAll(active, Vector512<double>.Zero);
        }

        public bool Running { get; private set; }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step(Vector512<double> iv, Vector512<double> reciprocal, Vector512<double> mean, Vector512<double> p)
        {
            if (!Running)
            {
                return;
            }

            // (A lane is active from the first step until it stops, so k counts its active steps; the
            // term of a stopped lane is never read again and may run on.)
            term *= mean * reciprocal;
            var next = cdf + term;
            k += active & Vector512<double>.One;
            var go = active & ~(Vector512.Equals(next, cdf) & Vector512.GreaterThan(iv, mean));
            cdf = Vector512.ConditionalSelect(go, next, cdf);

            // (Where go holds, the new sum is next: testing next directly keeps the select off the chain.)
            active = go & Vector512.LessThan(next, p);
            Running = !Vector512.EqualsAll(active, Vector512<double>.Zero);
        }

        /// <summary>The counts; lanes with a mean of 200 or more take the scalar method one by one.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly Vector512<double> Result(Vector512<double> mean, Vector512<double> p)
        {
            var none = Vector512.LessThanOrEqual(mean, Vector512<double>.Zero) | Vector512.LessThanOrEqual(p, Vector512<double>.Zero);
            uint other = (uint)(~none & ~Vector512.LessThan(mean, Vector512.Create(200.0))).ExtractMostSignificantBits();
            return other == 0 ? k : LargeMeans(k, mean, p, other);
        }

        private static Vector512<double> LargeMeans(Vector512<double> result, Vector512<double> mean, Vector512<double> p, uint lanes)
        {
            while (lanes != 0)
            {
                int lane = BitOperations.TrailingZeroCount(lanes);
                lanes &= lanes - 1;
                result = result.WithElement(lane, Model.PoissonDistribution.PoissonQuantile(mean.GetElement(lane), p.GetElement(lane)));
            }

            return result;
        }
    }

    /// <summary>The largest lane (of counts: no NaN), by halving the vector three times.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Max8(Vector512<double> x)
    {
        var half = Vector256.Max(x.GetLower(), x.GetUpper());
        var quarter = Vector128.Max(half.GetLower(), half.GetUpper());
        return Math.Max(quarter.GetElement(0), quarter.GetElement(1));
    }

    /// <summary>
    /// The subsidy's projects of one year, packed: step j of cluster k draws in the lanes with more
    /// than j projects, and those lanes' probabilities are stored densely; transformed into
    /// investments eight at a time with no idle lanes; then read back step by step into their lanes
    /// (a step's lanes follow again from the counts).
    /// </summary>
    private sealed class PackedProjects
    {
        private double[] values = new double[256];
        private int count;

        /// <summary>
        /// Pass 1: each cluster's projects' probabilities in the stream's order (cluster by cluster;
        /// step j draws in the lanes with more than j projects, as their scalar paths draw), the active
        /// lanes of each step stored densely. The generator and the store's position stay in registers.
        /// </summary>
        public void Draw(ref LaneGenerator rng, ReadOnlySpan<Vector512<double>> projects, double p0)
        {
            int total = Total(projects);
            if (values.Length < checked(total + Lanes))
            {
                values = new double[Math.Max(values.Length * 2, total + Lanes)];
            }

            var g = rng;
            int at = 0;
            ref double store = ref MemoryMarshal.GetArrayDataReference(values);
            var low = Vector512.Create(p0);
            var width = Vector512.Create(1 - p0);
            var belowOne = Vector512.Create(CompiledSubsidy.BelowOne);
            for (int k = 0; k < projects.Length; k++)
            {
                var counts = projects[k];
                double most = Max8(counts);
                for (int j = 0; j < most; j++)
                {
                    var active = Vector512.LessThan(Vector512.Create((double)j), counts);
                    var u = Vector512.Min(low + (g.NextOpenDouble(active.AsUInt64()) * width), belowOne);
                    if (Avx512F.IsSupported)
                    {
                        Avx512F.Compress(Vector512<double>.Zero, active, u).StoreUnsafe(ref store, (nuint)at);
                        at += BitOperations.PopCount((uint)active.ExtractMostSignificantBits());
                    }
                    else
                    {
                        for (uint mask = (uint)active.ExtractMostSignificantBits(); mask != 0; mask &= mask - 1)
                        {
                            Unsafe.Add(ref store, at++) = u.GetElement(BitOperations.TrailingZeroCount(mask));
                        }
                    }
                }
            }

            rng = g;
            count = at;
        }

        /// <summary>Replaces every probability by max(investment quantile, threshold).</summary>
        public void Transform(Sampler investment, Vector512<double> threshold)
        {
            // Past the count the last vector holds stale values: replaced by ½, transformed, never read.
            int whole = (count + Lanes - 1) / Lanes * Lanes;
            values.AsSpan(count, whole - count).Fill(0.5);
            var all = values.AsSpan(0, whole);
            investment.SampleInPlace(all);
            for (int i = 0; i < whole; i += Lanes)
            {
                Vector512.Max(Vector512.LoadUnsafe(ref all[i]), threshold).StoreUnsafe(ref all[i]);
            }
        }

        /// <summary>
        /// Pass 3: each cluster's projects back in their lanes, step by step, summed in project order as
        /// the scalar path adds them: <paramref name="invested"/>[k] = Σ investment and
        /// <paramref name="claimed"/>[k] = Σ min(rate × investment, cap). Idle lanes add +0, which changes
        /// no sum (investments are at least the threshold; rate and cap are checked non-negative).
        /// <paramref name="projects"/> are the counts <see cref="Draw"/> stored.
        /// </summary>
        public void Sum(ReadOnlySpan<Vector512<double>> projects, double rate, double cap, Span<Vector512<double>> invested, Span<Vector512<double>> claimed)
        {
            if (Total(projects) != count)
            {
                throw new ArgumentException("Not the counts of the projects drawn.", nameof(projects));
            }

            int at = 0;
            ref double store = ref MemoryMarshal.GetArrayDataReference(values);
            var rates = Vector512.Create(rate);
            var caps = Vector512.Create(cap);
            for (int k = 0; k < projects.Length; k++)
            {
                var counts = projects[k];
                var investedSum = Vector512<double>.Zero;
                var claimedSum = Vector512<double>.Zero;
                double most = Max8(counts);
                for (int j = 0; j < most; j++)
                {
                    var active = Vector512.LessThan(Vector512.Create((double)j), counts);
                    Vector512<double> invest;
                    if (Avx512F.IsSupported)
                    {
                        invest = Avx512F.Expand(Vector512<double>.Zero, active, Vector512.LoadUnsafe(ref store, (nuint)at));
                        at += BitOperations.PopCount((uint)active.ExtractMostSignificantBits());
                    }
                    else
                    {
                        invest = Vector512<double>.Zero;
                        for (uint mask = (uint)active.ExtractMostSignificantBits(); mask != 0; mask &= mask - 1)
                        {
                            invest = invest.WithElement(BitOperations.TrailingZeroCount(mask), Unsafe.Add(ref store, at++));
                        }
                    }

                    investedSum += invest;
                    claimedSum += Vector512.Min(rates * invest, caps);
                }

                invested[k] = investedSum;
                claimed[k] = claimedSum;
            }
        }

        /// <summary>The number of projects in all lanes (counts are whole numbers; NaN or a huge count fails the checked conversion).</summary>
        private static int Total(ReadOnlySpan<Vector512<double>> projects)
        {
            var total = Vector512<double>.Zero;
            foreach (var counts in projects)
            {
                total += counts;
            }

            return checked((int)Vector512.Sum(total));
        }
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using MathNet.Numerics.Distributions;
using Simulation.Engine.Model;
using Simulation.Engine.Randomness;

namespace Simulation.Engine.Kernel;

/// <summary>
/// A fast inverse-CDF sampler compiled from a <see cref="Distribution"/> once per process, for the
/// kernel's draws. Closed forms for the normal and truncated normal (through
/// <see cref="FastNormal.Quantile(double)"/>, relative error below 1.2e-9), uniform and triangular;
/// exact inverses for discrete distributions; otherwise (log-normal, beta, PERT, …) a
/// <see cref="TableSampler"/>, within about 1e-7 of the exact quantile.
/// Every sampler also samples eight lanes at once; a lane's value is bit for bit the scalar value
/// (the vectorised samplers compute the scalar form on one lane of the same vector code).
/// </summary>
internal abstract class Sampler
{
    /// <summary>The value at probability u in (0, 1).</summary>
    public abstract double Sample(double u);

    /// <summary>The value at each lane's probability; by default lane by lane through <see cref="Sample(double)"/>.</summary>
    public virtual Vector512<double> Sample(Vector512<double> u)
    {
        Span<double> lanes = stackalloc double[LaneGenerator.Lanes];
        for (int i = 0; i < LaneGenerator.Lanes; i++)
        {
            lanes[i] = Sample(u.GetElement(i));
        }

        return Vector512.Create((ReadOnlySpan<double>)lanes);
    }

    /// <summary>
    /// Replaces each probability in <paramref name="values"/> (a whole number of vectors) by its
    /// value: the same numbers as <see cref="Sample(Vector512{double})"/> vector by vector, with
    /// one virtual call for all of them.
    /// </summary>
    public virtual void SampleInPlace(Span<double> values)
    {
        for (int i = 0; i + LaneGenerator.Lanes <= values.Length; i += LaneGenerator.Lanes)
        {
            Sample(Vector512.LoadUnsafe(ref values[i])).StoreUnsafe(ref values[i]);
        }
    }

    public static Sampler For(Distribution distribution) => distribution switch
    {
        FixedDistribution f => new FixedSampler(f.Value),
        NormalDistribution n => n.Sd == 0 ? new FixedSampler(n.Location) : new NormalSampler(n.Location, n.Sd),
        LogNormalDistribution l => l.LogSd == 0 ? new FixedSampler(DetMath.Exp(l.LogMean)) : TableSampler.LogNormal(l.LogMean, l.LogSd),
        UniformDistribution u => new UniformSampler(u.Lower, u.Upper),
        TruncatedNormalDistribution t when Normal.CDF(t.Location, t.Sd, t.Upper) - Normal.CDF(t.Location, t.Sd, t.Lower) > 1e-9 => new TruncatedNormalSampler(t),
        TriangularDistribution t => new TriangularSampler(t.Lower, t.Mode, t.Upper),
        PoissonDistribution or BernoulliDistribution or DiscreteDistribution or TruncatedNormalDistribution => new ExactSampler(distribution),
        _ => TableSampler.Of(distribution),
    };

    private sealed class FixedSampler(double value) : Sampler
    {
        public override double Sample(double u) => value;

        public override Vector512<double> Sample(Vector512<double> u) => Vector512.Create(value);
    }

    /// <summary>A sampler computed by its vector form; the scalar form is one lane of it.</summary>
    internal abstract class VectorSampler : Sampler
    {
        public sealed override double Sample(double u) => Sample(Vector512.Create(0.5).WithElement(0, u)).ToScalar();
    }

    private sealed class NormalSampler(double mean, double sd) : VectorSampler
    {
        public override Vector512<double> Sample(Vector512<double> u) => Vector512.Create(mean) + (Vector512.Create(sd) * FastNormal.Quantile(u));
    }

    private sealed class LogNormalSampler(double logMean, double logSd) : VectorSampler
    {
        public override Vector512<double> Sample(Vector512<double> u) =>
            DetMath.Exp(Vector512.Create(logMean) + (Vector512.Create(logSd) * FastNormal.Quantile(u)));
    }

    private sealed class UniformSampler(double min, double max) : VectorSampler
    {
        public override Vector512<double> Sample(Vector512<double> u) => Vector512.Create(min) + (u * Vector512.Create(max - min));
    }

    private sealed class TriangularSampler(double min, double mode, double max) : VectorSampler
    {
        private readonly double split = (mode - min) / (max - min);

        public override Vector512<double> Sample(Vector512<double> u)
        {
            var width = Vector512.Create(max - min);
            var lower = Vector512.Create(min) + Vector512.Sqrt(u * width * Vector512.Create(mode - min));
            var upper = Vector512.Create(max) - Vector512.Sqrt((Vector512<double>.One - u) * width * Vector512.Create(max - mode));
            return Vector512.ConditionalSelect(Vector512.LessThan(u, Vector512.Create(split)), lower, upper);
        }
    }

    private sealed class TruncatedNormalSampler(TruncatedNormalDistribution d) : VectorSampler
    {
        private readonly double low = MathNet.Numerics.Distributions.Normal.CDF(d.Location, d.Sd, d.Lower);
        private readonly double width = MathNet.Numerics.Distributions.Normal.CDF(d.Location, d.Sd, d.Upper) - MathNet.Numerics.Distributions.Normal.CDF(d.Location, d.Sd, d.Lower);

        public override Vector512<double> Sample(Vector512<double> u)
        {
            var x = Vector512.Create(d.Location) + (Vector512.Create(d.Sd) * FastNormal.Quantile(Vector512.Create(low) + (u * Vector512.Create(width))));
            return Vector512.Min(Vector512.Max(x, Vector512.Create(d.Lower)), Vector512.Create(d.Upper));
        }
    }

    private sealed class ExactSampler(Distribution d) : Sampler
    {
        public override double Sample(double u) => d.InverseCdf(u);
    }

    /// <summary>
    /// Q(u) by cubic Hermite interpolation of a table of the quantile Q and its slope Q' at the
    /// probabilities i/4096, i = 16 … 4080 (interpolation error of order (Δp)⁴·max|Q⁗|, about 1e-7
    /// relative for the distributions tested). In the outer 1/256 of each tail: a closed form, when
    /// the distribution has one, or finer tail tables of the exact inverse, which itself is used only
    /// beyond 1.5e-5. A few loads and multiplies instead of a rational function and an exp.
    /// </summary>
    internal sealed class TableSampler : VectorSampler
    {
        private const int Knots = 4096;
        private const int ExactTail = 16;
        private const double Step = 1.0 / Knots;
        private static readonly double SqrtTwoPi = Math.Sqrt(2 * Math.PI);
        /// <summary>Knot spacing of the tail tables: the outer 1/256 of each tail in 4,096 steps.</summary>
        private const double TailStep = 1.0 / (1 << 20);
        private readonly Sampler exact;
        private readonly Func<double, double, double> slopeAt;

        /// <summary>Knot i's value at 2i and slope at 2i + 1: the four numbers an interpolation needs share cache lines.</summary>
        private readonly double[] knots = new double[2 * (Knots + 1)];

        /// <summary>
        /// For inverse CDFs that are slow to evaluate (root finding), finer tables of the outer
        /// 1/256 of each tail in s = u (lower) and s = 1 − u (upper), built on first use; the exact
        /// inverse is left only for s below 16 · 2⁻²⁰ ≈ 1.5e-5.
        /// </summary>
        private readonly Lazy<(double[] Lower, double[] Upper)>? tails;

        private TableSampler(Sampler exact, Func<double, double, double> slopeAt)
        {
            this.exact = exact;
            this.slopeAt = slopeAt;
            // Knots are independent evaluations of pure functions: built in parallel, the same numbers.
            InParallel(ExactTail - 1, Knots - ExactTail + 2, i =>
            {
                double p = (double)i / Knots;
                knots[2 * i] = exact.Sample(p);
                knots[(2 * i) + 1] = slopeAt(p, knots[2 * i]);
            });

            if (exact is ExactSampler)
            {
                tails = new(BuildTails, LazyThreadSafetyMode.ExecutionAndPublication);
            }
        }

        /// <summary>N(mean, sd): Q'(p) = sd·√(2π)·e^(z²/2) with z = Φ⁻¹(p).</summary>
        public static TableSampler Normal(double mean, double sd) =>
            new(new NormalSampler(mean, sd), (p, _) => sd * Density(FastNormal.Quantile(p)));

        /// <summary>Log-normal: Q'(p) = Q(p)·σ·√(2π)·e^(z²/2).</summary>
        public static TableSampler LogNormal(double logMean, double logSd) =>
            new(new LogNormalSampler(logMean, logSd), (p, q) => q * logSd * Density(FastNormal.Quantile(p)));

        /// <summary>Any distribution with an inverse CDF: Q'(p) = 1 / f(Q(p)) by a central difference of the CDF.</summary>
        public static TableSampler Of(Distribution distribution) => new(new ExactSampler(distribution), (_, q) =>
        {
            // The step stays inside the support: near a bound a wider one would straddle it.
            double h = Math.Max(1e-7, Math.Abs(q) * 1e-6);
            h = Math.Min(h, Math.Min(q - distribution.Minimum, distribution.Maximum - q) / 2);
            if (!(h > 0))
            {
                return 0;
            }

            double density = (distribution.Cdf(q + h) - distribution.Cdf(q - h)) / (2 * h);
            return density > 0 ? 1 / density : 0;
        });

        /// <summary>
        /// In chunks of 64 vectors: first which vectors have a lane in a tail (and, with AVX-512, the
        /// knot indices, stored as 32-bit integers so that the lookups read each lane's with a scalar
        /// load rather than extracting it from a vector register); then the table lookups of the other
        /// vectors, in a loop without calls (so its values stay in registers); then the few vectors
        /// with a lane in a tail, from their probabilities, which the lookups leave in place.
        /// </summary>
        public override void SampleInPlace(Span<double> values)
        {
            const int Chunk = 64;
            int vectors = values.Length / LaneGenerator.Lanes;
            Span<bool> tail = stackalloc bool[Math.Min(Chunk, vectors)];
            Span<int> knotIndices = stackalloc int[Avx512F.IsSupported ? Math.Min(Chunk, vectors) * LaneGenerator.Lanes : 0];
            ref double start = ref MemoryMarshal.GetReference(values);
            ref int indices = ref MemoryMarshal.GetReference(knotIndices);
            for (int first = 0; first < vectors; first += Chunk)
            {
                int count = Math.Min(Chunk, vectors - first);
                bool anyTail = false;
                for (int j = 0; j < count; j++)
                {
                    var i = KnotIndex(Vector512.LoadUnsafe(ref start, (nuint)((first + j) * LaneGenerator.Lanes)), out var inTable);
                    if (Avx512F.IsSupported)
                    {
                        Avx512F.ConvertToVector256Int32(i).StoreUnsafe(ref indices, (nuint)(j * LaneGenerator.Lanes));
                    }

                    bool all = Vector512.EqualsAll(inTable, Vector512<long>.AllBitsSet);
                    tail[j] = !all;
                    anyTail |= !all;
                }

                for (int j = 0; j < count; j++)
                {
                    nuint at = (nuint)((first + j) * LaneGenerator.Lanes);
                    if (!tail[j])
                    {
                        var u = Vector512.LoadUnsafe(ref start, at);
                        var q = Avx512F.IsSupported ? Interpolate(u, ref Unsafe.Add(ref indices, j * LaneGenerator.Lanes)) : Interpolate(u, out _);
                        q.StoreUnsafe(ref start, at);
                    }
                }

                for (int j = 0; anyTail && j < count; j++)
                {
                    if (tail[j])
                    {
                        nuint at = (nuint)((first + j) * LaneGenerator.Lanes);
                        Sample(Vector512.LoadUnsafe(ref start, at)).StoreUnsafe(ref start, at);
                    }
                }
            }
        }

        public override Vector512<double> Sample(Vector512<double> u)
        {
            var q = Interpolate(u, out var inTable);
            return Vector512.EqualsAll(inTable, Vector512<long>.AllBitsSet) ? q : WithTails(u, q, inTable);
        }

        /// <summary>The knot below each lane's probability; lanes outside <paramref name="inTable"/> get the first inner knot (a placeholder).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<long> KnotIndex(Vector512<double> u, out Vector512<long> inTable)
        {
            var i = Vector512.ConvertToInt64(u * Vector512.Create((double)Knots));
            inTable = Vector512.GreaterThanOrEqual(i, Vector512.Create((long)ExactTail)) & Vector512.LessThan(i, Vector512.Create((long)(Knots - ExactTail)));
            return Vector512.ConditionalSelect(inTable, i, Vector512.Create((long)ExactTail));
        }

        /// <summary>The table's cubic Hermite interpolation; lanes outside <paramref name="inTable"/> hold a placeholder.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Vector512<double> Interpolate(Vector512<double> u, out Vector512<long> inTable)
        {
            var i = KnotIndex(u, out inTable);
            // (i is in [ExactTail, Knots − ExactTail) by the select in KnotIndex, so knot i + 1 ≤ Knots is inside the table.)
            Load(knots, i + i, out var v0, out var s0, out var v1, out var s1);
            return Hermite(u * Vector512.Create((double)Knots) - Vector512.ConvertToDouble(i), v0, s0, v1, s1);
        }

        /// <summary>
        /// <see cref="Interpolate(Vector512{double}, out Vector512{long})"/> of a vector whose lanes are all
        /// inside the table, given the eight knot indices <see cref="KnotIndex"/> stored at <paramref name="indices"/>.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Vector512<double> Interpolate(Vector512<double> u, ref int indices)
        {
            var i = Avx512F.ConvertToVector512Int64(Vector256.LoadUnsafe(ref indices));
            ref double start = ref MemoryMarshal.GetArrayDataReference(knots);
            var a = Rows(ref start, 2 * (nuint)Unsafe.Add(ref indices, 0), 2 * (nuint)Unsafe.Add(ref indices, 1));
            var b = Rows(ref start, 2 * (nuint)Unsafe.Add(ref indices, 2), 2 * (nuint)Unsafe.Add(ref indices, 3));
            var c = Rows(ref start, 2 * (nuint)Unsafe.Add(ref indices, 4), 2 * (nuint)Unsafe.Add(ref indices, 5));
            var d = Rows(ref start, 2 * (nuint)Unsafe.Add(ref indices, 6), 2 * (nuint)Unsafe.Add(ref indices, 7));
            Transpose(a, b, c, d, out var v0, out var s0, out var v1, out var s1);
            return Hermite(u * Vector512.Create((double)Knots) - Vector512.ConvertToDouble(i), v0, s0, v1, s1);
        }

        /// <summary>Cubic Hermite on [p_i, p_i+1] at fraction t, with the exact values and slopes at both ends.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<double> Hermite(Vector512<double> t, Vector512<double> v0, Vector512<double> s0, Vector512<double> v1, Vector512<double> s1)
        {
            var t2 = t * t;
            var t3 = t2 * t;
            var h00 = (Vector512.Create(2.0) * t3) - (Vector512.Create(3.0) * t2) + Vector512<double>.One;
            var h10 = t3 - (Vector512.Create(2.0) * t2) + t;
            var h01 = (Vector512.Create(-2.0) * t3) + (Vector512.Create(3.0) * t2);
            var h11 = t3 - t2;
            var step = Vector512.Create(Step);
            var q = (h00 * v0) + (h10 * step * s0) + (h01 * v1) + (h11 * step * s1);
            return Vector512.Min(Vector512.Max(q, v0), v1);
        }

        /// <summary>The outer tails, where quantile functions curve most: the closed form, or the tail tables.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private Vector512<double> WithTails(Vector512<double> u, Vector512<double> q, Vector512<long> inTable)
        {
            if (exact is not ExactSampler)
            {
                return Vector512.ConditionalSelect(inTable.AsDouble(), q, exact.Sample(u));
            }

            uint lanes = ~(uint)inTable.ExtractMostSignificantBits() & 0xFF;
            while (lanes != 0)
            {
                int lane = System.Numerics.BitOperations.TrailingZeroCount(lanes);
                lanes &= lanes - 1;
                q = q.WithElement(lane, Tail(u.GetElement(lane)));
            }

            return q;
        }

        /// <summary>Q(u) in the outer 1/256 of a tail, from the fine tail tables (or exactly, very far out).</summary>
        private double Tail(double u)
        {
            bool upper = u > 0.5;
            double s = upper ? 1 - u : u;
            double x = s * (1 << 20);
            if (tails is null || !(x >= ExactTail))
            {
                return exact.Sample(u);
            }

            int j = Math.Min((int)x, Knots - 1);
            var table = upper ? tails.Value.Upper : tails.Value.Lower;
            double t = x - j, t2 = t * t, t3 = t2 * t;
            double v0 = table[2 * j], s0 = table[(2 * j) + 1], v1 = table[(2 * j) + 2], s1 = table[(2 * j) + 3];
            double q = (((2 * t3) - (3 * t2) + 1) * v0) + ((t3 - (2 * t2) + t) * TailStep * s0) + (((-2 * t3) + (3 * t2)) * v1) + ((t3 - t2) * TailStep * s1);
            return Math.Clamp(q, Math.Min(v0, v1), Math.Max(v0, v1));
        }

        private (double[] Lower, double[] Upper) BuildTails()
        {
            // Value and slope in s at knots s_j = j · 2⁻²⁰, j = 15 … 4096; dQ/ds = Q'(p) below, −Q'(p) above.
            var lower = new double[2 * (Knots + 1)];
            var upper = new double[2 * (Knots + 1)];
            InParallel(ExactTail - 1, Knots + 1, j =>
            {
                double sj = j * TailStep;
                lower[2 * j] = exact.Sample(sj);
                lower[(2 * j) + 1] = slopeAt(sj, lower[2 * j]);
                upper[2 * j] = exact.Sample(1 - sj);
                upper[(2 * j) + 1] = -slopeAt(1 - sj, upper[2 * j]);
            });

            return (lower, upper);
        }

        /// <summary>
        /// For each lane l, the four numbers at <paramref name="at"/>[l]: knot i's value and slope and
        /// knot i + 1's. One 256-bit load per lane and a transpose by two-source permutes where
        /// AVX-512 has them; element by element elsewhere (the same values either way).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Load(double[] table, Vector512<long> at, out Vector512<double> v0, out Vector512<double> s0, out Vector512<double> v1, out Vector512<double> s1)
        {
            if (!Avx512F.IsSupported)
            {
                v0 = Gather(table, at);
                s0 = Gather(table, at, 1);
                v1 = Gather(table, at, 2);
                s1 = Gather(table, at, 3);
                return;
            }

            // Rows (v, s, w, t) of lanes 0..7, two to a register: a = rows 0 and 1, b = 2 and 3, ...
            // (Each register is built from its two loads alone: merging into a previous register would
            // chain every sample's loads to the last one's.)
            ref double start = ref MemoryMarshal.GetArrayDataReference(table);
            var a = Rows(ref start, (nuint)at.GetElement(0), (nuint)at.GetElement(1));
            var b = Rows(ref start, (nuint)at.GetElement(2), (nuint)at.GetElement(3));
            var c = Rows(ref start, (nuint)at.GetElement(4), (nuint)at.GetElement(5));
            var d = Rows(ref start, (nuint)at.GetElement(6), (nuint)at.GetElement(7));
            Transpose(a, b, c, d, out v0, out s0, out v1, out s1);
        }

        /// <summary>Rows (v, s, w, t) of lanes 0..7, two to a register, into v = (v0..v7), s, w and t, by two-source permutes.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Transpose(Vector512<double> a, Vector512<double> b, Vector512<double> c, Vector512<double> d, out Vector512<double> v0, out Vector512<double> s0, out Vector512<double> v1, out Vector512<double> s1)
        {
            var evens = Vector512.Create(0L, 4, 8, 12, 1, 5, 9, 13);
            var odds = Vector512.Create(2L, 6, 10, 14, 3, 7, 11, 15);
            var abVs = Avx512F.PermuteVar8x64x2(a, evens, b); // v0..v3, s0..s3
            var abWt = Avx512F.PermuteVar8x64x2(a, odds, b);  // w0..w3, t0..t3
            var cdVs = Avx512F.PermuteVar8x64x2(c, evens, d);
            var cdWt = Avx512F.PermuteVar8x64x2(c, odds, d);
            var low = Vector512.Create(0L, 1, 2, 3, 8, 9, 10, 11);
            var high = Vector512.Create(4L, 5, 6, 7, 12, 13, 14, 15);
            v0 = Avx512F.PermuteVar8x64x2(abVs, low, cdVs);
            s0 = Avx512F.PermuteVar8x64x2(abVs, high, cdVs);
            v1 = Avx512F.PermuteVar8x64x2(abWt, low, cdWt);
            s1 = Avx512F.PermuteVar8x64x2(abWt, high, cdWt);
        }

        /// <summary>table[index + offset] in every lane.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<double> Gather(double[] table, Vector512<long> index, int offset = 0) => Vector512.Create(
            table[(int)index.GetElement(0) + offset], table[(int)index.GetElement(1) + offset], table[(int)index.GetElement(2) + offset], table[(int)index.GetElement(3) + offset],
            table[(int)index.GetElement(4) + offset], table[(int)index.GetElement(5) + offset], table[(int)index.GetElement(6) + offset], table[(int)index.GetElement(7) + offset]);

        /// <summary>The four numbers at <paramref name="first"/>, then the four at <paramref name="second"/>; the caller keeps every index + 3 inside the table.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<double> Rows(ref double start, nuint first, nuint second) =>
            Vector256.LoadUnsafe(ref start, first).ToVector512Unsafe().WithUpper(Vector256.LoadUnsafe(ref start, second));

        /// <summary>Parallel.For, throwing a single failure as itself rather than wrapped.</summary>
        private static void InParallel(int from, int to, Action<int> body)
        {
            try
            {
                Parallel.For(from, to, body);
            }
            catch (AggregateException ex) when (ex.InnerExceptions.Count == 1)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
            }
        }

        /// <summary>1 / φ(z) = √(2π)·e^(z²/2).</summary>
        private static double Density(double z) => SqrtTwoPi * DetMath.Exp(z * z / 2);
    }
}

/// <summary>
/// Samplers, one per distinct distribution (distributions are records, so equal parameters share a
/// sampler): a table is built once per process however many parks, scenarios or runs use it.
/// Samplers are immutable once built (their lazy tail tables are thread safe), so runs share them.
/// (Record equality treats +0 and −0 as equal; every use of a drawn value — sums, Max, ln(1 + x) —
/// gives the same result for either.) A build that throws is not remembered.
/// </summary>
internal sealed class SamplerCache
{
    /// <summary>Distinct distributions kept for the process (at most about 50 MB of tables); beyond this, runs build their own.</summary>
    private const int Capacity = 256;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Distribution, Lazy<Sampler>> Shared = new();

    private readonly Dictionary<Distribution, Sampler> local = [];

    public Sampler For(Distribution distribution)
    {
        if (Shared.TryGetValue(distribution, out var shared) || Shared.Count < Capacity)
        {
            return (shared ?? Shared.GetOrAdd(distribution, d => new Lazy<Sampler>(() => Sampler.For(d), LazyThreadSafetyMode.PublicationOnly))).Value;
        }

        if (!local.TryGetValue(distribution, out var sampler))
        {
            sampler = Sampler.For(distribution);
            local.Add(distribution, sampler);
        }

        return sampler;
    }
}

/// <summary>The standard normal quantile by Acklam's rational approximation (relative error below 1.15e-9).</summary>
internal static class FastNormal
{
    private const double A0 = -3.969683028665376e+01, A1 = 2.209460984245205e+02, A2 = -2.759285104469687e+02;
    private const double A3 = 1.383577518672690e+02, A4 = -3.066479806614716e+01, A5 = 2.506628277459239e+00;
    private const double B0 = -5.447609879822406e+01, B1 = 1.615858368580409e+02, B2 = -1.556989798598866e+02;
    private const double B3 = 6.680131188771972e+01, B4 = -1.328068155288572e+01;
    private const double C0 = -7.784894002430293e-03, C1 = -3.223964580411365e-01, C2 = -2.400758277161838e+00;
    private const double C3 = -2.549732539343734e+00, C4 = 4.374664141464968e+00, C5 = 2.938163982698783e+00;
    private const double D0 = 7.784695709041462e-03, D1 = 3.224671290700398e-01, D2 = 2.445134137142996e+00, D3 = 3.754408661907416e+00;
    private const double Low = 0.02425, High = 1 - Low;

    /// <summary>Φ⁻¹(p) for p in (0, 1).</summary>
    public static double Quantile(double p) => Quantile(Vector512.Create(p)).ToScalar();

    /// <summary>Φ⁻¹(p) in every lane: both forms computed, the right one kept per lane.</summary>
    public static Vector512<double> Quantile(Vector512<double> p)
    {
        var lowTail = Vector512.LessThan(p, Vector512.Create(Low));
        var central = Vector512.LessThanOrEqual(p, Vector512.Create(High)) & ~lowTail;
        var q = p - Vector512.Create(0.5);
        var r = q * q;
        var middle = (((((((((Vector512.Create(A0) * r) + Vector512.Create(A1)) * r) + Vector512.Create(A2)) * r) + Vector512.Create(A3)) * r) + Vector512.Create(A4)) * r + Vector512.Create(A5)) * q
            / (((((((((Vector512.Create(B0) * r) + Vector512.Create(B1)) * r) + Vector512.Create(B2)) * r) + Vector512.Create(B3)) * r) + Vector512.Create(B4)) * r + Vector512<double>.One);
        if (central.ExtractMostSignificantBits() == 0xFF)
        {
            return middle;
        }

        var s = Vector512.Sqrt(Vector512.Create(-2.0) * DetMath.Log(Vector512.ConditionalSelect(lowTail, p, Vector512<double>.One - p)));
        var tail = (((((((((Vector512.Create(C0) * s) + Vector512.Create(C1)) * s) + Vector512.Create(C2)) * s) + Vector512.Create(C3)) * s) + Vector512.Create(C4)) * s + Vector512.Create(C5))
            / ((((((((Vector512.Create(D0) * s) + Vector512.Create(D1)) * s) + Vector512.Create(D2)) * s) + Vector512.Create(D3)) * s) + Vector512<double>.One);
        return Vector512.ConditionalSelect(central, middle, Vector512.ConditionalSelect(lowTail, tail, -tail));
    }
}

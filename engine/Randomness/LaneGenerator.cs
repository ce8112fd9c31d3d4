using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Simulation.Engine.Randomness;

/// <summary>
/// Eight xoshiro256** streams side by side, one per lane of a <see cref="Vector512{T}"/>: lane i is
/// exactly the stream <see cref="RandomStreams.Create(ulong, long, ulong)"/> gives for path
/// <c>firstPath + i</c>, word for word, so a batch of eight paths draws what eight scalar paths would.
/// Draws can be masked: a lane whose mask is clear keeps its state, as a scalar path that draws
/// nothing would. Mutable struct: keep it in a local and pass it by reference.
/// </summary>
internal struct LaneGenerator
{
    /// <summary>Paths per batch: the lanes of a <see cref="Vector512{T}"/> of doubles.</summary>
    public const int Lanes = 8;

    private const double TwoPowMinus52 = 1.0 / (1UL << 52);

    private Vector512<ulong> s0;
    private Vector512<ulong> s1;
    private Vector512<ulong> s2;
    private Vector512<ulong> s3;

    /// <summary>The streams of paths <paramref name="firstPath"/> … + 7 for one component (the derivation of <see cref="RandomStreams"/>, lane by lane).</summary>
    public static LaneGenerator Create(ulong seed, long firstPath, ulong component)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstPath);
        var paths = Vector512.Create(firstPath) + Vector512.Create(0L, 1, 2, 3, 4, 5, 6, 7);
        var key = Mix(Vector512.Create(SplitMix64.Mix(seed + SplitMix64.Increment)) ^ paths.AsUInt64());
        key = Mix(key ^ Vector512.Create(component));
        var gamma = Vector512.Create(SplitMix64.Increment);
        LaneGenerator g;
        key += gamma;
        g.s0 = Mix(key);
        key += gamma;
        g.s1 = Mix(key);
        key += gamma;
        g.s2 = Mix(key);
        key += gamma;
        g.s3 = Mix(key);
        return g;
    }

    /// <summary>The next word of every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<ulong> Next()
    {
        var x = s1 + (s1 << 2); // s1 · 5
        x = RotateLeft(x, 7);
        var result = x + (x << 3); // · 9
        var t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = RotateLeft(s3, 45);
        return result;
    }

    /// <summary>The next word of the lanes set in <paramref name="advance"/> (all ones or zero per lane); the other lanes keep their state.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<ulong> Next(Vector512<ulong> advance)
    {
        var old = this;
        var result = Next();
        s0 = Vector512.ConditionalSelect(advance, s0, old.s0);
        s1 = Vector512.ConditionalSelect(advance, s1, old.s1);
        s2 = Vector512.ConditionalSelect(advance, s2, old.s2);
        s3 = Vector512.ConditionalSelect(advance, s3, old.s3);
        return result;
    }

    /// <summary>A double in (0, 1) in every lane, as <see cref="Xoshiro256StarStar.NextOpenDouble"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<double> NextOpenDouble() => ToOpenDouble(Next());

    /// <summary>A double in (0, 1) in the lanes set in <paramref name="advance"/>, which alone advance.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<double> NextOpenDouble(Vector512<ulong> advance) => ToOpenDouble(Next(advance));

    /// <summary>Fills <paramref name="destination"/> with standard normals in order, keeping the state in registers meanwhile.</summary>
    public void FillNormals(Span<Vector512<double>> destination)
    {
        // The uniforms first, in a loop that keeps the state in registers; then the table, in place.
        var copy = this;
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = copy.NextOpenDouble();
        }

        this = copy;
        StandardNormal.Table.SampleInPlace(MemoryMarshal.Cast<Vector512<double>, double>(destination));
    }

    /// <summary>Uniform doubles in (0, 1) from words, as <see cref="Xoshiro256StarStar.ToOpenDouble(ulong)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> ToOpenDouble(Vector512<ulong> bits) =>
        (Vector512.ConvertToDouble((bits >> 12).AsInt64()) + Vector512.Create(0.5)) * Vector512.Create(TwoPowMinus52);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Mix(Vector512<ulong> z)
    {
        z = (z ^ (z >> 30)) * Vector512.Create(0xBF58476D1CE4E5B9UL);
        z = (z ^ (z >> 27)) * Vector512.Create(0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> RotateLeft(Vector512<ulong> x, [ConstantExpected(Min = 1, Max = 63)] byte r) =>
        Avx512F.IsSupported ? Avx512F.RotateLeft(x, r) : (x << r) | (x >> (64 - r));
}

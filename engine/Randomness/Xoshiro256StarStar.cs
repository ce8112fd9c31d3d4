using System.Numerics;
using System.Runtime.CompilerServices;

namespace Simulation.Engine.Randomness;

/// <summary>
/// The xoshiro256** generator of David Blackman and Sebastiano Vigna (2018,
/// <c>https://prng.di.unimi.it/xoshiro256starstar.c</c>), bit for bit: 256 bits of state, period
/// 2^256 − 1, every output bit of good quality. A small mutable struct meant to live in a local
/// variable of the hot loop and be passed by <c>ref</c>; copying it copies the stream (both copies
/// then produce the same numbers), so never pass it by value where the draws must advance.
/// Not thread safe: one instance per thread and per stream. Obtain instances from
/// <see cref="RandomStreams.Create(ulong, long, ulong)"/> only (the constructor exists for known-answer
/// tests and for restoring a saved state).
/// </summary>
public struct Xoshiro256StarStar : IEquatable<Xoshiro256StarStar>
{
    private const double TwoPowMinus53 = 1.0 / (1UL << 53);
    private const double TwoPowMinus52 = 1.0 / (1UL << 52);

    private ulong s0;
    private ulong s1;
    private ulong s2;
    private ulong s3;

    /// <summary>Creates a generator with the given 256-bit state (the reference code's <c>s[0..3]</c>).</summary>
    /// <param name="s0">State word 0.</param>
    /// <param name="s1">State word 1.</param>
    /// <param name="s2">State word 2.</param>
    /// <param name="s3">State word 3.</param>
    /// <exception cref="ArgumentException">All four words are zero (the one state xoshiro cannot leave).</exception>
    public Xoshiro256StarStar(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        if ((s0 | s1 | s2 | s3) == 0)
        {
            throw new ArgumentException("The xoshiro256** state must not be all zeros.", nameof(s0));
        }

        this.s0 = s0;
        this.s1 = s1;
        this.s2 = s2;
        this.s3 = s3;
    }

    /// <summary>
    /// Whether this instance has a valid (not all-zero) state. A <c>default</c> instance is invalid and
    /// returns only zeros: always obtain generators from <see cref="RandomStreams"/>.
    /// </summary>
    public readonly bool IsValid => (s0 | s1 | s2 | s3) != 0;

    /// <summary>The next 64 random bits (the reference <c>next()</c>).</summary>
    /// <returns>A uniformly distributed 64-bit word.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(s1 * 5, 7) * 9;
        ulong t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = BitOperations.RotateLeft(s3, 45);
        return result;
    }

    /// <summary>
    /// A uniform double in [0, 1): the top 53 bits of <see cref="NextUInt64"/> times 2^-53, so every
    /// multiple of 2^-53 in [0, 1) is equally likely. May return exactly 0; use
    /// <see cref="NextOpenDouble"/> where 0 is not allowed (logarithms, inverse CDFs).
    /// </summary>
    /// <returns>A double in [0, 1).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => ToDouble(NextUInt64());

    /// <summary>
    /// A uniform double in the open interval (0, 1): <c>((x &gt;&gt; 12) + 0.5) · 2^-52</c>, the midpoints
    /// of the 2^52 equal cells of [0, 1), so the result lies in [2^-53, 1 − 2^-53] and is symmetric
    /// about 1/2. (The 53-bit variant <c>((x &gt;&gt; 11) + 0.5) · 2^-53</c> is not used: its largest value
    /// 2^53 − 0.5 is not representable and rounds to 2^53, returning exactly 1.)
    /// </summary>
    /// <returns>A double in (0, 1).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextOpenDouble() => ToOpenDouble(NextUInt64());

    /// <summary>Fills <paramref name="destination"/> with <see cref="NextUInt64"/> outputs, in order.</summary>
    /// <param name="destination">The span to fill.</param>
    public void Fill(Span<ulong> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = NextUInt64();
        }
    }

    /// <inheritdoc/>
    public readonly bool Equals(Xoshiro256StarStar other) =>
        s0 == other.s0 && s1 == other.s1 && s2 == other.s2 && s3 == other.s3;

    /// <inheritdoc/>
    public override readonly bool Equals(object? obj) => obj is Xoshiro256StarStar other && Equals(other);

    /// <inheritdoc/>
    public override readonly int GetHashCode() => HashCode.Combine(s0, s1, s2, s3);

    /// <summary>Whether two generators have the same state (and so will produce the same stream).</summary>
    /// <param name="left">The first generator.</param>
    /// <param name="right">The second generator.</param>
    /// <returns><see langword="true"/> when the states are equal.</returns>
    public static bool operator ==(Xoshiro256StarStar left, Xoshiro256StarStar right) => left.Equals(right);

    /// <summary>Whether two generators have different states.</summary>
    /// <param name="left">The first generator.</param>
    /// <param name="right">The second generator.</param>
    /// <returns><see langword="true"/> when the states differ.</returns>
    public static bool operator !=(Xoshiro256StarStar left, Xoshiro256StarStar right) => !left.Equals(right);

    /// <summary>The [0, 1) mapping of <see cref="NextDouble"/> applied to a given word.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double ToDouble(ulong bits) => (long)(bits >> 11) * TwoPowMinus53;

    /// <summary>The (0, 1) mapping of <see cref="NextOpenDouble"/> applied to a given word.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double ToOpenDouble(ulong bits) => ((long)(bits >> 12) + 0.5) * TwoPowMinus52;
}

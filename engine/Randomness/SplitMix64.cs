using System.Runtime.CompilerServices;

namespace Simulation.Engine.Randomness;

/// <summary>
/// Sebastiano Vigna's SplitMix64 (2015, <c>https://prng.di.unimi.it/splitmix64.c</c>): a 64-bit
/// generator whose state advances by the golden-ratio increment <c>0x9E3779B97F4A7C15</c> and whose
/// output is the state passed through <see cref="Mix(ulong)"/> (Stafford's "variant 13" finaliser).
/// Used here only to hash and to expand seeds into <see cref="Xoshiro256StarStar"/> states (see
/// <see cref="RandomStreams"/>), never as the simulation generator itself. Pure functions; thread safe.
/// </summary>
public static class SplitMix64
{
    /// <summary>The state increment, 2^64 divided by the golden ratio (odd).</summary>
    public const ulong Increment = 0x9E3779B97F4A7C15UL;

    /// <summary>
    /// Advances <paramref name="state"/> by <see cref="Increment"/> and returns the mixed new state,
    /// exactly as the reference <c>next()</c>. Any state, including 0, is valid.
    /// </summary>
    /// <param name="state">The generator state, updated in place.</param>
    /// <returns>The next 64-bit output.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Next(ref ulong state)
    {
        state += Increment;
        return Mix(state);
    }

    /// <summary>
    /// The SplitMix64 output function: a bijection of 64-bit words with full avalanche
    /// (<c>z ^= z &gt;&gt; 30; z *= 0xBF58476D1CE4E5B9; z ^= z &gt;&gt; 27; z *= 0x94D049BB133111EB; z ^= z &gt;&gt; 31</c>).
    /// Note that <c>Mix(0) == 0</c>.
    /// </summary>
    /// <param name="z">The word to mix.</param>
    /// <returns>The mixed word.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

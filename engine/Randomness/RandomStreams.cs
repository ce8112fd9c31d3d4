using System.Text;

namespace Simulation.Engine.Randomness;

/// <summary>
/// The only factory of random generators. Every draw of a run comes from a stream fixed by
/// <c>(seed, path index, component)</c>, so results do not depend on thread count, block size,
/// sharding or the order in which paths complete, and a component's draws do not change when
/// another component (a lever, an event) is added, removed or changed (common random numbers).
/// Pure functions; thread safe.
/// Specified in docs/model.md §5.
/// </summary>
/// <remarks>
/// <para><b>Reproducibility contract.</b> The derivation below is part of the output format: changing
/// any constant or step changes every result of every run. It is pinned by known-answer tests and must
/// never change silently; a change needs a new contract version stated in the outputs.</para>
/// <para>With <c>Mix</c> = <see cref="SplitMix64.Mix(ulong)"/>, <c>Next</c> =
/// <see cref="SplitMix64.Next(ref ulong)"/>, <c>γ</c> = <see cref="SplitMix64.Increment"/> and all
/// arithmetic modulo 2^64:</para>
/// <code>
/// k  = Mix(seed + γ)
/// k  = Mix(k ^ (ulong)pathIndex)
/// k  = Mix(k ^ component)
/// s0 = Next(ref k); s1 = Next(ref k); s2 = Next(ref k); s3 = Next(ref k)
/// return new Xoshiro256StarStar(s0, s1, s2, s3)
/// </code>
/// <para>Each step is a bijection in the value it absorbs, so for a fixed seed and component distinct
/// paths get distinct SplitMix64 keys (and likewise distinct components for a fixed path), and the key
/// is expanded into the xoshiro state by four consecutive SplitMix64 outputs, as Vigna recommends. The
/// all-zero state can never occur: the four outputs are <c>Mix</c> of four distinct words
/// (<c>k + γ</c>, <c>k + 2γ</c>, <c>k + 3γ</c>, <c>k + 4γ</c>; γ is odd), and since <c>Mix</c> is a bijection
/// with <c>Mix(0) = 0</c>, at most one of them can be zero.</para>
/// <para>Component identifiers come from <see cref="Component(string)"/> (64-bit FNV-1a of the UTF-8
/// name). The kernel uses <c>"shocks"</c> (every cluster's annual shocks, in cluster order),
/// <c>"trends"</c> (every cluster's trend draw, in cluster order), <c>"event:&lt;id&gt;"</c>,
/// <c>"subsidy"</c> and <c>"subsidy:&lt;year&gt;"</c>, <c>"park:&lt;id&gt;"</c>, <c>"revival:&lt;id&gt;"</c>
/// and <c>"attraction:&lt;year&gt;"</c>.</para>
/// </remarks>
public static class RandomStreams
{
    /// <summary>The FNV-1a 64-bit offset basis.</summary>
    private const ulong FnvOffsetBasis = 0xCBF29CE484222325UL;

    /// <summary>The FNV-1a 64-bit prime, 2^40 + 2^8 + 0xB3.</summary>
    private const ulong FnvPrime = 0x00000100000001B3UL;

    /// <summary>
    /// The generator of the stream fixed by <paramref name="seed"/>, <paramref name="pathIndex"/> and
    /// <paramref name="component"/>, by the derivation documented on <see cref="RandomStreams"/>.
    /// </summary>
    /// <param name="seed">The run's seed (any value).</param>
    /// <param name="pathIndex">The zero-based Monte Carlo path index (at least 0).</param>
    /// <param name="component">The component identifier, usually from <see cref="Component(string)"/>.</param>
    /// <returns>A freshly seeded generator; the same arguments always give the same stream.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pathIndex"/> is negative.</exception>
    public static Xoshiro256StarStar Create(ulong seed, long pathIndex, ulong component)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pathIndex);
        ulong key = SplitMix64.Mix(seed + SplitMix64.Increment);
        key = SplitMix64.Mix(key ^ (ulong)pathIndex);
        key = SplitMix64.Mix(key ^ component);
        ulong s0 = SplitMix64.Next(ref key);
        ulong s1 = SplitMix64.Next(ref key);
        ulong s2 = SplitMix64.Next(ref key);
        ulong s3 = SplitMix64.Next(ref key);
        return new Xoshiro256StarStar(s0, s1, s2, s3);
    }

    /// <summary>
    /// <see cref="Create(ulong, long, ulong)"/> with the component given by name (hashed by
    /// <see cref="Component(string)"/>). In hot loops, hash the name once and use the other overload.
    /// </summary>
    /// <param name="seed">The run's seed (any value).</param>
    /// <param name="pathIndex">The zero-based Monte Carlo path index (at least 0).</param>
    /// <param name="componentName">The component name, e.g. <c>"shocks"</c>.</param>
    /// <returns>A freshly seeded generator.</returns>
    public static Xoshiro256StarStar Create(ulong seed, long pathIndex, string componentName) =>
        Create(seed, pathIndex, Component(componentName));

    /// <summary>
    /// The component identifier of a name: the 64-bit FNV-1a hash (offset basis 0xCBF29CE484222325,
    /// prime 0x100000001B3) of the name's UTF-8 bytes, with no terminator. Stable across platforms,
    /// cultures and runtime versions (unlike <see cref="string.GetHashCode()"/>); names are case
    /// sensitive and are not normalised.
    /// </summary>
    /// <param name="name">The component name.</param>
    /// <returns>The 64-bit identifier.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    public static ulong Component(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        int length = Encoding.UTF8.GetByteCount(name);
        Span<byte> bytes = length <= 256 ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(name, bytes);
        ulong hash = FnvOffsetBasis;
        foreach (byte b in bytes)
        {
            hash ^= b;
            hash *= FnvPrime;
        }

        return hash;
    }
}

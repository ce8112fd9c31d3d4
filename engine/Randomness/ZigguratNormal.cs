using System.Runtime.CompilerServices;

namespace Simulation.Engine.Randomness;

/// <summary>
/// Standard normal draws by the ziggurat method of Marsaglia and Tsang (2000, "The Ziggurat Method for
/// Generating Random Variables", J. Stat. Softw. 5(8)) with 256 layers of equal area, exact in
/// distribution (up to the 53-bit resolution of the uniforms). Thread safe (the tables are immutable);
/// the generator passed by reference is advanced.
/// </summary>
/// <remarks>
/// <para>One 64-bit draw <c>b</c> gives the layer <c>i = b &amp; 0xFF</c>, the sign (bit 8) and a magnitude
/// <c>u = (b &gt;&gt; 11) · 2^-53</c> in [0, 1) from the top 53 bits; the three bit fields are disjoint. The
/// candidate is <c>x = u · x[i]</c>. If <c>u &lt; x[i+1] / x[i]</c> (about 99% of draws, compared as
/// integers) the point lies inside the curve and <c>±x</c> is returned. Otherwise: in the base layer
/// (<c>i = 0</c>) the point lies in the tail beyond <c>R = x[1]</c>, which is sampled with Marsaglia's
/// exponential method (repeat <c>a = −ln(U1)/R</c>, <c>c = −ln(U2)</c> until <c>2c ≥ a²</c>; return
/// <c>±(R + a)</c>); in the other layers the point lies in a wedge and is accepted when a uniform height
/// between <c>f(x[i])</c> and <c>f(x[i+1])</c> falls below <c>f(x) = exp(−x²/2)</c>, else everything is
/// drawn afresh.</para>
/// <para>The tables are computed once, in the static constructor: <c>R</c> is solved by bisection so
/// that the 256 layers of common area <c>V = R·f(R) + ∫_R^∞ f</c> close exactly at the top of the
/// curve (<c>R ≈ 3.6541528853610088</c>, <c>V ≈ 0.0049286732339</c>), so the tables are consistent to
/// double precision rather than to the digits of published constants.</para>
/// <para>The stream of normals is a fixed function of the generator's stream (the number of 64-bit
/// words consumed per normal varies, about 1.02 on average), so results are reproducible bit for bit.</para>
/// </remarks>
public static class ZigguratNormal
{
    /// <summary>The number of layers.</summary>
    private const int Layers = 256;

    private const double TwoPowMinus53 = 1.0 / (1UL << 53);

    /// <summary><c>x[i]</c>, the right edges of the layers; <c>x[0] = V / f(R)</c>, <c>x[1] = R</c>, <c>x[256] = 0</c>.</summary>
    private static readonly double[] Edges;

    /// <summary><c>f(x[i]) = exp(−x[i]²/2)</c>.</summary>
    private static readonly double[] Heights;

    /// <summary><c>x[i] · 2^-53</c>: turns the 53-bit magnitude into the candidate.</summary>
    private static readonly double[] Widths;

    /// <summary><c>ceil(x[i+1] / x[i] · 2^53)</c>: magnitudes below it are inside the curve.</summary>
    private static readonly ulong[] Thresholds;

    /// <summary>The start of the tail, <c>x[1]</c>.</summary>
    private static readonly double TailStart;

    static ZigguratNormal()
    {
        double low = 3.0, high = 4.5;
        for (int iteration = 0; iteration < 200 && high - low > 0; iteration++)
        {
            double mid = (low + high) / 2;
            if (mid == low || mid == high)
            {
                break;
            }

            if (Closure(mid, null) < 0)
            {
                high = mid; // the layers do not reach the top: the area V(R) is too small, R too large
            }
            else
            {
                low = mid; // the layers overshoot (or run out early): R too small
            }
        }

        double r = Math.Abs(Closure(low, null)) <= Math.Abs(Closure(high, null)) ? low : high;
        Edges = new double[Layers + 1];
        _ = Closure(r, Edges);
        TailStart = r;
        Heights = new double[Layers + 1];
        Widths = new double[Layers];
        Thresholds = new ulong[Layers];
        for (int i = 0; i <= Layers; i++)
        {
            Heights[i] = Density(Edges[i]);
        }

        for (int i = 0; i < Layers; i++)
        {
            Widths[i] = Edges[i] * TwoPowMinus53;
            Thresholds[i] = (ulong)Math.Ceiling(Edges[i + 1] / Edges[i] * (1UL << 53));
        }
    }

    /// <summary>The right edge of the base layer's virtual rectangle, V / f(R) (for tests).</summary>
    internal static double BaseWidth => Edges[0];

    /// <summary>The start of the tail, R (for tests).</summary>
    internal static double R => TailStart;

    /// <summary>The common layer area V (for tests).</summary>
    internal static double LayerArea => Edges[0] * Heights[1];

    /// <summary>
    /// A standard normal draw (mean 0, variance 1). About 99% of calls use one 64-bit word and one
    /// multiplication.
    /// </summary>
    /// <param name="rng">The generator, advanced in place.</param>
    /// <returns>A draw from N(0, 1).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Next(ref Xoshiro256StarStar rng)
    {
        ulong bits = rng.NextUInt64();
        int layer = (int)(bits & 0xFF);
        ulong magnitude = bits >> 11;
        if (magnitude < Thresholds[layer])
        {
            return WithSign((long)magnitude * Widths[layer], bits);
        }

        return NextSlow(ref rng, bits);
    }

    /// <summary>Fills <paramref name="destination"/> with independent standard normal draws, in order.</summary>
    /// <param name="rng">The generator, advanced in place.</param>
    /// <param name="destination">The span to fill.</param>
    public static void Fill(ref Xoshiro256StarStar rng, Span<double> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = Next(ref rng);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double NextSlow(ref Xoshiro256StarStar rng, ulong bits)
    {
        while (true)
        {
            int layer = (int)(bits & 0xFF);
            ulong magnitude = bits >> 11;
            if (magnitude < Thresholds[layer])
            {
                return WithSign((long)magnitude * Widths[layer], bits);
            }

            if (layer == 0)
            {
                double a, c;
                do
                {
                    a = -Math.Log(rng.NextOpenDouble()) / TailStart;
                    c = -Math.Log(rng.NextOpenDouble());
                }
                while (c + c < a * a);
                return WithSign(TailStart + a, bits);
            }

            double x = (long)magnitude * Widths[layer];
            double y = Heights[layer] + (rng.NextDouble() * (Heights[layer + 1] - Heights[layer]));
            if (y < Density(x))
            {
                return WithSign(x, bits);
            }

            bits = rng.NextUInt64();
        }
    }

    /// <summary>Gives <paramref name="magnitude"/> the sign held in bit 8 of <paramref name="bits"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double WithSign(double magnitude, ulong bits) =>
        BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(magnitude) ^ (long)((bits & 0x100) << 55));

    /// <summary>The unnormalised normal density exp(−x²/2).</summary>
    private static double Density(double x) => Math.Exp(-0.5 * x * x);

    /// <summary>
    /// Builds the layers for a tail start <paramref name="r"/> and returns how far the top layer
    /// overshoots the peak f(0) = 1: <c>f(x[255]) + V / x[255] − 1</c> (positive also when the layers
    /// run out before the last one). Writes the edges when <paramref name="edges"/> is given.
    /// </summary>
    private static double Closure(double r, double[]? edges)
    {
        double fr = Density(r);
        double v = (r * fr) + (Math.Sqrt(Math.PI / 2) * MathNet.Numerics.SpecialFunctions.Erfc(r / Math.Sqrt(2)));
        double x = r;
        if (edges is not null)
        {
            edges[0] = v / fr;
            edges[1] = r;
            edges[Layers] = 0;
        }

        for (int i = 1; i < Layers - 1; i++)
        {
            double next = Density(x) + (v / x);
            if (next >= 1)
            {
                return 1 + (Layers - i); // ran out of curve early
            }

            x = Math.Sqrt(-2 * Math.Log(next));
            if (edges is not null)
            {
                edges[i + 1] = x;
            }
        }

        return Density(x) + (v / x) - 1;
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Simulation.Engine.Kernel;

/// <summary>
/// exp and ln that give the same bits on every machine, every vector width and every lane: the
/// algorithms of fdlibm (e_exp.c, e_log.c; error below 1 ulp) written branch-free with IEEE add,
/// subtract, multiply, divide and exact conversions only — no fused multiply-add, no platform libm.
/// The scalar forms run the vector code on one lane, so a path simulated alone and the same path
/// simulated in a lane of a batch get identical values. The kernel uses these instead of
/// <see cref="Math.Exp"/> and <see cref="Math.Log(double)"/>, whose last bit may differ between C libraries.
/// With AVX-512 the exponent work (splitting x into 2^k·m, scaling by 2^k) takes the exact
/// vgetexp/vgetmant/vscalef instructions instead of integer bit manipulation: the same numbers, fewer
/// instructions (tests compare both forms).
/// </summary>
internal static class DetMath
{
    private const double Ln2Hi = 6.93147180369123816490e-01;
    private const double Ln2Lo = 1.90821492927058770002e-10;
    private const double InvLn2 = 1.44269504088896338700e+00;
    private const double P1 = 1.66666666666666019037e-01;
    private const double P2 = -2.77777777770155933842e-03;
    private const double P3 = 6.61375632143793436117e-05;
    private const double P4 = -1.65339022054652515390e-06;
    private const double P5 = 4.13813679705723846039e-08;
    private const double ExpOverflow = 7.09782712893383973096e+02;
    private const double ExpUnderflow = -7.45133219101941108420e+02;
    private const double Lg1 = 6.666666666666735130e-01;
    private const double Lg2 = 3.999999999940941908e-01;
    private const double Lg3 = 2.857142874366239149e-01;
    private const double Lg4 = 2.222219843214978396e-01;
    private const double Lg5 = 1.818357216161805012e-01;
    private const double Lg6 = 1.531383769920937332e-01;
    private const double Lg7 = 1.479819860511658591e-01;
    private const double SmallestNormal = 2.2250738585072014e-308;
    private const double TwoPow54 = 18014398509481984.0;

    /// <summary>1 + 0x6A09C·2⁻²⁰ (exact): fdlibm's split of the mantissa (its high word plus 0x95f64 carries into bit 20 from here on).</summary>
    private const double MantissaSplit = 1.4142112731933594;

    /// <summary>e^x.</summary>
    public static double Exp(double x) => Exp(Vector512.Create(x)).ToScalar();

    /// <summary>ln x (−∞ at 0, NaN below 0).</summary>
    public static double Log(double x) => Log(Vector512.Create(x)).ToScalar();

    /// <summary>e^x in every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Exp(Vector512<double> x) => Avx512F.IsSupported ? ExpAvx512(x) : ExpPortable(x);

    /// <summary>e^x, scaling by 2^k with vscalefpd (one rounding of y·2^k, as the two exact-then-rounding multiplies of <see cref="ExpPortable"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<double> ExpAvx512(Vector512<double> x)
    {
        var y = ExpReduced(x, out var k);
        return ExpSpecialCases(x, Avx512F.Scale(y, k));
    }

    /// <summary>e^x with integer arithmetic only.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<double> ExpPortable(Vector512<double> x)
    {
        var y = ExpReduced(x, out var k);

        // y · 2^k as y · 2^k1 · 2^k2 with k1 = ⌊k/2⌋, so results near the ends of the range are right.
        var ki = Vector512.ConvertToInt64(k);
        var k1 = Vector512.ShiftRightArithmetic(ki, 1);
        var k2 = ki - k1;
        var s1 = Vector512.ShiftLeft(k1 + Vector512.Create(1023L), 52).AsDouble();
        var s2 = Vector512.ShiftLeft(k2 + Vector512.Create(1023L), 52).AsDouble();
        return ExpSpecialCases(x, y * s1 * s2);
    }

    /// <summary>x = k ln2 + r, |r| ≤ ln2/2, and e^r; k is clamped so that 2^k splits into two normal factors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> ExpReduced(Vector512<double> x, out Vector512<double> k)
    {
        k = Vector512.Min(Vector512.Max(Vector512.Round(x * Vector512.Create(InvLn2)), Vector512.Create(-1100.0)), Vector512.Create(1100.0));
        var hi = x - (k * Vector512.Create(Ln2Hi));
        var lo = k * Vector512.Create(Ln2Lo);
        var r = hi - lo;
        var t = r * r;
        var c = r - (t * (Vector512.Create(P1) + (t * (Vector512.Create(P2) + (t * (Vector512.Create(P3) + (t * (Vector512.Create(P4) + (t * Vector512.Create(P5))))))))));
        return Vector512<double>.One - ((lo - ((r * c) / (Vector512.Create(2.0) - c))) - hi);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> ExpSpecialCases(Vector512<double> x, Vector512<double> y)
    {
        y = Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512.Create(ExpOverflow)), Vector512.Create(double.PositiveInfinity), y);
        y = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512.Create(ExpUnderflow)), Vector512<double>.Zero, y);
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), y, x);
    }

    /// <summary>ln x in every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Log(Vector512<double> x) => Avx512F.IsSupported ? LogAvx512(x) : LogPortable(x);

    /// <summary>ln x, with x = 2^k·m from vgetexppd and vgetmantpd (exact, subnormals included).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<double> LogAvx512(Vector512<double> x)
    {
        // m in [1, 2), halved from the split on, as the portable form's carry into bit 20 does.
        var m = Avx512F.GetMantissa(x, 0);
        var k = Avx512F.GetExponent(x);
        var upper = Vector512.GreaterThanOrEqual(m, Vector512.Create(MantissaSplit));
        m = Vector512.ConditionalSelect(upper, m * Vector512.Create(0.5), m);
        k = Vector512.ConditionalSelect(upper, k + Vector512<double>.One, k);
        return LogSpecialCases(x, LogReduced(m, k));
    }

    /// <summary>ln x with integer arithmetic only.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<double> LogPortable(Vector512<double> x)
    {
        // Subnormals are scaled into the normal range first.
        var subnormal = Vector512.LessThan(x, Vector512.Create(SmallestNormal));
        var xs = Vector512.ConditionalSelect(subnormal, x * Vector512.Create(TwoPow54), x);
        var bits = xs.AsInt64();
        var k = Vector512.ShiftRightLogical(bits, 52) - Vector512.Create(1023L);
        k = Vector512.ConditionalSelect(subnormal.AsInt64(), k - Vector512.Create(54L), k);

        // x = 2^k m with m in [√2/2, √2): the mantissa's high word plus 0x95f64 carries into bit 20 when m ≥ √2.
        var mantissa = bits & Vector512.Create(0x000FFFFFFFFFFFFFL);
        var i = (Vector512.ShiftRightLogical(mantissa, 32) + Vector512.Create(0x95f64L)) & Vector512.Create(0x100000L);
        var m = (mantissa | Vector512.ShiftLeft(i ^ Vector512.Create(0x3ff00000L), 32)).AsDouble();
        k += Vector512.ShiftRightLogical(i, 20);
        return LogSpecialCases(x, LogReduced(m, Vector512.ConvertToDouble(k)));
    }

    /// <summary>k ln2 + ln m for m in [√2/2, √2) (fdlibm's polynomial in s = f / (2 + f), f = m − 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> LogReduced(Vector512<double> m, Vector512<double> dk)
    {
        var f = m - Vector512<double>.One;
        var hfsq = Vector512.Create(0.5) * f * f;
        var s = f / (Vector512.Create(2.0) + f);
        var z = s * s;
        var w = z * z;
        var t1 = w * (Vector512.Create(Lg2) + (w * (Vector512.Create(Lg4) + (w * Vector512.Create(Lg6)))));
        var t2 = z * (Vector512.Create(Lg1) + (w * (Vector512.Create(Lg3) + (w * (Vector512.Create(Lg5) + (w * Vector512.Create(Lg7)))))));
        var r = t2 + t1;
        return (dk * Vector512.Create(Ln2Hi)) - ((hfsq - ((s * (hfsq + r)) + (dk * Vector512.Create(Ln2Lo)))) - f);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> LogSpecialCases(Vector512<double> x, Vector512<double> result)
    {
        result = Vector512.ConditionalSelect(Vector512.Equals(x, Vector512<double>.Zero), Vector512.Create(double.NegativeInfinity), result);
        result = Vector512.ConditionalSelect(Vector512.Equals(x, Vector512.Create(double.PositiveInfinity)), x, result);
        var invalid = Vector512.LessThan(x, Vector512<double>.Zero) | ~Vector512.Equals(x, x);
        return Vector512.ConditionalSelect(invalid, Vector512.Create(double.NaN), result);
    }
}

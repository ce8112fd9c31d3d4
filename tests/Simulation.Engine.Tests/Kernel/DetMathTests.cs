using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Simulation.Engine.Kernel;

namespace Simulation.Engine.Tests;

/// <summary>The kernel's own exp and ln: within 1 ulp of the C library, exact at the special values, and lane-independent.</summary>
public class DetMathTests
{
    private static long Ulps(double a, double b) =>
        a == b || (double.IsNaN(a) && double.IsNaN(b)) ? 0 : Math.Abs(BitConverter.DoubleToInt64Bits(a) - BitConverter.DoubleToInt64Bits(b));

    [Fact]
    public void Exp_RandomArguments_WithinOneUlpOfMathExp()
    {
        var random = new Random(5);
        long worst = 0;
        for (int i = 0; i < 500_000; i++)
        {
            double x = i % 2 == 0 ? (random.NextDouble() - 0.5) * 1500 : (random.NextDouble() - 0.5) * 4;
            worst = Math.Max(worst, Ulps(DetMath.Exp(x), Math.Exp(x)));
        }

        Assert.InRange(worst, 0, 1);
    }

    [Fact]
    public void Log_RandomArguments_WithinOneUlpOfMathLog()
    {
        var random = new Random(6);
        long worst = 0;
        for (int i = 0; i < 500_000; i++)
        {
            double x = i % 2 == 0 ? Math.Exp((random.NextDouble() - 0.5) * 1400) : random.NextDouble() * 3;
            worst = Math.Max(worst, Ulps(DetMath.Log(x), Math.Log(x)));
        }

        Assert.InRange(worst, 0, 1);
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(double.NegativeInfinity, 0.0)]
    [InlineData(double.PositiveInfinity, double.PositiveInfinity)]
    [InlineData(709.8, double.PositiveInfinity)]
    [InlineData(-746.0, 0.0)]
    [InlineData(-745.0, 4.94065645841247E-324)]
    [InlineData(double.NaN, double.NaN)]
    public void Exp_SpecialValues(double x, double expected) => Assert.Equal(expected, DetMath.Exp(x));

    [Theory]
    [InlineData(1.0, 0.0)]
    [InlineData(0.0, double.NegativeInfinity)]
    [InlineData(-1.0, double.NaN)]
    [InlineData(double.PositiveInfinity, double.PositiveInfinity)]
    [InlineData(double.NaN, double.NaN)]
    [InlineData(4.94065645841247E-324, -744.4400719213812)]
    public void Log_SpecialValues(double x, double expected) => Assert.Equal(expected, DetMath.Log(x));

    [Fact]
    public void ExpAndLog_Lanes_DoNotDependOnTheirNeighbours()
    {
        var x = Vector512.Create(-3.5, 0.25, 700, -800, double.NaN, 1e-310, 42, 1);
        var exp = DetMath.Exp(x);
        var log = DetMath.Log(Vector512.Abs(x));
        for (int l = 0; l < 8; l++)
        {
            Assert.Equal(DetMath.Exp(x.GetElement(l)), exp.GetElement(l));
            Assert.Equal(DetMath.Log(Math.Abs(x.GetElement(l))), log.GetElement(l));
        }
    }

    /// <summary>
    /// Doubles of every kind: any bit pattern, wide arguments for exp, and (three cases in five) values
    /// at or near the edges: subnormals, the ends of exp's range, mantissas either side of the log's
    /// split at any exponent, and the special values.
    /// </summary>
    private static IEnumerable<Vector512<double>> Arguments(int seed, int count)
    {
        var random = new Random(seed);
        double[] edges = [0, -0.0, double.Epsilon, 2.2250738585072014e-308, 2.225073858507201e-308, double.MaxValue, double.PositiveInfinity, double.NegativeInfinity, double.NaN,
            709.782712893384, 709.7827128933841, -745.1332191019411, -745.1332191019412, -708.3964185322641, 1.4142112731933594, 1.4142112731933592, 0.7071056365966797, 1, -1];
        var lanes = new double[8];
        for (int i = 0; i < count; i++)
        {
            for (int l = 0; l < 8; l++)
            {
                lanes[l] = random.Next(5) switch
                {
                    0 => BitConverter.Int64BitsToDouble(random.NextInt64()),
                    1 => edges[random.Next(edges.Length)],
                    2 => (random.NextDouble() - 0.5) * 1500,
                    3 => Math.ScaleB(1.4142112731933594 + ((random.NextDouble() - 0.5) * 1e-5), random.Next(-1074, 1024)),
                    _ => BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(edges[random.Next(edges.Length)]) + random.Next(-3, 4)),
                };
            }

            yield return Vector512.Create(lanes);
        }
    }

    [Avx512Fact]
    public void ExpAndLog_Avx512Forms_EqualThePortableForms_BitForBit()
    {
        foreach (var x in Arguments(7, 200_000))
        {
            Same(x, DetMath.ExpPortable(x), DetMath.ExpAvx512(x));
            Same(x, DetMath.LogPortable(x), DetMath.LogAvx512(x));
            var positive = Vector512.Abs(x);
            Same(positive, DetMath.LogPortable(positive), DetMath.LogAvx512(positive));
        }

        static void Same(Vector512<double> x, Vector512<double> expected, Vector512<double> actual)
        {
            if (expected.AsInt64() != actual.AsInt64())
            {
                Assert.Fail($"at {x}: {expected} from the portable form, {actual} from the AVX-512 form");
            }
        }
    }
}

/// <summary>A fact that needs AVX-512 (the portable forms are all a machine without it runs): skipped, and reported as skipped, elsewhere.</summary>
public sealed class Avx512FactAttribute : FactAttribute
{
    public Avx512FactAttribute()
    {
        if (!Avx512F.IsSupported)
        {
            Skip = "needs AVX-512";
        }
    }
}

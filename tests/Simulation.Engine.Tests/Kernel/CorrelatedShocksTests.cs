using System.Runtime.Intrinsics;
using Simulation.Engine.Kernel;

namespace Simulation.Engine.Tests;

/// <summary>The eight-lane product e = F z gives every lane the scalar product's bits, for any size (full blocks of eight rows, a last block of four or fewer, or of five to seven) and any pattern of zeros.</summary>
public class CorrelatedShocksTests
{
    [Theory]
    [InlineData(1, false)]
    [InlineData(3, true)]
    [InlineData(4, false)]
    [InlineData(6, true)]
    [InlineData(8, false)]
    [InlineData(11, true)]
    [InlineData(12, false)]
    [InlineData(15, true)]
    [InlineData(27, true)]
    [InlineData(27, false)]
    [InlineData(29, false)]
    public void Multiply_EveryLane_EqualsTheScalarProduct(int n, bool lowerTriangular)
    {
        var random = new Random(n * 2 + (lowerTriangular ? 1 : 0));
        var factor = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                bool zero = (lowerTriangular && j > i) || random.Next(5) == 0;
                factor[(i * n) + j] = zero ? 0 : random.NextDouble() - 0.3;
            }
        }

        var shocks = new CorrelatedShocks(factor, n);
        var z = Enumerable.Range(0, n).Select(_ => Vector512.Create(Enumerable.Range(0, 8).Select(_ => (random.NextDouble() - 0.5) * 6).ToArray())).ToArray();
        var e = new Vector512<double>[n];
        shocks.Multiply(z, e);

        var zl = new double[n];
        var el = new double[n];
        for (int l = 0; l < 8; l++)
        {
            for (int j = 0; j < n; j++)
            {
                zl[j] = z[j].GetElement(l);
            }

            shocks.Multiply(zl, el);
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(el[i]), BitConverter.DoubleToInt64Bits(e[i].GetElement(l)));
            }
        }
    }
}

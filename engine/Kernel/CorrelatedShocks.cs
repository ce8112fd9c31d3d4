using System.Runtime.Intrinsics;

namespace Simulation.Engine.Kernel;

/// <summary>
/// e = F z for the correlation factor F, stored row by row with its non-zero entries only. Each
/// e[i] is summed from 0 over j in ascending order with separate multiply and add (no fused
/// multiply-add), in the scalar form and in every lane of the vector form alike, so the bits are
/// the same on every machine and vector width. (Zero entries add ±0, which changes no sum: skipping
/// them changes nothing.)
/// </summary>
internal sealed class CorrelatedShocks
{
    private readonly double[] values;
    private readonly int[] columns;
    private readonly int[] rowStart;

    /// <summary>Stores the non-zero entries of a row-major n × n factor.</summary>
    public CorrelatedShocks(double[] factor, int n)
    {
        var v = new List<double>();
        var c = new List<int>();
        rowStart = new int[n + 1];
        for (int i = 0; i < n; i++)
        {
            rowStart[i] = v.Count;
            for (int j = 0; j < n; j++)
            {
                if (factor[(i * n) + j] != 0)
                {
                    v.Add(factor[(i * n) + j]);
                    c.Add(j);
                }
            }
        }

        rowStart[n] = v.Count;
        values = [.. v];
        columns = [.. c];
    }

    /// <summary>Computes <paramref name="e"/> = F <paramref name="z"/>.</summary>
    public void Multiply(ReadOnlySpan<double> z, Span<double> e)
    {
        for (int i = 0; i < e.Length; i++)
        {
            double sum = 0;
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++)
            {
                sum += values[k] * z[columns[k]];
            }

            e[i] = sum;
        }
    }

    /// <summary>Computes <paramref name="e"/> = F <paramref name="z"/> in every lane.</summary>
    public void Multiply(ReadOnlySpan<Vector512<double>> z, Span<Vector512<double>> e)
    {
        for (int i = 0; i < e.Length; i++)
        {
            var sum = Vector512<double>.Zero;
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++)
            {
                sum += Vector512.Create(values[k]) * z[columns[k]];
            }

            e[i] = sum;
        }
    }
}

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

    /// <summary>
    /// Computes <paramref name="e"/> = F <paramref name="z"/> in every lane. Four rows advance
    /// together over their common length, so four independent sums are in flight at once; each
    /// row still adds its terms in ascending column order.
    /// </summary>
    public void Multiply(ReadOnlySpan<Vector512<double>> z, Span<Vector512<double>> e)
    {
        int i = 0;
        for (; i + 4 <= e.Length; i += 4)
        {
            int a = rowStart[i], b = rowStart[i + 1], c = rowStart[i + 2], d = rowStart[i + 3];
            int common = Math.Min(Math.Min(b - a, c - b), Math.Min(d - c, rowStart[i + 4] - d));
            Vector512<double> s0 = default, s1 = default, s2 = default, s3 = default;
            for (int m = 0; m < common; m++)
            {
                s0 += Vector512.Create(values[a + m]) * z[columns[a + m]];
                s1 += Vector512.Create(values[b + m]) * z[columns[b + m]];
                s2 += Vector512.Create(values[c + m]) * z[columns[c + m]];
                s3 += Vector512.Create(values[d + m]) * z[columns[d + m]];
            }

            e[i] = Finish(s0, a + common, b, z);
            e[i + 1] = Finish(s1, b + common, c, z);
            e[i + 2] = Finish(s2, c + common, d, z);
            e[i + 3] = Finish(s3, d + common, rowStart[i + 4], z);
        }

        for (; i < e.Length; i++)
        {
            e[i] = Finish(Vector512<double>.Zero, rowStart[i], rowStart[i + 1], z);
        }
    }

    private Vector512<double> Finish(Vector512<double> sum, int from, int to, ReadOnlySpan<Vector512<double>> z)
    {
        for (int k = from; k < to; k++)
        {
            sum += Vector512.Create(values[k]) * z[columns[k]];
        }

        return sum;
    }
}

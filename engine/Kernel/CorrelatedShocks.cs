using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Simulation.Engine.Kernel;

/// <summary>
/// e = F z for the correlation factor F, stored column by column so the product is a sequence of
/// axpy steps e[i] += F[i, j] z[j] over j in order. Each e[i] is summed in exactly the order of the
/// scalar loop (vector lanes hold different i, never parts of one sum) and with separate multiply
/// and add (no fused multiply-add), so the bits are the same on every machine and vector width.
/// </summary>
internal static class CorrelatedShocks
{
    /// <summary>Splits a row-major factor into its non-zero column tails.</summary>
    public static (double[] Columns, (int Row, int Offset)[] Start) Columns(double[] factor, int n)
    {
        var start = new (int Row, int Offset)[n];
        var columns = new List<double>();
        for (int j = 0; j < n; j++)
        {
            int first = 0;
            while (first < n && factor[(first * n) + j] == 0)
            {
                first++;
            }

            start[j] = (first, columns.Count);
            for (int i = first; i < n; i++)
            {
                columns.Add(factor[(i * n) + j]);
            }
        }

        return (columns.ToArray(), start);
    }

    /// <summary>Computes <paramref name="e"/> = F <paramref name="z"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(double[] columns, (int Row, int Offset)[] start, double[] z, double[] e)
    {
        int n = z.Length;
        Array.Clear(e);
        for (int j = 0; j < n; j++)
        {
            var (row, offset) = start[j];
            if (row >= n)
            {
                continue;
            }

            double zj = z[j];
            int i = row;
            if (Vector256.IsHardwareAccelerated)
            {
                var zv = Vector256.Create(zj);
                ref double col = ref columns[offset];
                ref double acc = ref e[0];
                for (; i + 4 <= n; i += 4)
                {
                    var f = Vector256.LoadUnsafe(ref col, (nuint)(i - row));
                    var current = Vector256.LoadUnsafe(ref acc, (nuint)i);
                    (current + (f * zv)).StoreUnsafe(ref acc, (nuint)i);
                }
            }

            for (; i < n; i++)
            {
                e[i] += columns[offset + i - row] * zj;
            }
        }
    }
}

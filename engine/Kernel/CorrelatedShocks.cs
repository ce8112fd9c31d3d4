using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Simulation.Engine.Kernel;

/// <summary>
/// e = F z for the correlation factor F, stored row by row with its non-zero entries only (the scalar
/// form), and as a dense copy padded to blocks of eight rows (the vector form). Each
/// e[i] is summed from 0 over j in ascending order with separate multiply and add (no fused
/// multiply-add), in the scalar form and in every lane of the vector form alike, so the bits are
/// the same on every machine and vector width. (Zero entries add ±0 — z is finite — which changes no
/// sum that starts at +0: skipping them, as the scalar form does, changes nothing.)
/// </summary>
internal sealed class CorrelatedShocks
{
    private readonly double[] values;
    private readonly int[] columns;
    private readonly int[] rowStart;

    private const int BlockRows = 8;

    /// <summary>The factor row-major, padded with zero rows to whole blocks of <see cref="BlockRows"/>.</summary>
    private readonly double[] dense;

    /// <summary>Per block of rows, the first and one past the last column with a non-zero entry.</summary>
    private readonly int[] blockFrom;
    private readonly int[] blockTo;

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

        int blocks = (n + BlockRows - 1) / BlockRows;
        dense = new double[blocks * BlockRows * n];
        factor.AsSpan(0, n * n).CopyTo(dense);
        blockFrom = new int[blocks];
        blockTo = new int[blocks];
        for (int b = 0; b < blocks; b++)
        {
            int from = n, to = 0;
            for (int i = b * BlockRows; i < Math.Min(n, (b + 1) * BlockRows); i++)
            {
                if (rowStart[i + 1] > rowStart[i])
                {
                    from = Math.Min(from, columns[rowStart[i]]);
                    to = Math.Max(to, columns[rowStart[i + 1] - 1] + 1);
                }
            }

            (blockFrom[b], blockTo[b]) = (from, Math.Max(from, to));
        }
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
    /// Computes <paramref name="e"/> = F <paramref name="z"/> in every lane, eight rows at a time:
    /// each z[j] is loaded once for the block and multiplied into eight independent sums, over the
    /// block's columns with a non-zero entry. Each row still adds its terms in ascending column
    /// order; its zero entries in that range add ±0 (z is finite), which changes no sum.
    /// </summary>
    public void Multiply(ReadOnlySpan<Vector512<double>> z, Span<Vector512<double>> e)
    {
        int n = rowStart.Length - 1;
        if (z.Length < n || e.Length < n)
        {
            throw new ArgumentException("The vectors are shorter than the factor.", nameof(e));
        }

        ref double f = ref MemoryMarshal.GetArrayDataReference(dense);
        ref var zz = ref MemoryMarshal.GetReference(z);
        for (int b = 0; b < blockFrom.Length; b++)
        {
            int i0 = b * BlockRows;
            ref double row = ref Unsafe.Add(ref f, i0 * n);
            if (n - i0 <= BlockRows / 2)
            {
                // A last block of at most four rows: four sums (the padding rows are zero), not eight.
                MultiplyFourRows(ref row, n, blockFrom[b], blockTo[b], z, e.Slice(i0, n - i0));
                continue;
            }

            Vector512<double> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
            for (int j = blockFrom[b]; j < blockTo[b]; j++)
            {
                var zj = Unsafe.Add(ref zz, j);
                s0 += Vector512.Create(Unsafe.Add(ref row, j)) * zj;
                s1 += Vector512.Create(Unsafe.Add(ref row, n + j)) * zj;
                s2 += Vector512.Create(Unsafe.Add(ref row, (2 * n) + j)) * zj;
                s3 += Vector512.Create(Unsafe.Add(ref row, (3 * n) + j)) * zj;
                s4 += Vector512.Create(Unsafe.Add(ref row, (4 * n) + j)) * zj;
                s5 += Vector512.Create(Unsafe.Add(ref row, (5 * n) + j)) * zj;
                s6 += Vector512.Create(Unsafe.Add(ref row, (6 * n) + j)) * zj;
                s7 += Vector512.Create(Unsafe.Add(ref row, (7 * n) + j)) * zj;
            }

            int rows = Math.Min(BlockRows, n - i0);
            e[i0] = s0;
            if (rows == BlockRows)
            {
                e[i0 + 1] = s1;
                e[i0 + 2] = s2;
                e[i0 + 3] = s3;
                e[i0 + 4] = s4;
                e[i0 + 5] = s5;
                e[i0 + 6] = s6;
                e[i0 + 7] = s7;
            }
            else
            {
                Span<Vector512<double>> sums = [s1, s2, s3, s4, s5, s6, s7];
                sums[..(rows - 1)].CopyTo(e.Slice(i0 + 1, rows - 1));
            }
        }
    }

    /// <summary>Rows 0 … <paramref name="e"/>.Length − 1 (at most four) of a block, as <see cref="Multiply(ReadOnlySpan{Vector512{double}}, Span{Vector512{double}})"/> sums them.</summary>
    private static void MultiplyFourRows(ref double row, int n, int from, int to, ReadOnlySpan<Vector512<double>> z, Span<Vector512<double>> e)
    {
        ref var zz = ref MemoryMarshal.GetReference(z);
        Vector512<double> s0 = default, s1 = default, s2 = default, s3 = default;
        for (int j = from; j < to; j++)
        {
            var zj = Unsafe.Add(ref zz, j);
            s0 += Vector512.Create(Unsafe.Add(ref row, j)) * zj;
            s1 += Vector512.Create(Unsafe.Add(ref row, n + j)) * zj;
            s2 += Vector512.Create(Unsafe.Add(ref row, (2 * n) + j)) * zj;
            s3 += Vector512.Create(Unsafe.Add(ref row, (3 * n) + j)) * zj;
        }

        Span<Vector512<double>> sums = [s0, s1, s2, s3];
        sums[..e.Length].CopyTo(e);
    }
}

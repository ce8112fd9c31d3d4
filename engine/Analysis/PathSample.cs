using System.Collections.Immutable;

namespace Simulation.Engine.Analysis;

/// <summary>
/// The recorded inputs and outcomes of a scenario's first <see cref="Paths"/> paths (paths 0 … Paths − 1,
/// whatever the thread count or shards), row by row (a path's row is written once, by whichever worker
/// simulates it, in one stretch of memory). Its memory is set by the sample size, not by the run's paths.
/// Specified in docs/model.md §7.
/// </summary>
public sealed class PathSample
{
    private readonly double[] data;
    private readonly bool[] filled;

    /// <summary>Creates an empty sample of <paramref name="paths"/> rows.</summary>
    public PathSample(SampleLayout layout, int paths)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentOutOfRangeException.ThrowIfLessThan(paths, 1);
        Layout = layout;
        Paths = paths;
        data = new double[(long)layout.Columns * paths];
        filled = new bool[paths];
    }

    /// <summary>The columns.</summary>
    public SampleLayout Layout { get; }

    /// <summary>Rows: paths 0 … Paths − 1.</summary>
    public int Paths { get; }

    /// <summary>True when every row has been recorded.</summary>
    public bool IsComplete => Array.TrueForAll(filled, f => f);

    /// <summary>Input <paramref name="i"/> on every path (a copy).</summary>
    public double[] Input(int i) => Column(i);

    /// <summary>Outcome <paramref name="k"/> on every path (a copy).</summary>
    public double[] Outcome(int k) => Column(Layout.Inputs.Length + k);

    /// <summary>Column <paramref name="column"/> (inputs, then outcomes) on every path (a copy).</summary>
    public double[] Column(int column)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, Layout.Columns);
        var values = new double[Paths];
        int columns = Layout.Columns;
        for (int p = 0; p < values.Length; p++)
        {
            values[p] = data[((long)p * columns) + column];
        }

        return values;
    }

    /// <summary>Path <paramref name="path"/>'s row: its inputs, then its outcomes.</summary>
    public ReadOnlySpan<double> Row(int path) => data.AsSpan(path * Layout.Columns, Layout.Columns);

    /// <summary>Writes one cell; each (path, column) is written by one worker.</summary>
    internal void Set(int column, long path, double value) => data[(path * Layout.Columns) + column] = value;

    /// <summary>Marks path <paramref name="path"/>'s row as written.</summary>
    internal void Recorded(long path) => filled[path] = true;

    /// <summary>Copies the rows <paramref name="other"/> (of the same layout and size) has and this one lacks: the samples of two parts of a run.</summary>
    public void Merge(PathSample other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Paths != Paths || other.Layout.Columns != Layout.Columns)
        {
            throw new ArgumentException("Cannot merge samples of different sizes or layouts.", nameof(other));
        }

        for (int p = 0; p < Paths; p++)
        {
            if (other.filled[p] && !filled[p])
            {
                other.Row(p).CopyTo(data.AsSpan(p * Layout.Columns, Layout.Columns));
                filled[p] = true;
            }
        }
    }

    /// <summary>The rows of paths [<paramref name="firstPath"/>, <paramref name="firstPath"/> + <paramref name="count"/>) that fall in the sample, row by row (for a shard file; every one of them must have been written).</summary>
    public SampleRows Export(long firstPath, long count)
    {
        int first = (int)Math.Clamp(firstPath, 0, Paths);
        int end = (int)Math.Clamp(firstPath + count, 0, Paths);
        var rows = ImmutableArray.CreateBuilder<double>((end - first) * Layout.Columns);
        for (int p = first; p < end; p++)
        {
            if (!filled[p])
            {
                throw new InvalidOperationException($"Path {p} of the sample was never recorded.");
            }

            rows.AddRange(Row(p));
        }

        return new SampleRows(first, end - first, rows.MoveToImmutable());
    }

    /// <summary>Writes rows saved by <see cref="Export"/> (of a sample with this layout and size).</summary>
    public void Import(SampleRows rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.FirstPath < 0 || rows.Count < 0 || rows.FirstPath + rows.Count > Paths || rows.Values.Length != rows.Count * Layout.Columns)
        {
            throw new ArgumentException($"Saved rows {rows.FirstPath}..{rows.FirstPath + rows.Count} of {rows.Values.Length / Math.Max(1, Layout.Columns)} columns do not fit a sample of {Paths} paths and {Layout.Columns} columns.", nameof(rows));
        }

        rows.Values.AsSpan().CopyTo(data.AsSpan(rows.FirstPath * Layout.Columns, rows.Values.Length));
        for (int r = 0; r < rows.Count; r++)
        {
            filled[rows.FirstPath + r] = true;
        }
    }
}

/// <summary>Consecutive rows of a <see cref="PathSample"/>, row-major (each row: inputs then outcomes).</summary>
/// <param name="FirstPath">The path of the first row.</param>
/// <param name="Count">How many rows.</param>
/// <param name="Values">Count × columns values.</param>
public sealed record SampleRows(int FirstPath, int Count, ImmutableArray<double> Values);

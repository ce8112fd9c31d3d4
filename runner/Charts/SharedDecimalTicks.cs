using ScottPlot;
using ScottPlot.TickGenerators;

namespace Simulation.Runner.Charts;

/// <summary>
/// ScottPlot's automatic ticks, relabelled so that every major tick of the axis is written with one
/// number of decimals (the most any of them needs, at most four): "0.0%", "0.5%", "1.0%", never "0%",
/// "0.5%", "1%" in one panel. <see cref="Format"/> writes a value with a given number of decimals.
/// </summary>
internal sealed class SharedDecimalTicks(Func<double, int, string> format, int targetTickCount) : ITickGenerator
{
    private readonly NumericAutomatic inner = new() { TargetTickCount = targetTickCount, MinorTickGenerator = new EvenlySpacedMinorTickGenerator(1) };

    /// <summary>Writes a tick value with the given number of decimals.</summary>
    public Func<double, int, string> Format { get; } = format;

    /// <inheritdoc/>
    public Tick[] Ticks { get; private set; } = [];

    /// <inheritdoc/>
    public int MaxTickCount
    {
        get => inner.MaxTickCount;
        set => inner.MaxTickCount = value;
    }

    /// <inheritdoc/>
    public void Regenerate(CoordinateRange range, Edge edge, PixelLength size, Paint paint, LabelStyle labelStyle)
    {
        inner.Regenerate(range, edge, size, paint, labelStyle);
        int decimals = Decimals(inner.Ticks.Where(t => t.IsMajor).Select(t => t.Position));
        Ticks = [.. inner.Ticks.Select(t => t.IsMajor ? new Tick(t.Position, Format(t.Position, decimals), true) : t)];
    }

    /// <summary>The decimals that write every value exactly (to 1e-9 of its size), at most four.</summary>
    internal static int Decimals(IEnumerable<double> values) => values.Select(v =>
    {
        for (int d = 0; d < 4; d++)
        {
            if (Math.Abs(Math.Round(v, d) - v) <= 1e-9 * Math.Max(1, Math.Abs(v)))
            {
                return d;
            }
        }

        return 4;
    }).DefaultIfEmpty(0).Max();
}

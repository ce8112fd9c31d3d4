using ScottPlot;

namespace Simulation.Runner.Charts;

/// <summary>
/// Colours, line patterns and markers. Scenario styles come from the Okabe–Ito palette (safe for
/// colour-blind readers) ordered so neighbours differ in lightness, and every scenario also gets its
/// own line pattern and marker, so the series stay apart when printed in grey. A scenario keeps its
/// style (by its position in the study) across every chart of the study; the baseline is first and black.
/// </summary>
public static class ChartStyle
{
    /// <summary>The fan chart's blues: 5–95% band (light), 25–75% band (medium), median (dark); distinct in grey too.</summary>
    public static Color OuterBand { get; } = Color.FromHex("#C6DBEF");

    /// <summary>The 25–75% band.</summary>
    public static Color InnerBand { get; } = Color.FromHex("#6BAED6");

    /// <summary>The median line.</summary>
    public static Color Median { get; } = Color.FromHex("#08306B");

    /// <summary>Threshold lines.</summary>
    public static Color Threshold { get; } = Color.FromHex("#A50F15");

    /// <summary>Milestone markers and light separators.</summary>
    public static Color Guide { get; } = Color.FromHex("#969696");

    /// <summary>Text and the zero line.</summary>
    public static Color Ink { get; } = Color.FromHex("#252525");

    /// <summary>Published figures drawn over a projection (Okabe–Ito vermillion: apart from the blues and the threshold red, and dark enough in grey print).</summary>
    public static Color Observed { get; } = Color.FromHex("#D55E00");

    private static readonly Color[] Colors =
    [
        Color.FromHex("#000000"), Color.FromHex("#E69F00"), Color.FromHex("#0072B2"), Color.FromHex("#009E73"),
        Color.FromHex("#D55E00"), Color.FromHex("#56B4E9"), Color.FromHex("#CC79A7"), Color.FromHex("#7F7F7F"),
    ];

    // Eight patterns, one per colour, so that no two of the first eight series share one (four repeated
    // made series 0 and 4 both solid, which grey print could not tell apart but by the marker).
    private static readonly LinePattern[] Patterns =
    [
        LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted, LinePattern.DenselyDashed,
        new([14, 4, 3, 4], 0, "dash-dot"), new([22, 6], 0, "long dash"), new([14, 4, 3, 4, 3, 4], 0, "dash-dot-dot"), new([3, 8], 0, "loose dots"),
    ];

    private static readonly MarkerShape[] Markers =
    [
        MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond,
        MarkerShape.OpenCircle, MarkerShape.OpenSquare, MarkerShape.OpenTriangleUp, MarkerShape.OpenDiamond,
        MarkerShape.FilledTriangleDown, MarkerShape.OpenTriangleDown, MarkerShape.Cross, MarkerShape.Asterisk,
    ];

    /// <summary>The colour of the series at <paramref name="index"/> (scenario position in the study, or target position).</summary>
    public static Color SeriesColor(int index) => Colors[Mod(index, Colors.Length)];

    /// <summary>The line pattern of the series at <paramref name="index"/> (unique for the first eight).</summary>
    public static LinePattern SeriesPattern(int index) => Patterns[Mod(index, Patterns.Length)];

    /// <summary>The marker of the series at <paramref name="index"/> (unique for the first twelve).</summary>
    public static MarkerShape SeriesMarker(int index) => Markers[Mod(index, Markers.Length)];

    private static int Mod(int i, int n) => ((i % n) + n) % n;
}

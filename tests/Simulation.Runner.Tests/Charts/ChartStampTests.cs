using System.Collections.Immutable;
using Simulation.Runner.Charts;
using SkiaSharp;

namespace Simulation.Runner.Tests.Charts;

public sealed class ChartStampTests
{
    private static readonly SweepCurveData Curve = new("budget", "levers.subsidy.annual-budget", "亿元",
        [new SweepSeries("t", "Target", [0.0, 1.0], [new PercentInterval(10, 9, 11), new PercentInterval(20, 19, 21)])], new AxisRange(0, 1));

    [Fact]
    public void Write_ThenRead_GivesTheFingerprint_AndAPngThatStillDecodes()
    {
        byte[] png = ChartRenderer.RenderSweepCurve(Curve, ChartOptions.Default);
        string fingerprint = ChartStamp.Fingerprint(Curve, ChartOptions.Default);

        byte[] stamped = ChartStamp.Write(png, fingerprint);

        Assert.Null(ChartStamp.Read(png));
        Assert.Equal(fingerprint, ChartStamp.Read(stamped));
        using var original = SKBitmap.Decode(png);
        using var decoded = SKBitmap.Decode(stamped);
        Assert.NotNull(decoded);
        Assert.Equal(original.Pixels, decoded.Pixels);
    }

    [Fact]
    public void Fingerprint_FollowsTheDataAndTheSettingsThatChangeWhatIsShown_NotTheFont()
    {
        string a = ChartStamp.Fingerprint(Curve, ChartOptions.Default);

        Assert.StartsWith("sha256:", a, StringComparison.Ordinal);
        Assert.Equal(a, ChartStamp.Fingerprint(Curve with { Series = [.. Curve.Series] }, ChartOptions.Default));
        Assert.Equal(a, ChartStamp.Fingerprint(Curve, ChartOptions.Default with { FontName = "Some Other Sans" }));
        Assert.NotEqual(a, ChartStamp.Fingerprint(Curve with { XLimits = new AxisRange(0, 2) }, ChartOptions.Default));
        Assert.NotEqual(a, ChartStamp.Fingerprint(Curve with { Series = [Curve.Series[0] with { Probabilities = [new PercentInterval(10, 9, 11), new PercentInterval(20.5, 19, 21)] }] }, ChartOptions.Default));
        Assert.NotEqual(a, ChartStamp.Fingerprint(Curve, ChartOptions.Default with { Width = 800 }));
    }

    [Fact]
    public void Read_OfSomethingElse_IsNull()
    {
        Assert.Null(ChartStamp.Read("not a png at all, not at all"u8));
        Assert.Null(ChartStamp.Read(ImmutableArray<byte>.Empty.AsSpan()));
    }
}

using System.Collections.Immutable;
using Simulation.Engine.Analysis;
using Simulation.Engine.Statistics;
using Simulation.Runner.Reports;

namespace Simulation.Runner.Charts;

/// <summary>One input of a tornado chart: its first-order index and the target's chance on its low and high groups.</summary>
/// <param name="Label">The input ("Owner: quantity").</param>
/// <param name="Name">Its name in the scenario language.</param>
/// <param name="Index">First-order index with its 95% interval.</param>
/// <param name="Low">P(met) on the low group, percent.</param>
/// <param name="High">P(met) on the high group, percent.</param>
/// <param name="LowGroup">What the low group is: "lowest fifth", or "0" for a flag.</param>
/// <param name="HighGroup">What the high group is.</param>
public sealed record TornadoBar(string Label, string Name, Estimate Index, PercentInterval Low, PercentInterval High, string LowGroup, string HighGroup);

/// <summary>
/// A tornado chart of one target: its inputs with the largest first-order index, largest first, each
/// drawn as the target's chance when the input is low and when it is high, around its chance on every
/// sampled path.
/// </summary>
/// <param name="ScenarioId">The scenario.</param>
/// <param name="TargetName">The target's name.</param>
/// <param name="Year">Its year.</param>
/// <param name="Overall">P(met) on every sampled path, percent.</param>
/// <param name="Paths">Sampled paths.</param>
/// <param name="Bars">Largest index first.</param>
/// <param name="XLimits">The probability axis, percent: every interval shown, with a margin.</param>
public sealed record TornadoData(string ScenarioId, string TargetName, int Year, PercentInterval Overall, int Paths, ImmutableArray<TornadoBar> Bars, AxisRange XLimits);

/// <summary>A box of PRIM's peeling trajectory: coverage and density (percent) and how many inputs it restricts.</summary>
public sealed record TrajectoryPoint(int Step, double Coverage, double Density, int Restricted);

/// <summary>PRIM's peeling trajectory for one discovery, with the chosen box before and after pasting.</summary>
/// <param name="ScenarioId">The scenario.</param>
/// <param name="Name">What is explained.</param>
/// <param name="Points">The trajectory, step by step.</param>
/// <param name="Chosen">The chosen step, before pasting.</param>
/// <param name="Pasted">The chosen box after pasting.</param>
/// <param name="Pruned">The pasted box without its limits that may be noise.</param>
/// <param name="BaseDensity">P(met) on every sampled path, percent.</param>
/// <param name="YLimits">The density axis, percent.</param>
public sealed record TrajectoryData(string ScenarioId, string Name, ImmutableArray<TrajectoryPoint> Points, TrajectoryPoint Chosen, TrajectoryPoint Pasted,
    TrajectoryPoint Pruned, double BaseDensity, AxisRange YLimits);

/// <summary>One restricted input of a chosen box: its full range and the range kept, as numbers and in words.</summary>
/// <param name="Label">The input.</param>
/// <param name="Min">Its smallest sampled value.</param>
/// <param name="Max">Its largest sampled value.</param>
/// <param name="Lower">The lower limit kept (Min when unrestricted).</param>
/// <param name="Upper">The upper limit kept (Max when unrestricted).</param>
/// <param name="MinText">Min in the input's terms.</param>
/// <param name="MaxText">Max in the input's terms.</param>
/// <param name="LowerText">The lower limit in the input's terms, or empty when unrestricted.</param>
/// <param name="UpperText">The upper limit in the input's terms, or empty when unrestricted.</param>
/// <param name="QuasiP">The larger quasi-p-value of its restricted sides, in PRIM's box.</param>
/// <param name="Kept">Whether the pruned box keeps the limit (false: it may be noise).</param>
public sealed record BoxRange(string Label, double Min, double Max, double Lower, double Upper, string MinText, string MaxText, string LowerText, string UpperText,
    double QuasiP, bool Kept);

/// <summary>A chosen box drawn as each restricted input's kept range against its full range, the limits the pruned box drops set apart.</summary>
/// <param name="ScenarioId">The scenario.</param>
/// <param name="Name">What is explained.</param>
/// <param name="Ranges">Restricted inputs, most significant (smallest quasi-p) first.</param>
/// <param name="Coverage">The pruned box's coverage, percent.</param>
/// <param name="Density">The pruned box's density, percent.</param>
/// <param name="BaseDensity">P(met) on every sampled path, percent.</param>
public sealed record BoxData(string ScenarioId, string Name, ImmutableArray<BoxRange> Ranges, double Coverage, double Density, double BaseDensity);

/// <summary>Builds the analysis charts' data from a scenario's result: pure, tested against its numbers.</summary>
public static class AnalysisChartData
{
    /// <summary>The most inputs a tornado shows.</summary>
    public const int TornadoBars = 12;

    /// <summary>The tornado of met outcome <paramref name="outcome"/> (its index in the sample's outcomes), or null when it does not vary.</summary>
    public static TornadoData? Tornado(ScenarioResult result, int outcome)
    {
        ArgumentNullException.ThrowIfNull(result);
        var analysis = result.Analysis ?? throw new ArgumentException("The scenario was not analysed.", nameof(result));
        var o = analysis.Sensitivity.FirstOrDefault(s => s.Outcome == outcome);
        if (o is null || o.IsConstant || o.Effects.IsEmpty)
        {
            return null;
        }

        var layout = analysis.Sample.Layout;
        var info = layout.Outcomes[outcome];
        var bars = o.Ranking.Take(TornadoBars).Select(j =>
        {
            var e = o.Effects[j];
            var input = layout.Inputs[j];
            bool flag = input.Kind == InputKind.Flag;
            return new TornadoBar(Label(input), input.Name, e.Index, Percent(e.Low.Reading), Percent(e.High.Reading),
                flag ? "0" : "lowest fifth", flag ? "1" : "highest fifth");
        }).ToImmutableArray();
        var overall = Percent(o.Overall.Reading);
        var all = bars.SelectMany(b => new[] { b.Low.Lower, b.Low.Upper, b.High.Lower, b.High.Upper }).Append(overall.Estimate).ToList();
        double min = all.Min(), max = all.Max(), pad = Math.Max(0.5, (max - min) * 0.06);
        return new TornadoData(result.Scenario.Id, info.Label, info.Year, overall, analysis.Sample.Paths, bars,
            new AxisRange(Math.Max(0, min - pad), Math.Min(100, max + pad)));
    }

    /// <summary>The peeling trajectory of discovery <paramref name="index"/>, or null when PRIM had nothing to explain.</summary>
    public static TrajectoryData? Trajectory(ScenarioResult result, int index)
    {
        ArgumentNullException.ThrowIfNull(result);
        var d = result.Analysis!.Discoveries[index];
        if (d.Chosen is not { } chosen)
        {
            return null;
        }

        static TrajectoryPoint Point(PrimBox b) => new(b.Step, b.Coverage * 100, b.Density * 100, b.Limits.Length);
        var points = d.Trajectory.Select(Point).ToImmutableArray();
        double top = Math.Max(points.Max(p => p.Density), chosen.Density * 100);
        return new TrajectoryData(result.Scenario.Id, d.Discovery.Condition.Name, points, points[d.ChosenStep], Point(chosen), Point(d.Pruned!),
            100.0 * d.Cases / d.Paths, new AxisRange(0, Math.Min(100, top * 1.12)));
    }

    /// <summary>The chosen box of discovery <paramref name="index"/>, or null when it restricts nothing.</summary>
    public static BoxData? Box(ScenarioResult result, int index)
    {
        ArgumentNullException.ThrowIfNull(result);
        var analysis = result.Analysis!;
        var d = analysis.Discoveries[index];
        if (d.Chosen is not { Limits.IsEmpty: false } box)
        {
            return null;
        }

        var pruned = d.Pruned!;
        var ranges = box.Limits.OrderBy(l => l.QuasiP).ThenBy(l => l.Input).Select(l =>
        {
            var input = analysis.Sample.Layout.Inputs[l.Input];
            var values = analysis.Sample.Input(l.Input);
            double min = values.Min(), max = values.Max();
            return new BoxRange(Label(input), min, max, l.Lower ?? min, l.Upper ?? max, AnalysisText.Value(input, min), AnalysisText.Value(input, max),
                l.Lower is { } lo ? AnalysisText.LimitValue(input, lo, lower: true) : string.Empty,
                l.Upper is { } hi ? AnalysisText.LimitValue(input, hi, lower: false) : string.Empty, l.QuasiP,
                pruned.Limits.Any(p => p.Input == l.Input));
        }).ToImmutableArray();
        return new BoxData(result.Scenario.Id, d.Discovery.Condition.Name, ranges, pruned.Coverage * 100, pruned.Density * 100, 100.0 * d.Cases / d.Paths);
    }

    /// <summary>The most characters an input's label takes on a chart's axis.</summary>
    public const int LabelLength = 50;

    /// <summary>"Owner: quantity", the owner shortened with "…" when the whole would pass <see cref="LabelLength"/>: the quantity is what tells two inputs of one owner apart.</summary>
    public static string Label(SampleInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Label.Length <= LabelLength)
        {
            return input.Label;
        }

        int room = Math.Max(8, LabelLength - input.Quantity.Length - 3);
        string owner = input.Owner.Length <= room ? input.Owner : string.Concat(input.Owner.AsSpan(0, room - 1).TrimEnd(), "…");
        return owner + ": " + input.Quantity;
    }

    private static PercentInterval Percent(Estimate e) => new(e.Value * 100, e.Lower * 100, e.Upper * 100);
}

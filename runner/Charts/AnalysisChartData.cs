using System.Collections.Immutable;
using Simulation.Engine.Analysis;
using Simulation.Engine.Statistics;
using Simulation.Runner.Reports;

namespace Simulation.Runner.Charts;

/// <summary>One input of a tornado chart: its first-order index and the target's chance on its low and high groups.</summary>
/// <param name="Label">The input ("Owner: quantity"), and for a count, a year or a flag what its low and high groups hold ("(0 vs ≥ 1)").</param>
/// <param name="Name">Its name in the scenario language.</param>
/// <param name="Index">First-order index with its 95% interval.</param>
/// <param name="Low">P(met) on the low group (its lowest fifth, or the values that fall in it), percent.</param>
/// <param name="High">P(met) on the high group, percent.</param>
public sealed record TornadoBar(string Label, string Name, Estimate Index, PercentInterval Low, PercentInterval High);

/// <summary>
/// A tornado chart of one target: its inputs with the largest first-order index, largest first, each
/// drawn as the target's chance when the input is low and when it is high, around its chance on every
/// sampled path.
/// </summary>
/// <param name="ScenarioId">The scenario.</param>
/// <param name="TargetName">The target's name, with its year unless the name has it.</param>
/// <param name="Year">Its year.</param>
/// <param name="Overall">P(met) on every sampled path, percent.</param>
/// <param name="Paths">Sampled paths.</param>
/// <param name="Bars">Largest index first.</param>
/// <param name="XLimits">The probability axis, percent: every interval shown, with a margin.</param>
public sealed record TornadoData(string ScenarioId, string TargetName, int Year, PercentInterval Overall, int Paths, ImmutableArray<TornadoBar> Bars, AxisRange XLimits);

/// <summary>A box of PRIM's peeling trajectory: coverage and density (percent) on the searched paths, the same on the held-out paths, and how many inputs it restricts.</summary>
public sealed record TrajectoryPoint(int Step, double Coverage, double Density, int Restricted, double HoldoutCoverage, double HoldoutDensity);

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
/// <param name="LowerKept">Whether the pruned box keeps the lower limit (false: it may be noise, or there is none).</param>
/// <param name="UpperKept">Whether the pruned box keeps the upper limit.</param>
/// <param name="QuasiPText">Each restricted side's quasi-p-value: in the pruned box for a side it keeps, in PRIM's box for one it drops.</param>
public sealed record BoxRange(string Label, double Min, double Max, double Lower, double Upper, string MinText, string MaxText, string LowerText, string UpperText,
    bool LowerKept, bool UpperKept, string QuasiPText)
{
    /// <summary>Whether the pruned box keeps any side of this input.</summary>
    public bool Kept => LowerKept || UpperKept;
}

/// <summary>A chosen box drawn as each restricted input's kept range against its full range, the limits the pruned box drops set apart.</summary>
/// <param name="ScenarioId">The scenario.</param>
/// <param name="Name">What is explained.</param>
/// <param name="Ranges">Restricted inputs, most significant (smallest quasi-p) first: every one the pruned box keeps and the first <see cref="AnalysisChartData.DroppedShown"/> it drops.</param>
/// <param name="MoreDropped">Inputs PRIM's box limited, pruning dropped and the chart leaves out.</param>
/// <param name="Coverage">The pruned box's coverage on the held-out paths, percent.</param>
/// <param name="Density">The pruned box's density on the held-out paths, percent.</param>
/// <param name="BaseDensity">P(met) on every sampled path, percent.</param>
public sealed record BoxData(string ScenarioId, string Name, ImmutableArray<BoxRange> Ranges, double Coverage, double Density, double BaseDensity, int MoreDropped);

/// <summary>Builds the analysis charts' data from a scenario's result: pure, tested against its numbers.</summary>
public static class AnalysisChartData
{
    /// <summary>The most inputs a tornado shows.</summary>
    public const int TornadoBars = 12;

    /// <summary>The most inputs a box chart shows of those pruning dropped (every limit is in the report's table).</summary>
    public const int DroppedShown = 8;

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
            var (low, high) = AnalysisText.Groups(input, e.LowValues, e.HighValues, result.Scenario.Horizon);
            string groups = low == "lowest fifth" ? string.Empty : $" ({low} vs {high})";
            return new TornadoBar(Label(input, LabelLength - groups.Length) + groups, input.Name, e.Index, Percent(e.Low.Reading), Percent(e.High.Reading));
        }).ToImmutableArray();
        var overall = Percent(o.Overall.Reading);
        var all = bars.SelectMany(b => new[] { b.Low.Lower, b.Low.Upper, b.High.Lower, b.High.Upper }).Append(overall.Estimate).ToList();
        double min = all.Min(), max = all.Max(), pad = Math.Max(0.5, (max - min) * 0.06);
        return new TornadoData(result.Scenario.Id, WithYear(info.Label, info.Year), info.Year, overall, analysis.Sample.Paths, bars,
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

        static TrajectoryPoint Point(PrimBox b) =>
            new(b.Step, b.Coverage * 100, b.Density * 100, b.Limits.Length, b.Holdout.Coverage * 100, b.Holdout.Density * 100);
        var points = d.Trajectory.Select(Point).ToImmutableArray();
        double baseDensity = 100.0 * d.Cases / d.Paths;
        var densities = points.SelectMany(p => new[] { p.Density, p.HoldoutDensity }).Append(chosen.Density * 100).Append(baseDensity).Where(double.IsFinite).ToList();
        double low = densities.Min(), high = densities.Max(), pad = Math.Max(0.5, (high - low) * 0.08);
        return new TrajectoryData(result.Scenario.Id, WithYear(d.Discovery.Condition.Name, d.Discovery.Condition.Year), points, points[d.ChosenStep], Point(chosen),
            Point(d.Pruned!), baseDensity, new AxisRange(Math.Max(0, low - pad), Math.Min(100, high + pad)));
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
            var after = pruned.Limits.FirstOrDefault(p => p.Input == l.Input);
            bool lowerKept = l.Lower is not null && after?.Lower == l.Lower, upperKept = l.Upper is not null && after?.Upper == l.Upper;
            bool both = l.Lower is not null && l.Upper is not null;
            string Side(string which, double? limit, bool kept, double before, double now) => limit is null ? string.Empty
                : AnalysisText.QuasiP(kept ? now : before) + (both ? $" ({which}{(kept ? string.Empty : ", dropped")})" : kept ? string.Empty : ", dropped");
            string qp = "qp " + string.Join(", ", new[]
            {
                Side("low", l.Lower, lowerKept, l.QuasiPLower, after?.QuasiPLower ?? double.NaN),
                Side("high", l.Upper, upperKept, l.QuasiPUpper, after?.QuasiPUpper ?? double.NaN),
            }.Where(t => t.Length > 0));
            return new BoxRange(Label(input), min, max, l.Lower ?? min, l.Upper ?? max, AnalysisText.Value(input, min), AnalysisText.Value(input, max),
                l.Lower is { } lo ? AnalysisText.LimitValue(input, lo, lower: true) : string.Empty,
                l.Upper is { } hi ? AnalysisText.LimitValue(input, hi, lower: false) : string.Empty, lowerKept, upperKept, qp);
        }).ToList();
        var shown = ranges.Where(r => r.Kept).Concat(ranges.Where(r => !r.Kept).Take(DroppedShown)).ToHashSet();
        return new BoxData(result.Scenario.Id, WithYear(d.Discovery.Condition.Name, d.Discovery.Condition.Year), [.. ranges.Where(shown.Contains)],
            pruned.Holdout.Coverage * 100, pruned.Holdout.Density * 100, 100.0 * d.Cases / d.Paths, ranges.Count - shown.Count);
    }

    /// <summary>The most characters an input's label takes on a chart's axis.</summary>
    public const int LabelLength = 60;

    /// <summary>
    /// "Owner: quantity" in at most <paramref name="length"/> characters: the owner is shortened, at a word
    /// where it can be, with "…" (the quantity is what tells two inputs of one owner apart).
    /// </summary>
    public static string Label(SampleInput input, int length = LabelLength)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Label.Length <= length)
        {
            return input.Label;
        }

        if (input.Quantity.Length > length / 2)
        {
            // A long quantity ("projects attracted to Semiconductors & integrated circuits") is shortened itself.
            string quantity = input.Quantity[..Math.Max(8, length - input.Owner.Length - 3)].TrimEnd(" ,&(".ToCharArray());
            return input.Owner + ": " + quantity + "…";
        }

        int room = Math.Max(8, length - input.Quantity.Length - 3);
        string owner = input.Owner;
        if (owner.Length > room)
        {
            int cut = owner.LastIndexOf(' ', room - 1);
            owner = string.Concat(owner.AsSpan(0, cut >= room / 2 ? cut : room - 1).TrimEnd(" ,&("), "…");
        }

        return owner + ": " + input.Quantity;
    }

    /// <summary>A name with " (year)" after it unless it already says the year.</summary>
    public static string WithYear(string name, int year)
    {
        ArgumentNullException.ThrowIfNull(name);
        string y = year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return name.Contains(y, StringComparison.Ordinal) ? name : $"{name} ({y})";
    }

    private static PercentInterval Percent(Estimate e) => new(e.Value * 100, e.Lower * 100, e.Upper * 100);
}

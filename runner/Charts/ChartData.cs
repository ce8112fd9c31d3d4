using System.Collections.Immutable;

namespace Simulation.Runner.Charts;

/// <summary>Which names a chart shows: English, or Chinese where a CJK font was found.</summary>
public enum ChartLanguage
{
    /// <summary>English names (always drawable).</summary>
    English,

    /// <summary>Chinese names; needs a CJK font (see <see cref="CjkFont"/>).</summary>
    Chinese,
}

/// <summary>A name in both languages; <see cref="Chinese"/> may be empty, and then English is shown.</summary>
public sealed record ChartName(string English, string Chinese)
{
    /// <summary>A name that is the same in both languages.</summary>
    public static ChartName Plain(string name) => new(name, name);

    /// <summary>The name to show in <paramref name="language"/>.</summary>
    public string For(ChartLanguage language) =>
        language == ChartLanguage.Chinese && !string.IsNullOrWhiteSpace(Chinese) ? Chinese : English;
}

/// <summary>An axis range in data units (values in the dataset's unit, years, percent or percentage points).</summary>
public sealed record AxisRange(double Min, double Max)
{
    /// <summary>Whether <paramref name="value"/> lies within the range (ends included).</summary>
    public bool Contains(double value) => value >= Min && value <= Max;
}

/// <summary>
/// An axis range with its tick step: ticks at every multiple of <see cref="Step"/> from <see cref="Min"/>
/// to <see cref="Max"/>, all labelled with <see cref="Decimals"/> decimals (one number of decimals per axis).
/// </summary>
/// <param name="Min">Lowest tick, in data units (percent or percentage points).</param>
/// <param name="Max">Highest tick.</param>
/// <param name="Step">Distance between ticks.</param>
public sealed record TickedRange(double Min, double Max, double Step)
{
    /// <summary>Decimals that write <see cref="Step"/> (and so every tick) exactly: 0.25 → 2, 5 → 0.</summary>
    public int Decimals
    {
        get
        {
            for (int d = 0; d < 12; d++)
            {
                if (Math.Abs(Math.Round(Step, d) - Step) <= 1e-9 * Step)
                {
                    return d;
                }
            }

            return 12;
        }
    }

    /// <summary>The tick values, ascending.</summary>
    public IEnumerable<double> Ticks()
    {
        int n = (int)Math.Round((Max - Min) / Step);
        return Enumerable.Range(0, n + 1).Select(i => Math.Round(Min + (i * Step), 12));
    }

    /// <summary>Whether the range starts at zero (a probability axis that does not is marked as cut).</summary>
    public bool FromZero => Min <= 0;
}

/// <summary>A horizontal reference value with its label, e.g. 10,000 亿元 labelled "1 tn" / "1万亿".</summary>
/// <param name="Value">In the dataset's unit.</param>
/// <param name="Label">Short label in both languages.</param>
public sealed record ThresholdLine(double Value, ChartName Label);

/// <summary>One estimated probability with its 95% interval, in percent (0–100).</summary>
/// <param name="Estimate">Point estimate, percent.</param>
/// <param name="Lower">Lower end of the 95% interval, percent.</param>
/// <param name="Upper">Upper end of the 95% interval, percent.</param>
public sealed record PercentInterval(double Estimate, double Lower, double Upper);

/// <summary>
/// A fan chart of one cluster in one scenario: quantile bands of the value for every year from the
/// base year to the horizon. <see cref="YLimits"/> is shared by every scenario's fan chart of the
/// same cluster (see <see cref="SharedAxes"/>), so charts can be laid side by side.
/// </summary>
/// <param name="ClusterId">The cluster.</param>
/// <param name="Cluster">Its name.</param>
/// <param name="ScenarioId">The scenario.</param>
/// <param name="Scenario">The scenario's readable name.</param>
/// <param name="UnitLabel">The dataset's unit, e.g. "CNY 100 million (亿元)".</param>
/// <param name="BaseYear">The year of the observed value.</param>
/// <param name="BaseValue">The observed value, in the dataset's unit.</param>
/// <param name="BaseValueName">The observed value in words with its currency ("CNY 270 bn" / "2700亿").</param>
/// <param name="Years">Every year, base year first, as integers.</param>
/// <param name="P05">5th percentile per year.</param>
/// <param name="P25">25th percentile per year.</param>
/// <param name="P50">Median per year.</param>
/// <param name="P75">75th percentile per year.</param>
/// <param name="P95">95th percentile per year.</param>
/// <param name="Thresholds">The scenario's thresholds some target counts this cluster against (<see cref="SharedAxes.CountedThresholds"/>) that fall inside <see cref="YLimits"/>.</param>
/// <param name="ThresholdsAbove">Those thresholds above <see cref="YLimits"/> (named in a note, not drawn).</param>
/// <param name="Milestones">Milestone years, marked on the chart.</param>
/// <param name="YLimits">Value axis, shared across scenarios.</param>
public sealed record FanChartData(
    string ClusterId,
    ChartName Cluster,
    string ScenarioId,
    string Scenario,
    string UnitLabel,
    int BaseYear,
    double BaseValue,
    ChartName BaseValueName,
    ImmutableArray<int> Years,
    ImmutableArray<double> P05,
    ImmutableArray<double> P25,
    ImmutableArray<double> P50,
    ImmutableArray<double> P75,
    ImmutableArray<double> P95,
    ImmutableArray<ThresholdLine> Thresholds,
    ImmutableArray<ThresholdLine> ThresholdsAbove,
    ImmutableArray<int> Milestones,
    AxisRange YLimits)
{
    /// <summary>Published figures of this cluster, in the dataset's measure, drawn over the fan (the backtest scenario's only).</summary>
    public ImmutableArray<ObservedMark> Observed { get; init; } = [];
}

/// <summary>A published figure on a fan chart: a value, or an interval (an open end: null).</summary>
/// <param name="Year">The year observed.</param>
/// <param name="Value">The value of a point fact.</param>
/// <param name="Low">The lower end of an interval fact.</param>
/// <param name="High">The upper end of an interval fact.</param>
public sealed record ObservedMark(int Year, double? Value, double? Low, double? High);

/// <summary>A page of small multiples: every cluster's fan chart in one scenario, each panel on its own shared scale.</summary>
/// <param name="ScenarioId">The scenario.</param>
/// <param name="Scenario">Its readable name.</param>
/// <param name="UnitLabel">The dataset's unit.</param>
/// <param name="Panels">One fan chart per cluster, in dataset order.</param>
public sealed record SmallMultiplesData(string ScenarioId, string Scenario, string UnitLabel, ImmutableArray<FanChartData> Panels);

/// <summary>
/// The distribution of one cluster's value in one milestone year, as an exceedance curve: the
/// probability that the value is at least x, known at the reported quantiles only (5% … 95%).
/// </summary>
/// <param name="Year">The milestone year.</param>
/// <param name="Values">The quantile values, ascending.</param>
/// <param name="ExceedancePercent">P(value ≥ the quantile) in percent, i.e. 100 × (1 − level), descending.</param>
/// <param name="Thresholds">P(value ≥ threshold) from exact path counts, with its 95% interval, for the thresholds some target counts the cluster against.</param>
public sealed record MilestoneCurve(int Year, ImmutableArray<double> Values, ImmutableArray<double> ExceedancePercent,
    ImmutableArray<ThresholdProbability> Thresholds);

/// <summary>P(value ≥ <see cref="Threshold"/>) in a milestone year, percent with its 95% interval.</summary>
public sealed record ThresholdProbability(ThresholdLine Threshold, PercentInterval Probability);

/// <summary>The milestone distributions of one cluster in one scenario.</summary>
/// <param name="ClusterId">The cluster.</param>
/// <param name="Cluster">Its name.</param>
/// <param name="ScenarioId">The scenario.</param>
/// <param name="Scenario">Its readable name.</param>
/// <param name="UnitLabel">The dataset's unit.</param>
/// <param name="Curves">One curve per milestone year, ascending.</param>
/// <param name="Thresholds">The thresholds drawn: those some target counts the cluster against, inside <see cref="XLimits"/>.</param>
/// <param name="XLimits">Value axis: the same range as the cluster's fan charts, shared across scenarios.</param>
public sealed record MilestoneDistributionData(string ClusterId, ChartName Cluster, string ScenarioId, string Scenario, string UnitLabel,
    ImmutableArray<MilestoneCurve> Curves, ImmutableArray<ThresholdLine> Thresholds, AxisRange XLimits);

/// <summary>One scenario's probability of one target.</summary>
/// <param name="ScenarioId">The scenario.</param>
/// <param name="Probability">Percent with its 95% interval (the engine's <c>Proportion</c> interval × 100).</param>
public sealed record ScenarioProbability(string ScenarioId, PercentInterval Probability);

/// <summary>A target and each scenario's probability of meeting it.</summary>
/// <param name="TargetId">The target.</param>
/// <param name="Name">Its readable name.</param>
/// <param name="Year">The year it is evaluated in.</param>
/// <param name="Scenarios">In study order; scenarios without the target are absent.</param>
public sealed record TargetProbabilities(string TargetId, string Name, int Year, ImmutableArray<ScenarioProbability> Scenarios)
{
    /// <summary>The target's panel axis, from its scenarios' probabilities (see <see cref="SharedAxes.ProbabilityRange"/>): every scenario on it.</summary>
    public TickedRange Axis => SharedAxes.ProbabilityRange(Scenarios.Select(s => s.Probability));
}

/// <summary>Target probabilities by scenario (percent, 0–100, with 95% intervals).</summary>
/// <param name="StudyName">The study.</param>
/// <param name="ScenarioIds">The compared scenarios in study order (baseline and non-sweep scenarios; fixes colours and offsets).</param>
/// <param name="Targets">Targets in the baseline's order, then any others.</param>
/// <param name="Paths">Paths per scenario.</param>
public sealed record TargetProbabilityData(string StudyName, ImmutableArray<string> ScenarioIds, ImmutableArray<TargetProbabilities> Targets, long Paths)
{
    /// <summary>The scenario whose probability is drawn across each panel as the reference line (the study's baseline); empty for none.</summary>
    public string BaselineId { get; init; } = "";
}

/// <summary>One scenario's median and interquartile band of one cluster.</summary>
public sealed record OverlaySeries(string ScenarioId, ImmutableArray<double> P25, ImmutableArray<double> P50, ImmutableArray<double> P75);

/// <summary>
/// One cluster's median and 25–75% band in every compared scenario, on one pair of axes. Its
/// <see cref="YLimits"/> run from zero to a round number above the highest 75th percentile of any
/// scenario (the 5–95% fan is not drawn here, so the fan charts' range would leave half the chart empty).
/// </summary>
/// <param name="ClusterId">The cluster.</param>
/// <param name="Cluster">Its name.</param>
/// <param name="UnitLabel">The dataset's unit.</param>
/// <param name="Years">Every year, base year first.</param>
/// <param name="ScenarioIds">The compared scenarios in study order (fixes colours, patterns and markers).</param>
/// <param name="Series">One per scenario that has the cluster, in study order.</param>
/// <param name="Thresholds">The baseline's thresholds some target counts the cluster against, inside <see cref="YLimits"/>.</param>
/// <param name="YLimits">Shared value axis.</param>
public sealed record ScenarioOverlayData(string ClusterId, ChartName Cluster, string UnitLabel, ImmutableArray<int> Years,
    ImmutableArray<string> ScenarioIds, ImmutableArray<OverlaySeries> Series, ImmutableArray<ThresholdLine> Thresholds, AxisRange YLimits)
{
    /// <summary>
    /// Each series exactly equal (median and band, every year) to an earlier one, with the first it equals:
    /// common random numbers make a scenario whose levers do not reach this cluster identical to the baseline.
    /// Such a series is not drawn (it would hide under the other) but named in the legend as the same.
    /// </summary>
    public ImmutableArray<OverlaySame> Same => [.. Series.Select((x, i) => (x, First: Series.Take(i).FirstOrDefault(y =>
            y.P25.SequenceEqual(x.P25) && y.P50.SequenceEqual(x.P50) && y.P75.SequenceEqual(x.P75))))
        .Where(p => p.First is not null)
        .Select(p => new OverlaySame(p.x.ScenarioId, p.First!.ScenarioId))];
}

/// <summary>A scenario whose overlay series equals that of <paramref name="SameAs"/>, which comes before it.</summary>
public sealed record OverlaySame(string ScenarioId, string SameAs);

/// <summary>A scenario's paired difference from the baseline for one target, in percentage points.</summary>
/// <param name="ScenarioId">The scenario.</param>
/// <param name="Difference">P(scenario) − P(baseline), pp.</param>
/// <param name="Lower">Lower end of the paired 95% interval, pp.</param>
/// <param name="Upper">Upper end of the paired 95% interval, pp.</param>
/// <param name="UnpairedHalfWidth">Half-width the interval would have from independent runs, pp (for the note).</param>
public sealed record DifferencePoint(string ScenarioId, double Difference, double Lower, double Upper, double UnpairedHalfWidth);

/// <summary>A target and each non-baseline scenario's paired difference.</summary>
public sealed record TargetDifferences(string TargetId, string Name, int Year, ImmutableArray<DifferencePoint> Scenarios);

/// <summary>Paired differences from the baseline, per target (percentage points).</summary>
/// <param name="StudyName">The study.</param>
/// <param name="BaselineId">The baseline scenario.</param>
/// <param name="ScenarioIds">The compared scenarios in study order (fixes colours, as in the target chart).</param>
/// <param name="Targets">Targets in the baseline's order.</param>
public sealed record PairedDifferenceData(string StudyName, string BaselineId, ImmutableArray<string> ScenarioIds,
    ImmutableArray<TargetDifferences> Targets)
{
    /// <summary>
    /// The panels drawn: scenarios whose largest effects (interval ends, any target) are of a similar size
    /// share one (see <see cref="SharedAxes.Facets"/>), each on its own axis with zero inside, in study order.
    /// </summary>
    public ImmutableArray<DifferencePanel> Panels
    {
        get
        {
            var points = Targets.SelectMany(t => t.Scenarios).ToList();
            var shown = ScenarioIds.Where(id => points.Any(p => p.ScenarioId == id)).ToList();
            var sizes = shown.Select(id => points.Where(p => p.ScenarioId == id)
                .SelectMany(p => new[] { p.Difference, p.Lower, p.Upper }).Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max()).ToList();
            return [.. SharedAxes.Facets(sizes, SharedAxes.MinimumDifferenceSpan / 2).Select(g =>
            {
                var ids = g.Select(i => shown[i]).ToImmutableArray();
                return new DifferencePanel(ids, SharedAxes.DifferenceRange(points.Where(p => ids.Contains(p.ScenarioId))));
            })];
        }
    }
}

/// <summary>One panel of the paired-differences chart: its scenarios (study order) and its axis, percentage points.</summary>
public sealed record DifferencePanel(ImmutableArray<string> ScenarioIds, TickedRange Axis);

/// <summary>One target's probability along a sweep.</summary>
/// <param name="TargetId">The target.</param>
/// <param name="Name">Its readable name.</param>
/// <param name="LeverValues">Lever values, ascending.</param>
/// <param name="Probabilities">Percent with 95% intervals, one per lever value.</param>
/// <param name="Held">In a grid, the values the other sweeps hold along this line (e.g. "reimbursement-rate 0.1"); else empty.</param>
public sealed record SweepSeries(string TargetId, string Name, ImmutableArray<double> LeverValues, ImmutableArray<PercentInterval> Probabilities, string Held = "");

/// <summary>Target probability against a swept lever value.</summary>
/// <param name="SweepId">The sweep.</param>
/// <param name="LeverPath">The lever path it sets, e.g. levers.subsidy.annual-budget.</param>
/// <param name="UnitLabel">The dataset's unit when the lever is an amount in it; empty for rates, counts and years.</param>
/// <param name="Series">One per target, in the first sweep scenario's order; in a grid, one per target and combination of the other sweeps' values.</param>
/// <param name="XLimits">The lever axis.</param>
public sealed record SweepCurveData(string SweepId, string LeverPath, string UnitLabel, ImmutableArray<SweepSeries> Series, AxisRange XLimits)
{
    /// <summary>Each target's probability in the study's baseline, drawn across its panel as the reference line.</summary>
    public ImmutableArray<SweepReference> References { get; init; } = [];

    /// <summary>Lines exactly equal to an earlier line of the same target (a grid's other lever that does not reach it): drawn under it, named in the panel.</summary>
    public ImmutableArray<SweepSame> Same => [.. Series.Select((x, i) => (x, First: Series.Take(i).FirstOrDefault(y => y.TargetId == x.TargetId
            && y.LeverValues.SequenceEqual(x.LeverValues) && y.Probabilities.SequenceEqual(x.Probabilities))))
        .Where(p => p.First is not null)
        .Select(p => new SweepSame(p.x.TargetId, p.x.Held, p.First!.Held))];

    /// <summary>
    /// One panel per target (first-appearance order), each on its own probability axis from its lines and
    /// reference (targets' probabilities differ by orders of magnitude: on one axis the small ones read flat).
    /// </summary>
    public ImmutableArray<SweepPanel> Panels => [.. Series.Select(s => s.TargetId).Distinct(StringComparer.Ordinal).Select(id =>
    {
        var reference = References.FirstOrDefault(r => r.TargetId == id);
        var points = Series.Where(s => s.TargetId == id).SelectMany(s => s.Probabilities);
        return new SweepPanel(id, reference, SharedAxes.ProbabilityRange(reference is null ? points : points.Append(reference.Probability)));
    })];
}

/// <summary>In a grid, a target's line whose every point (estimate and interval) equals that of an earlier line of the same target, which it would hide.</summary>
/// <param name="TargetId">The target.</param>
/// <param name="Held">The line's held values.</param>
/// <param name="SameAs">The held values of the first line it equals.</param>
public sealed record SweepSame(string TargetId, string Held, string SameAs);

/// <summary>A target's probability in a reference scenario (the study's baseline), percent with its 95% interval.</summary>
public sealed record SweepReference(string TargetId, string ScenarioId, PercentInterval Probability);

/// <summary>One target's panel of a sweep chart: its reference (or null) and its probability axis.</summary>
public sealed record SweepPanel(string TargetId, SweepReference? Reference, TickedRange Axis);

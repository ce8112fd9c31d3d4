using System.Collections.Immutable;
using Simulation.Engine;
using Simulation.Engine.Analysis;
using Simulation.Engine.Model;
using Simulation.Engine.Statistics;

namespace Simulation.Runner.Tests.Reports;

/// <summary>
/// Tiny scenarios built in code and run through the real engine (fixed seed, one thread), so every
/// table in these tests formats genuine engine output. Results are computed once and shared.
/// </summary>
internal static class ReportFixtures
{
    public const int BaseYear = 2023;

    public static ValueUnit Yi { get; } = new("CNY", 1e8, "CNY 100 million (亿元)");

    private static readonly Lazy<ScenarioResult> LazyScenario = new(() => Simulator.Run(Scenario(), Options(2000)));
    private static readonly Lazy<StudyResult> LazyStudy = new(() => Simulator.Backtest(Simulator.SeekGoals(Simulator.Run(Study()))));

    /// <summary>The baseline scenario, 2,000 paths.</summary>
    public static ScenarioResult ScenarioResult => LazyScenario.Value;

    /// <summary>A study: baseline, one alternative and a two-value sweep, 2,000 paths; one goal seek (the chips trend that gives chips-3000 even odds).</summary>
    public static StudyResult StudyResult => LazyStudy.Value;

    public static RunOptions Options(int paths) => new(paths, Seed: 20231128, Threads: 1, BlockSize: 256);

    /// <summary>Two clusters; the English name of the first holds a comma and quotes.</summary>
    public static Dataset Dataset(double chipsTrend = 0.06, string chipsName = "Semiconductors, \"ICs\" & chips", string chipsNameZh = "半导体与集成电路") =>
        new("sz-test", "Shenzhen test dataset", BaseYear, Yi, "scale", "nominal",
        [
            new Cluster("chips", chipsName, chipsNameZh, "electronic-information", 2000, Distribution.Normal(chipsTrend, 0.02), 0.08, RateKind.Logarithmic),
            new Cluster("software", "Software and information services", "软件与信息服务", "electronic-information", 9000, Distribution.Fixed(0.05), 0.05,
                RateKind.Logarithmic),
        ],
        new CorrelationSpec(0, [new GroupCorrelation("electronic-information", 0.5)], []),
        [])
        {
            Observations =
            [
                new Observation("chips-2025", "Chips, 2025", 2025, new ObservedQuantity(ObservedForm.Sum, [0], [1]), "scale", "test", "E", "") { Value = 2100 },
                new Observation("software-2027", "Software, 2027", 2027, new ObservedQuantity(ObservedForm.Sum, [1], [1]), "scale", "test", "E", "a range") { AtLeast = 9500, AtMost = 10500 },
                new Observation("above-2500-2027", "Clusters ≥ 2,500, 2027", 2027, new ObservedQuantity(ObservedForm.Count, [0, 1], [1, 1], 2500), "scale", "test", "E", "") { Value = 1 },
                new Observation("history", "Chips, 2023", 2023, new ObservedQuantity(ObservedForm.Sum, [0], [1]), "scale", "test", "S", "") { Value = 2000 },
            ],
        };

    public static ImmutableArray<Target> Targets(bool extra = false)
    {
        var targets = ImmutableArray.CreateBuilder<Target>();
        targets.Add(new Target("software-1tn", "Software ≥ 1 万亿 (1 tn) by 2027", 2027, new ClusterAtLeast(1, 10000)));
        targets.Add(new Target("chips-3000", "Chips, the \"big\" target", 2027, new ClusterAtLeast(0, 3000)));
        targets.Add(new Target("both", "Both by 2027", 2027, new AllOf([new ClusterAtLeast(1, 10000), new ClusterAtLeast(0, 3000)])));
        targets.Add(new Target("chips-10000", "Chips ≥ 10,000 亿 by 2025 (out of reach)", 2025, new ClusterAtLeast(0, 10000)));
        if (extra)
        {
            targets.Add(new Target("chips-4000", "Chips ≥ 4,000 亿 by 2027", 2027, new ClusterAtLeast(0, 4000)));
        }

        return targets.ToImmutable();
    }

    public static Scenario Scenario(string id = "baseline", string name = "Baseline, as announced", Dataset? dataset = null, bool extraTarget = false) =>
        new(id, name, "Policies as announced.", dataset ?? Dataset(), Levers.None, 2027, [2025, 2027], [2500, 10000], Targets(extraTarget));

    public static Study Study()
    {
        var baseline = Scenario();
        var faster = Scenario("faster-chips", "Faster chips", Dataset(chipsTrend: 0.09), extraTarget: true);
        var sweep = new[] { 0.07, 0.08 }.Select(v => new StudyScenario(
            Scenario("chips-trend-" + v.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), "Chips trend " + v.ToString(System.Globalization.CultureInfo.InvariantCulture), Dataset(chipsTrend: v)),
            [new SweepPoint("chips-trend", "clusters.chips.trend.mean", v)]));
        // The baseline's first 300 paths are analysed: every target, and a condition of the study's own.
        var condition = new Target("chips-2600", "Chips ≥ 2,600 亿 in 2026", 2026, new ClusterAtLeast(0, 2600));
        var analysis = new AnalysisOptions(300,
            [new ScenarioAnalysisSpec("baseline", [.. baseline.Targets.Select(t => new Discovery(t.Id, t, IsTarget: true)), new Discovery("chips-2600", condition, IsTarget: false)])],
            Sensitivity: true, PrimOptions.Default);
        var seek = new GoalSeekSpec("chips-even-odds", "baseline", "clusters.chips.trend.mean", "chips-3000", 0.5, false, 0, 0.12, 0.005, SeekDirection.Smallest,
            false, null, v => Scenario(dataset: Dataset(chipsTrend: v)));
        return new Study("tiny", "Tiny study", "Two scenarios and a two-value sweep.",
            [new StudyScenario(baseline, []), new StudyScenario(faster, []), .. sweep], "baseline", Options(2000), analysis)
        {
            GoalSeeks = [seek],
        };
    }
}

using System.Collections.Immutable;
using System.Globalization;
using Simulation.Engine;
using Simulation.Engine.Analysis;
using Simulation.Engine.Model;
using Simulation.Engine.Statistics;
using YamlDotNet.RepresentationModel;

namespace Simulation.Runner.Tests.Charts;

/// <summary>
/// A study like the standard one, built in code (the loader lives elsewhere): the 27 real clusters
/// of scenarios/data/shenzhen-2023.yaml (names, base values, trends, volatilities, ceilings,
/// take-off years read from the file), two of its events, a subsidy, an attraction and a revival
/// lever, the real thresholds and targets, five scenarios and a six-point budget sweep. Run once per
/// test process with a fixed seed.
/// </summary>
internal static class ChartTestStudy
{
    public const ulong Seed = 20231128;
    public const int Paths = 2000;

    public static readonly string[] Sei =
    [
        "network-communications", "semiconductors", "ultra-hd-display", "smart-terminals", "smart-sensors",
        "software-information-services", "digital-creative", "modern-fashion",
        "industrial-mother-machines", "intelligent-robots", "laser-additive-manufacturing", "precision-instruments",
        "new-energy", "safety-energy-environment", "intelligent-connected-vehicles",
        "new-materials", "high-end-medical-devices", "biomedicine", "big-health", "marine",
    ];

    public static readonly double[] SweepBudgets = [0, 7.5, 15, 30, 45, 60];

    private static readonly Lazy<StudyResult> Cached = new(() => Run(Paths));

    /// <summary>The study run with <see cref="Paths"/> paths (cached).</summary>
    public static StudyResult Result => Cached.Value;

    public static StudyResult Run(int paths) => Simulator.Run(Build(paths));

    public static Study Build(int paths)
    {
        var data = LoadDataset();
        var adverse = data with
        {
            Events = data.Events.Select(e => e.Id == "electronics-downcycle"
                ? new EventSpec(e.Id, e.Name, 0.40, e.FirstYear, e.LastYear, e.Clusters, e.LevelShock, e.GrowthShift, e.Duration)
                : e).ToImmutableArray(),
        };
        var targets = Targets(data);
        Scenario S(string id, string name, Dataset d, Levers levers) =>
            new(id, name, "", d, levers, 2035, [2025, 2030, 2035], [5000, 10000, 20000], targets);

        var scenarios = new List<StudyScenario>
        {
            new(S("baseline", "Policies as announced (baseline)", data, Levers(15, 1.5, revival: false)), []),
            new(S("no-subsidy", "No technological-transformation subsidy", data, Levers(0, 1.5, revival: false) with { Subsidy = null }), []),
            new(S("double-subsidy", "Technological-transformation budget doubled", data, Levers(30, 1.5, revival: false)), []),
            new(S("adverse-world", "Adverse world (deeper electronics slumps)", adverse, Levers(15, 1.5, revival: false)), []),
            new(S("full-plan", "Full plan (doubled subsidy, revival, stronger attraction)", data, Levers(30, 4, revival: true)), []),
        };
        foreach (double b in SweepBudgets)
        {
            string id = "subsidy-budget-" + b.ToString(CultureInfo.InvariantCulture);
            scenarios.Add(new(S(id, id, data, Levers(b, 1.5, revival: false)), [new SweepPoint("subsidy-budget", "levers.subsidy.annual-budget", b)]));
        }

        // The baseline's paths are recorded and analysed, every target, as a study does by default.
        var baseline = scenarios[0].Scenario;
        var analysis = new AnalysisOptions(paths, [new ScenarioAnalysisSpec(baseline.Id, [.. baseline.Targets.Select(t => new Discovery(t.Id, t, IsTarget: true))])],
            Sensitivity: true, PrimOptions.Default);
        return new Study("standard", "Shenzhen 20+8 (chart test study)", "", [.. scenarios], "baseline", new RunOptions(paths, Seed, Threads: 0), analysis);
    }

    private static Levers Levers(double budget, double arrivals, bool revival)
    {
        string[] manufacturing =
        [
            "network-communications", "semiconductors", "ultra-hd-display", "smart-terminals", "smart-sensors", "modern-fashion",
            "industrial-mother-machines", "intelligent-robots", "laser-additive-manufacturing", "precision-instruments", "new-energy",
            "safety-energy-environment", "intelligent-connected-vehicles", "new-materials", "high-end-medical-devices", "biomedicine",
        ];
        var subsidy = new SubsidyLever(2024, 2028, YearSchedule.Constant(budget), 0.10, 1, 5, 30,
            manufacturing.Select(c => new ClusterWeight(c, 1)).ToImmutableArray(), Distribution.LogNormalByValue(10, 8),
            Distribution.Pert(0.1, 0.25, 0.5), Distribution.Triangular(0.8, 1.5, 2.5), 3);
        var attraction = new AttractionLever(2024, 2035, arrivals,
            [new ClusterWeight("semiconductors", 1), new ClusterWeight("intelligent-connected-vehicles", 1), new ClusterWeight("intelligent-robots", 1)],
            Distribution.LogNormalByValue(40, 25), 3);
        ImmutableArray<RevivalLever> revivals = revival
            ? [new RevivalLever("revival", "Traditional revival", ["clothing", "watches", "eyewear", "jewellery"], 2025, 0.6, Distribution.Normal(0.03, 0.01), 3)]
            : [];
        return new Levers(subsidy, [], 0, revivals, attraction);
    }

    private static ImmutableArray<Target> Targets(Dataset data)
    {
        var sei = Sei.Select(data.IndexOf).ToImmutableArray();
        double total2023 = sei.Sum(i => data.Clusters[i].BaseValue);
        var tiers2025 = new AllOf([new CountAtLeast(4, 10000, sei), new CountAtLeast(8, 5000, sei)]);
        var tiers2035 = new AllOf([new CountAtLeast(4, 20000, sei), new CountAtLeast(8, 10000, sei)]);
        var total = new TotalAtLeast(2 * total2023, sei);
        return
        [
            new Target("stage-one-2025", "Stage one (2025): at least four of the 20 clusters ≥ 1 万亿 and four more ≥ 5000亿", 2025, tiers2025),
            new Target("leader-tiers-2035", "Global leader (2035), tiers doubled: ≥4 clusters ≥ 2 万亿 and ≥8 ≥ 1 万亿", 2035, tiers2035),
            new Target("leader-total-2035", "Global leader (2035), total doubled", 2035, total),
            new Target("leader-2035", "Global leader (2035): both readings", 2035, new AllOf([tiers2035, total])),
        ];
    }

    /// <summary>The clusters of the real dataset file, with two of its events and a simplified correlation.</summary>
    public static Dataset LoadDataset()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(RepoRoot(), "scenarios", "data", "shenzhen-2023.yaml")))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var clusters = new List<Cluster>();
        foreach (var (key, value) in (YamlMappingNode)root.Children[new YamlScalarNode("clusters")])
        {
            var m = (YamlMappingNode)value;
            string S(string k) => ((YamlScalarNode)m.Children[new YamlScalarNode(k)]).Value!;
            double D(string k) => double.Parse(S(k), CultureInfo.InvariantCulture);
            double? Opt(string k) => m.Children.ContainsKey(new YamlScalarNode(k)) ? D(k) : null;
            var normal = (YamlMappingNode)((YamlMappingNode)m.Children[new YamlScalarNode("trend")]).Children[new YamlScalarNode("normal")];
            double mean = double.Parse(((YamlScalarNode)normal.Children[new YamlScalarNode("mean")]).Value!, CultureInfo.InvariantCulture);
            double sd = double.Parse(((YamlScalarNode)normal.Children[new YamlScalarNode("sd")]).Value!, CultureInfo.InvariantCulture);
            int? takeOff = Opt("take-off-year") is { } t ? (int)t : null;
            clusters.Add(new Cluster(((YamlScalarNode)key).Value!, S("name"), S("name-zh"), S("group"), D("base-value"),
                Distribution.Normal(mean, sd), D("volatility"), RateKind.Arithmetic, Opt("ceiling"), takeOff));
        }

        string[] electronics = ["network-communications", "semiconductors", "ultra-hd-display", "smart-terminals", "smart-sensors"];
        var events = ImmutableArray.Create(
            new EventSpec("electronics-downcycle", "Electronics demand down-cycle", 0.25, 2024, 2035, [.. electronics], null,
                Distribution.Uniform(-0.10, -0.06), 1),
            new EventSpec("macro-shock", "Macro shock year", 0.10, 2024, 2035, [.. Sei], Distribution.Triangular(-0.12, -0.075, -0.03), null, 1));
        var correlation = new CorrelationSpec(0.2, [new GroupCorrelation("electronic-information", 0.6), new GroupCorrelation("traditional", 0.4)], []);
        return new Dataset("shenzhen-2023", "Shenzhen 20+8", 2023, new ValueUnit("CNY", 1e8, "CNY 100 million (亿元)"), "scale", "nominal",
            [.. clusters], correlation, events);
    }

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "scenarios", "data", "shenzhen-2023.yaml")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Cannot find the repository root from " + AppContext.BaseDirectory);
    }
}

using System.Collections.Immutable;
using Simulation.Engine.Model;
using Simulation.Engine.Statistics;

namespace Simulation.Engine.Tests;

/// <summary>Small scenarios built in code, for tests with known answers.</summary>
internal static class TestScenarios
{
    public const int BaseYear = 2023;

    public static Cluster Cluster(string id, double baseValue = 100, double trend = 0.05, double volatility = 0.1,
        RateKind kind = RateKind.Logarithmic, string group = "g", Distribution? trendDistribution = null, double? ceiling = null) =>
        new(id, id, id, group, baseValue, trendDistribution ?? Distribution.Fixed(trend), volatility, kind, ceiling);

    public static Dataset Dataset(IEnumerable<Cluster> clusters, CorrelationSpec? correlation = null, IEnumerable<EventSpec>? events = null) =>
        new("test", "test", BaseYear, new ValueUnit("CNY", 1e8, "亿元"), "scale", "nominal",
            clusters.ToImmutableArray(), correlation ?? CorrelationSpec.None, (events ?? []).ToImmutableArray());

    public static Scenario Scenario(Dataset dataset, Levers? levers = null, IEnumerable<Target>? targets = null,
        IEnumerable<double>? thresholds = null, int horizon = 2035, IEnumerable<int>? milestones = null, string id = "s") =>
        new(id, id, "", dataset, levers ?? Levers.None, horizon, (milestones ?? [2025, 2035]).ToImmutableArray(),
            (thresholds ?? []).ToImmutableArray(), (targets ?? []).ToImmutableArray());

    public static RunOptions Options(int paths, ulong seed = 42, int threads = 1, int blockSize = 1024) => new(paths, seed, threads, blockSize);

    public static Study Study(IEnumerable<Scenario> scenarios, RunOptions options) =>
        new("study", "study", "", scenarios.Select(s => new StudyScenario(s, [])).ToImmutableArray(), scenarios.First().Id, options);

    /// <summary>Every number of a result, in a fixed order, as raw bits: equal lists mean byte-identical results.</summary>
    public static List<long> Bits(ScenarioResult r)
    {
        var bits = new List<long> { r.Paths, r.OutOfRange };
        foreach (var c in r.Clusters)
        {
            foreach (var y in c.Years)
            {
                bits.AddRange(y.Quantiles.Select(BitConverter.DoubleToInt64Bits));
            }

            foreach (var m in c.Milestones)
            {
                bits.Add(BitConverter.DoubleToInt64Bits(m.Mean));
                bits.Add(BitConverter.DoubleToInt64Bits(m.Sd));
                bits.AddRange(m.Quantiles.Select(BitConverter.DoubleToInt64Bits));
                bits.AddRange(m.Thresholds.Select(t => t.Probability.Successes));
            }
        }

        bits.AddRange(r.Targets.Select(t => t.Probability.Successes));
        return bits;
    }

    public static List<long> Bits(StudyResult r)
    {
        var bits = r.Scenarios.SelectMany(Bits).ToList();
        foreach (var d in r.Differences)
        {
            bits.AddRange([d.BothMet, d.OnlyScenario, d.OnlyBaseline, d.Paths]);
        }

        foreach (var d in r.ClusterDifferences)
        {
            bits.AddRange([d.Year, d.Paths, BitConverter.DoubleToInt64Bits(d.MeanDifference), BitConverter.DoubleToInt64Bits(d.StandardError), d.Identical ? 1 : 0]);
            bits.AddRange(d.Thresholds.SelectMany(t => new[] { t.BothMet, t.OnlyScenario, t.OnlyBaseline }));
        }

        return bits;
    }
}

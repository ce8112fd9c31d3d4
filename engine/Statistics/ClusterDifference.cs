using System.Collections.Immutable;
using Simulation.Engine.Kernel;
using Simulation.Engine.Model;

namespace Simulation.Engine.Statistics;

/// <summary>
/// The paired difference a scenario makes to one cluster's value in one milestone year: the mean of
/// V − V_baseline over the same paths, its standard error √(s²_d / n) (s_d the sd of the path-by-path
/// difference, which common random numbers make small), and for each threshold the paired difference
/// in the chance of reaching it.
/// </summary>
/// <param name="ScenarioId">The scenario.</param>
/// <param name="ClusterId">The cluster, present in both scenario and baseline.</param>
/// <param name="Year">The milestone year, a milestone of both.</param>
/// <param name="Paths">Paths simulated.</param>
/// <param name="MeanDifference">Mean of V − V_baseline, in the baseline dataset's unit (to 2⁻²⁴ of its base value per path).</param>
/// <param name="StandardError">The paired standard error of the mean difference.</param>
/// <param name="Identical">True when the cluster's value is the baseline's on every path: the scenario does not touch it.</param>
/// <param name="Thresholds">P(V ≥ threshold) − P(V_baseline ≥ threshold) for each of the scenario's thresholds.</param>
public sealed record ClusterDifference(string ScenarioId, string ClusterId, int Year, long Paths, double MeanDifference, double StandardError, bool Identical,
    ImmutableArray<ThresholdDifference> Thresholds)
{
    /// <summary>Lower end of the mean difference's 95% interval.</summary>
    public double Lower => MeanDifference - (Proportion.Z95 * StandardError);

    /// <summary>Upper end of the mean difference's 95% interval.</summary>
    public double Upper => MeanDifference + (Proportion.Z95 * StandardError);
}

/// <summary>The paired difference in the chance that a cluster reaches <paramref name="Threshold"/> (<see cref="PairedProportions"/>).</summary>
/// <param name="Threshold">The threshold, in the dataset's unit.</param>
/// <param name="BothMet">Paths where both reach it.</param>
/// <param name="OnlyScenario">Paths where only the scenario reaches it.</param>
/// <param name="OnlyBaseline">Paths where only the baseline reaches it.</param>
/// <param name="Paths">Paths simulated.</param>
public sealed record ThresholdDifference(double Threshold, long BothMet, long OnlyScenario, long OnlyBaseline, long Paths)
    : PairedProportions(BothMet, OnlyScenario, OnlyBaseline, Paths);

/// <summary>
/// Which of the baseline's milestones and clusters each of a scenario's pairs with: the same year, the
/// same cluster id (−1: none). Thresholds need no matching: both values are compared with the scenario's.
/// </summary>
public sealed class ClusterPairing
{
    private ClusterPairing(ImmutableArray<int> milestones, ImmutableArray<int> clusters, ImmutableArray<double> baselineLogBase, int baselineMilestones)
    {
        Milestones = milestones;
        Clusters = clusters;
        BaselineLogBase = baselineLogBase;
        BaselineStride = baselineMilestones * baselineLogBase.Length;
        Pairs = [.. milestones.SelectMany((mb, m) => clusters.Select((cb, c) => (m, mb, c, cb))).Where(p => p.mb >= 0 && p.cb >= 0)];
    }

    /// <summary>Every milestone and cluster of the scenario that pairs, with the baseline's indices: milestone-major, in dataset order.</summary>
    public ImmutableArray<(int Milestone, int BaselineMilestone, int Cluster, int BaselineCluster)> Pairs { get; }

    /// <summary>For each of the scenario's milestones, the index of the same year among the baseline's, or −1.</summary>
    public ImmutableArray<int> Milestones { get; }

    /// <summary>For each of the scenario's clusters, the index of the same id among the baseline's, or −1.</summary>
    public ImmutableArray<int> Clusters { get; }

    /// <summary>ln V₀ of each of the baseline's clusters: differences are measured in its base values.</summary>
    public ImmutableArray<double> BaselineLogBase { get; }

    /// <summary>The baseline's clusters.</summary>
    public int BaselineClusters => BaselineLogBase.Length;

    /// <summary>Values per batch of the baseline's milestone values (milestones × clusters).</summary>
    public int BaselineStride { get; }

    /// <summary>Values per batch of a scenario's milestone values.</summary>
    public static int Stride(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return scenario.Milestones.Length * scenario.Dataset.Clusters.Length;
    }

    /// <summary>How <paramref name="scenario"/> pairs with <paramref name="baseline"/>.</summary>
    public static ClusterPairing Of(Scenario scenario, Scenario baseline)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(baseline);
        var clusterIds = baseline.Dataset.Clusters.Select(c => c.Id).ToList();
        return new ClusterPairing(
            [.. scenario.Milestones.Select(y => baseline.Milestones.IndexOf(y))],
            [.. scenario.Dataset.Clusters.Select(c => clusterIds.IndexOf(c.Id))],
            [.. baseline.Dataset.Clusters.Select(c => DetMath.Log(c.BaseValue))],
            baseline.Milestones.Length);
    }
}

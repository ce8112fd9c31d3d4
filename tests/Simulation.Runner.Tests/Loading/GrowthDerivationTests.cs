using System.Globalization;
using Simulation.Engine.Model;
using Simulation.Runner.Loading;

namespace Simulation.Runner.Tests.Loading;

/// <summary>
/// Recomputes, from the facts file's series, every trend the Shenzhen dataset derives from history,
/// and every number of the derivation table in scenarios/README.md ("Growth from history"). The rule
/// (partial pooling toward the SEI aggregate) is written out in that section; a change to a series,
/// the rule, the dataset or the table that leaves the others behind fails here.
/// </summary>
public sealed class GrowthDerivationTests
{
    // Facts §2a: SEI value added 2018–2024, 亿元 (2020 is "1.03 万亿", as the facts file gives it).
    private static readonly double[] SeiLevels = [9150, 10155.51, 10300, 12146.37, 13324.02, 14489.67, 15600];

    // Facts §2c: the five 2023 category growth rates that are given (electronics, digital & fashion,
    // equipment, green low-carbon, new materials).
    private static readonly double[] CategoryGrowth2023 = [0.031, 0.183, 0.062, 0.169, 0.152];

    // Facts §2d: semiconductor industry revenue 2022, 2023, 2024 (亿元).
    private static readonly double[] SemiconductorLevels = [1608.9, 2136.8, 2564];

    // Facts §2d: auto manufacturing value-added growth 2022, 2023, 2024 (reported, comparable prices).
    private static readonly double[] AutoValueAddedGrowth = [1.045, 0.473, 0.363];

    private static Dataset Shenzhen { get; } = LoadShenzhen();

    private static string ReadmeTable { get; } = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "scenarios", "README.md"));

    public static TheoryData<string, string> DerivedClusters => new()
    {
        { "semiconductors", "semiconductors" },
        { "intelligent-connected-vehicles", "auto" },
    };

    [Theory]
    [MemberData(nameof(DerivedClusters))]
    public void DatasetTrend_IsThePooledEstimateOfItsSeries_PlusItsEventDrag(string clusterId, string series)
    {
        var cluster = Shenzhen.Clusters.Single(c => c.Id == clusterId);
        var derived = Derive(Series(series), cluster.Volatility);
        var trend = Assert.IsType<NormalDistribution>(cluster.Trend);

        Assert.Equal(Math.Round(derived.Pooled + EventDrag(clusterId), 3), trend.Location, 9);
        Assert.Equal(Math.Round(derived.PosteriorSd / 0.005) * 0.005, trend.Sd, 9);
    }

    [Theory]
    [MemberData(nameof(DerivedClusters))]
    public void ReadmeTableRow_ShowsTheDerivation(string clusterId, string series)
    {
        var cluster = Shenzhen.Clusters.Single(c => c.Id == clusterId);
        var g = Series(series);
        var d = Derive(g, cluster.Volatility);
        var trend = (NormalDistribution)cluster.Trend;
        var row = Row($"`{clusterId}`");

        Assert.Equal(string.Join(", ", g.Select(x => Pct(x))), row[3]);
        Assert.Equal((g.Length.ToString(CultureInfo.InvariantCulture), Pct(d.Mean), Pct(d.SampleSd), Pct(d.Sigma)), (row[4], row[5], row[6], row[7]));
        Assert.Equal((d.Weight.ToString("0.00", CultureInfo.InvariantCulture), Pct(d.Pooled), Pct(EventDrag(clusterId), "0.00")), (row[8], row[9], row[10]));
        Assert.Equal((Fmt(trend.Location, "0.000"), Fmt(trend.Sd, "0.000")), (row[11], row[12]));
    }

    [Fact]
    public void ReadmeTable_ShowsThePriorFromTheAggregateAndTheDispersionBetweenCategories()
    {
        var g = Growth(SeiLevels);
        var row = Row("SEI value added, levels 2018–24");

        Assert.Equal(string.Join(", ", g.Select(x => Pct(x))), row[3]);
        Assert.Equal((Pct(Mean(g)), Pct(Sd(g))), (row[5], row[6]));
        Assert.Contains($"τ = {Pct(Sd(CategoryGrowth2023))} pp", ReadmeTable, StringComparison.Ordinal);
        Assert.Contains($"μ₀ = {Pct(Mean(g))}%", ReadmeTable, StringComparison.Ordinal);
    }

    [Fact]
    public void Pooling_OfASeriesAtThePrior_LeavesThePrior_AndALongSeries_DominatesIt()
    {
        var prior = Mean(Growth(SeiLevels));
        Assert.Equal(prior, Derive([prior - 0.01, prior + 0.01], 0.1).Pooled, 12);

        var longSeries = Enumerable.Range(0, 10_000).Select(i => i % 2 == 0 ? 0.29 : 0.31).ToArray();
        Assert.InRange(Derive(longSeries, 0.1).Pooled, 0.299, 0.3);
    }

    /// <summary>
    /// The rule. Annual growth g₁…gₙ has mean ḡ and sample sd s; σ = max(s, the cluster's volatility)
    /// so a short erratic series is not trusted more than its own scatter allows. The prior for a
    /// cluster's long-run growth is normal(μ₀, τ²): μ₀ the mean nominal growth of the SEI aggregate,
    /// τ the dispersion of the categories' growth. The posterior is normal with precision
    /// 1/τ² + n/σ², mean μ₀ + w(ḡ − μ₀), w = (n/σ²)/precision.
    /// </summary>
    private static Derivation Derive(double[] g, double volatility)
    {
        var mu0 = Mean(Growth(SeiLevels));
        var tau = Sd(CategoryGrowth2023);
        var sampleSd = Sd(g);
        var sigma = Math.Max(sampleSd, volatility);
        var precision = (1 / (tau * tau)) + (g.Length / (sigma * sigma));
        var weight = g.Length / (sigma * sigma) / precision;
        return new Derivation(Mean(g), sampleSd, sigma, weight, mu0 + (weight * (Mean(g) - mu0)), Math.Sqrt(1 / precision));
    }

    /// <summary>The expected annual drag of the events that hit the cluster (dataset header): macro 0.75 pp
    /// on every calibrated cluster; electronics down-cycle 2.0 pp and export controls 0.8 pp on semiconductors.</summary>
    private static double EventDrag(string clusterId) => clusterId == "semiconductors" ? 0.0075 + 0.02 + 0.008 : 0.0075;

    private static double[] Series(string name) => name == "semiconductors" ? Growth(SemiconductorLevels) : AutoValueAddedGrowth;

    private static double[] Growth(double[] levels) => [.. levels.Skip(1).Select((x, i) => (x / levels[i]) - 1)];

    private static double Mean(double[] x) => x.Average();

    private static double Sd(double[] x) => Math.Sqrt(x.Sum(v => (v - Mean(x)) * (v - Mean(x))) / (x.Length - 1));

    private static string Pct(double x, string format = "0.0") => Fmt(100 * x, format);

    private static string Fmt(double x, string format) => x.ToString(format, CultureInfo.InvariantCulture);

    private static string[] Row(string firstCell)
    {
        var line = ReadmeTable.Split('\n').Single(l => l.StartsWith($"| {firstCell} |", StringComparison.Ordinal));
        return [.. line.Trim().Trim('|').Split('|').Select(c => c.Trim())];
    }

    private static Dataset LoadShenzhen()
    {
        var result = ScenarioLoader.LoadFile(Path.Combine(TestPaths.RepositoryRoot, "scenarios", "data", "shenzhen-2023.yaml"));
        Assert.True(result.IsValid, string.Join("\n", result.Diagnostics));
        return result.Dataset!;
    }

    private sealed record Derivation(double Mean, double SampleSd, double Sigma, double Weight, double Pooled, double PosteriorSd);
}

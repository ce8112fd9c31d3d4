namespace Simulation.Engine.Statistics;

/// <summary>
/// A probability estimated from exact counts of Monte Carlo paths, with its standard error and a 95%
/// interval: Wilson's score interval, or Clopper–Pearson's exact interval when fewer than ten paths
/// fall on either side (rare events, where Wilson's coverage degrades).
/// Specified in docs/model.md §6 (intervals) and §10 (runs to a precision).
/// </summary>
public sealed record Proportion
{
    /// <summary>z for a two-sided 95% interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>Creates a proportion from counts.</summary>
    public Proportion(long successes, long trials)
    {
        if (trials < 1 || successes < 0 || successes > trials)
        {
            throw new ArgumentOutOfRangeException(nameof(successes), "need 0 ≤ successes ≤ trials and trials ≥ 1");
        }

        Successes = successes;
        Trials = trials;
        Estimate = (double)successes / trials;
        StandardError = Math.Sqrt(Estimate * (1 - Estimate) / trials);
        if (Math.Min(successes, trials - successes) < 10)
        {
            Method = "clopper-pearson";
            Lower = successes == 0 ? 0 : MathNet.Numerics.Distributions.Beta.InvCDF(successes, trials - successes + 1, 0.025);
            Upper = successes == trials ? 1 : MathNet.Numerics.Distributions.Beta.InvCDF(successes + 1, trials - successes, 0.975);
        }
        else
        {
            Method = "wilson";
            double n = trials, p = Estimate, z2 = Z95 * Z95;
            double centre = (p + (z2 / (2 * n))) / (1 + (z2 / n));
            double half = Z95 * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n))) / (1 + (z2 / n));
            Lower = Math.Max(0, centre - half);
            Upper = Math.Min(1, centre + half);
        }
    }

    /// <summary>Paths on which the event happened.</summary>
    public long Successes { get; }

    /// <summary>Paths simulated.</summary>
    public long Trials { get; }

    /// <summary>Successes ÷ trials.</summary>
    public double Estimate { get; }

    /// <summary>The Monte Carlo standard error, √(p(1−p)/n).</summary>
    public double StandardError { get; }

    /// <summary>Lower end of the 95% interval.</summary>
    public double Lower { get; }

    /// <summary>Upper end of the 95% interval.</summary>
    public double Upper { get; }

    /// <summary>"wilson" or "clopper-pearson".</summary>
    public string Method { get; }
}

/// <summary>
/// The difference between two probabilities estimated on paired paths (common random numbers): a
/// scenario's and the baseline's chance of the same event, d = (only scenario − only baseline) ÷ n,
/// with the paired standard error √(((b + c)/n − d²)/n) and the 95% interval d ± z·se. When fewer
/// than ten paths are discordant (b + c &lt; 10) that normal interval is too narrow (with none it
/// would be [0, 0]), so the interval is instead [b₋ − c₊, b₊ − c₋] from the Clopper–Pearson bounds
/// of b/n and c/n, which is conservative. The unpaired standard error,
/// √(p₁(1−p₁)/n + p₀(1−p₀)/n), is given for comparison: pairing is what makes it narrow.
/// </summary>
/// <param name="BothMet">Paths where both met the event.</param>
/// <param name="OnlyScenario">Paths where only the scenario met it.</param>
/// <param name="OnlyBaseline">Paths where only the baseline met it.</param>
/// <param name="Paths">Paths simulated.</param>
public record PairedProportions(long BothMet, long OnlyScenario, long OnlyBaseline, long Paths)
{
    /// <summary>P(scenario) − P(baseline).</summary>
    public double Difference => (double)(OnlyScenario - OnlyBaseline) / Paths;

    /// <summary>The scenario's probability.</summary>
    public double Scenario => (double)(BothMet + OnlyScenario) / Paths;

    /// <summary>The baseline's probability.</summary>
    public double Baseline => (double)(BothMet + OnlyBaseline) / Paths;

    /// <summary>True when no path differs: the scenario meets the event on exactly the baseline's paths.</summary>
    public bool Identical => OnlyScenario == 0 && OnlyBaseline == 0;

    /// <summary>The paired standard error.</summary>
    public double StandardError
    {
        get
        {
            double n = Paths, d = Difference;
            return Math.Sqrt(Math.Max(0, ((OnlyScenario + OnlyBaseline) / n) - (d * d)) / n);
        }
    }

    /// <summary>Lower end of the paired 95% interval.</summary>
    public double Lower => OnlyScenario + OnlyBaseline < 10
        ? Math.Max(-1, new Proportion(OnlyScenario, Paths).Lower - new Proportion(OnlyBaseline, Paths).Upper)
        : Math.Max(-1, Difference - (Proportion.Z95 * StandardError));

    /// <summary>Upper end of the paired 95% interval.</summary>
    public double Upper => OnlyScenario + OnlyBaseline < 10
        ? Math.Min(1, new Proportion(OnlyScenario, Paths).Upper - new Proportion(OnlyBaseline, Paths).Lower)
        : Math.Min(1, Difference + (Proportion.Z95 * StandardError));

    /// <summary>The standard error the difference would have from two independent runs.</summary>
    public double UnpairedStandardError
    {
        get
        {
            double n = Paths;
            double p1 = Scenario, p0 = Baseline;
            return Math.Sqrt((p1 * (1 - p1) / n) + (p0 * (1 - p0) / n));
        }
    }
}

/// <summary>The paired difference a scenario makes to a target's probability (<see cref="PairedProportions"/>).</summary>
/// <param name="ScenarioId">The scenario.</param>
/// <param name="TargetId">The target, present in both scenario and baseline.</param>
/// <param name="BothMet">Paths where both met the target.</param>
/// <param name="OnlyScenario">Paths where only the scenario met it.</param>
/// <param name="OnlyBaseline">Paths where only the baseline met it.</param>
/// <param name="Paths">Paths simulated.</param>
public sealed record PairedDifference(string ScenarioId, string TargetId, long BothMet, long OnlyScenario, long OnlyBaseline, long Paths)
    : PairedProportions(BothMet, OnlyScenario, OnlyBaseline, Paths);

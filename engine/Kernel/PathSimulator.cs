using Simulation.Engine.Model;
using Simulation.Engine.Randomness;

namespace Simulation.Engine.Kernel;

/// <summary>
/// The scalar reference kernel: simulates single paths of one compiled scenario, plainly, one
/// operation after another. <see cref="BatchSimulator"/> (what runs use) computes eight paths at once
/// and must give every lane exactly this class's bits; tests hold the two together. Not thread safe.
/// Every random draw comes from a stream fixed by (seed, path index,
/// component), so a path's values do not depend on which worker simulates it, nor on any other
/// path or lever.
/// The model it computes is docs/model.md §1–§4 (time, one path, events, levers); its randomness §5.
/// </summary>
internal sealed class PathSimulator
{
    private readonly CompiledScenario plan;
    private readonly ulong seed;
    private readonly int n;
    private readonly double[] drift;
    private readonly double[] sigma;
    private readonly double[] growthFactor;
    private readonly double[] logAdd;
    private readonly double[] capacity;
    private readonly double[] z;
    private readonly double[] e;
    private readonly double[] logV;
    private readonly double[] subsidyInvestment;
    private readonly double[] subsidyRate;
    private readonly double[] subsidyClaims;
    private readonly int[] subsidyProjects;

    public PathSimulator(CompiledScenario plan, ulong seed)
    {
        this.plan = plan;
        this.seed = seed;
        n = plan.Clusters;
        drift = new double[n];
        sigma = new double[n];
        growthFactor = new double[n];
        logAdd = new double[(plan.Years + 1) * n];
        capacity = new double[(plan.Years + 1) * n];
        z = new double[n];
        e = new double[n];
        logV = new double[n];
        subsidyInvestment = plan.Subsidy is { } s ? new double[s.Eligible.Length] : [];
        subsidyRate = new double[subsidyInvestment.Length];
        subsidyClaims = new double[subsidyInvestment.Length];
        subsidyProjects = new int[subsidyInvestment.Length];
        LogValues = new double[(plan.Years + 1) * n];
    }

    /// <summary>ln V of the last simulated path, year-major: index t × clusters + c, t = 0 the base year.</summary>
    public double[] LogValues { get; }

    /// <summary>Total subsidy paid in each year offset on the last path (for tests of the budget cap).</summary>
    public double[]? SubsidyPaid { get; private set; }

    /// <summary>Simulates path <paramref name="pathIndex"/> into <see cref="LogValues"/>.</summary>
    public void Simulate(long pathIndex) => Simulate(pathIndex, LogValues);

    /// <summary>Simulates path <paramref name="pathIndex"/> into <paramref name="logs"/> (layout of <see cref="LogValues"/>).</summary>
    public void Simulate(long pathIndex, Span<double> logs)
    {
        DrawParameters(pathIndex);
        Array.Clear(logAdd);
        Array.Clear(capacity);
        ApplyEvents(pathIndex);
        ApplyRevivals(pathIndex);
        ApplyParks(pathIndex);
        ApplyAttraction(pathIndex);
        ApplySubsidy(pathIndex);
        Step(pathIndex, logs);
    }

    private void DrawParameters(long pathIndex)
    {
        var clusters = plan.Scenario.Dataset.Clusters;
        var rng = RandomStreams.Create(seed, pathIndex, CompiledScenario.TrendComponent);
        for (int c = 0; c < n; c++)
        {
            var cluster = clusters[c];
            double g = plan.TrendSamplers[c].Sample(rng.NextOpenDouble());
            double d = cluster.Volatility;
            if (cluster.RateKind == RateKind.Arithmetic)
            {
                // A step whose growth factor has mean 1+g and sd d: log-sd² = ln(1 + d²/(1+g)²),
                // drift = ln(1+g) - log-sd²/2 (the exact conversion, README "The model in brief").
                g = Math.Max(g, -0.999999); // below -100% has probability < 1e-9 (checked by Cluster)
                double s2 = DetMath.Log(1 + (d * d / ((1 + g) * (1 + g))));
                sigma[c] = Math.Sqrt(s2);
                drift[c] = DetMath.Log(1 + g) - (s2 / 2);
                growthFactor[c] = 1 + g;
            }
            else
            {
                sigma[c] = d;
                drift[c] = g;
                growthFactor[c] = DetMath.Exp(g + (d * d / 2));
            }
        }
    }

    private void ApplyEvents(long pathIndex)
    {
        int years = plan.Years;
        foreach (var ev in plan.Events)
        {
            var rng = RandomStreams.Create(seed, pathIndex, ev.Component);
            var spec = ev.Spec;
            for (int t = 1; t <= years; t++)
            {
                // Three draws every year, fired or not, so one year's draws never depend on another's.
                double u = rng.NextOpenDouble();
                double ux = rng.NextOpenDouble();
                double us = rng.NextOpenDouble();
                if (t < ev.FirstOffset || t > ev.LastOffset || !(u < spec.AnnualProbability))
                {
                    continue;
                }

                if (ev.Level is { } level)
                {
                    double add = DetMath.Log(1 + level.Sample(ux));
                    foreach (int c in ev.Hits)
                    {
                        logAdd[(t * n) + c] += add;
                    }
                }

                if (ev.Shift is { } shift)
                {
                    double s = shift.Sample(us);
                    for (int k = t; k < t + spec.Duration && k <= years; k++)
                    {
                        foreach (int c in ev.Hits)
                        {
                            logAdd[(k * n) + c] += s;
                        }
                    }
                }
            }
        }
    }

    private void ApplyRevivals(long pathIndex)
    {
        foreach (var revival in plan.Revivals)
        {
            var lever = revival.Lever;
            var rng = RandomStreams.Create(seed, pathIndex, revival.Component);
            bool success = rng.NextOpenDouble() < lever.SuccessProbability;
            double uplift = revival.Uplift.Sample(rng.NextOpenDouble());
            if (!success)
            {
                continue;
            }

            int startOffset = lever.StartYear - plan.BaseYear;
            for (int t = Math.Max(1, startOffset); t <= plan.Years; t++)
            {
                double phase = RevivalPhase(t, startOffset, lever.PhaseInYears);
                foreach (int c in revival.Targets)
                {
                    logAdd[(t * n) + c] += uplift * phase;
                }
            }
        }
    }

    /// <summary>The share of a revival's uplift reached in year offset <paramref name="t"/>: linear over its phase-in years.</summary>
    internal static double RevivalPhase(int t, int startOffset, int phaseInYears) =>
        Math.Min(1.0, (double)(t - startOffset + 1) / Math.Max(1, phaseInYears));

    private void ApplyParks(long pathIndex)
    {
        foreach (var park in plan.Parks)
        {
            var lever = park.Lever;
            var rng = RandomStreams.Create(seed, pathIndex, park.Component);
            // The park's own stream: its later draws are used by nothing else, so a cancelled park
            // can stop drawing without changing any other number.
            if (rng.NextOpenDouble() < lever.CancellationProbability)
            {
                continue;
            }

            double build = park.Build.Sample(rng.NextOpenDouble());
            double ramp = park.Ramp.Sample(rng.NextOpenDouble());
            double density = park.Density.Sample(rng.NextOpenDouble());
            double displacement = Math.Clamp(park.Displacement.Sample(rng.NextOpenDouble()), 0, 1);

            // Years stay doubles (a drawn build time of 1e300 years is no overflow, just never open).
            double opening = park.Start + Math.Round(Math.Max(0, build), MidpointRounding.AwayFromZero);
            double rampYears = Math.Max(1, Math.Round(ramp, MidpointRounding.AwayFromZero));
            double full = lever.AreaKm2 * Math.Max(0, density) * (1 - displacement);
            double step = full / rampYears;
            for (int t = 1; t <= plan.Years; t++)
            {
                double year = plan.BaseYear + t;
                if (year >= opening && year < opening + rampYears)
                {
                    for (int i = 0; i < park.Serves.Length; i++)
                    {
                        capacity[(t * n) + park.Serves[i]] += step * park.Share[i];
                    }
                }
            }
        }
    }

    private void ApplyAttraction(long pathIndex)
    {
        if (plan.Attraction is not { } attraction)
        {
            return;
        }

        var lever = attraction.Lever;
        int first = Math.Max(lever.StartYear, plan.BaseYear + 1);
        int last = Math.Min(lever.EndYear, plan.Scenario.Horizon);
        for (int year = first; year <= last; year++)
        {
            var rng = RandomStreams.Create(seed, pathIndex, attraction.YearComponents[year - lever.StartYear]);
            int arrivals = PoissonDistribution.PoissonQuantile(lever.ArrivalsPerYear, rng.NextOpenDouble());
            for (int j = 0; j < arrivals; j++)
            {
                int k = attraction.Choose(rng.NextOpenDouble());

                double size = Math.Max(0, attraction.Size.Sample(rng.NextOpenDouble()));
                int c = attraction.Index[k];
                AddCapacity(year, lever.RampYears, size, c);
            }
        }
    }

    private void ApplySubsidy(long pathIndex)
    {
        if (plan.Subsidy is not { } subsidy)
        {
            return;
        }

        var lever = subsidy.Lever;
        var pathRng = RandomStreams.Create(seed, pathIndex, subsidy.Component);
        double leverage = Math.Max(0, subsidy.InducedInvestment.Sample(pathRng.NextOpenDouble()));
        double outputPerInvestment = Math.Max(0, subsidy.OutputPerInvestment.Sample(pathRng.NextOpenDouble()));
        var paid = SubsidyPaid ??= new double[plan.Years + 1];
        Array.Clear(paid);
        double p0 = subsidy.ThresholdProbability;
        for (int k = 0; k < subsidy.Eligible.Length; k++)
        {
            // Mean arrivals in the first active year; later years multiply by the growth factor.
            // (Repeated multiplication, not Math.Pow: the same bits on every platform.)
            double rate = subsidy.BaseRate[k];
            for (int i = 0; i < subsidy.FirstOffset; i++)
            {
                rate *= growthFactor[subsidy.Eligible[k]];
            }

            subsidyRate[k] = rate;
        }

        for (int t = subsidy.FirstOffset; t <= subsidy.LastOffset; t++)
        {
            // One stream per year: first every eligible cluster's project count, then each cluster's
            // projects, clusters in order. Counts depend on the drawn trends only (never on the
            // budget), so the draws line up across budgets and more budget can only add output on
            // every path.
            var rng = RandomStreams.Create(seed, pathIndex, subsidy.YearComponents[t]);
            for (int k = 0; k < subsidy.Eligible.Length; k++)
            {
                // Arrivals scale with the cluster's trend-expected size on this path.
                double mean = subsidyRate[k];
                subsidyRate[k] *= growthFactor[subsidy.Eligible[k]];
                subsidyProjects[k] = PoissonDistribution.PoissonQuantile(mean, rng.NextOpenDouble());
            }

            double claims = 0;
            for (int k = 0; k < subsidy.Eligible.Length; k++)
            {
                double investment = 0, claimed = 0;
                for (int j = 0; j < subsidyProjects[k]; j++)
                {
                    double u = Math.Min(p0 + (rng.NextOpenDouble() * (1 - p0)), CompiledSubsidy.BelowOne);
                    double invest = Math.Max(subsidy.Investment.Sample(u), lever.InvestmentThreshold);
                    investment += invest;
                    claimed += Math.Min(lever.ReimbursementRate * invest, lever.CapPerProject);
                }

                subsidyInvestment[k] = investment;
                subsidyClaims[k] = claimed;
                claims += claimed;
            }

            double budget = subsidy.Budget[t];
            double paidShare = claims <= 0 ? 0 : Math.Min(1, Math.Max(0, budget) / claims);
            paid[t] = claims * paidShare;
            if (paidShare <= 0)
            {
                continue;
            }

            for (int k = 0; k < subsidy.Eligible.Length; k++)
            {
                // Additional investment induced by the money paid, at most the projects' own investment.
                double induced = Math.Min(subsidyInvestment[k], leverage * paidShare * subsidyClaims[k]);
                double output = outputPerInvestment * induced;
                if (output > 0)
                {
                    AddCapacity(plan.BaseYear + t + 1, lever.RampYears, output, subsidy.Eligible[k]);
                }
            }
        }
    }

    /// <summary>Adds output to one cluster entering in <paramref name="year"/> and ramping linearly over <paramref name="rampYears"/> years.</summary>
    private void AddCapacity(int year, int rampYears, double amount, int cluster)
    {
        int ramp = Math.Max(1, rampYears);
        double step = amount / ramp;
        for (int k = 0; k < ramp; k++)
        {
            int t = year + k - plan.BaseYear;
            if (t >= 1 && t <= plan.Years)
            {
                capacity[(t * n) + cluster] += step;
            }
        }
    }

    private void Step(long pathIndex, Span<double> logs)
    {
        var rng = RandomStreams.Create(seed, pathIndex, CompiledScenario.ShockComponent);
        Array.Copy(plan.LogBaseValues, logV, n);
        plan.LogBaseValues.CopyTo(logs);
        bool identity = plan.IsIdentityFactor;
        bool hasCapacity = plan.HasCapacity;
        bool hasCeiling = plan.HasCeiling;
        for (int t = 1; t <= plan.Years; t++)
        {
            for (int c = 0; c < n; c++)
            {
                z[c] = StandardNormal.Next(ref rng);
            }

            double[] shocks = z;
            if (!identity)
            {
                plan.Shocks.Multiply(z, e);
                shocks = e;
            }

            int at = t * n;
            for (int c = 0; c < n; c++)
            {
                double d = t >= plan.TakeOffOffsets[c] ? drift[c] : 0;
                if (hasCeiling && double.IsFinite(plan.Ceilings[c]))
                {
                    d *= Math.Max(0, 1 - (DetMath.Exp(logV[c]) / plan.Ceilings[c]));
                }

                double l = logV[c] + d + (sigma[c] * shocks[c]) + logAdd[at + c];
                if (hasCapacity && capacity[at + c] != 0)
                {
                    l = DetMath.Log(DetMath.Exp(l) + capacity[at + c]);
                }

                logV[c] = l;
                logs[at + c] = l;
            }
        }
    }
}

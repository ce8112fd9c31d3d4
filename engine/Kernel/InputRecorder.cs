using Simulation.Engine.Analysis;
using Simulation.Engine.Model;
using Simulation.Engine.Randomness;

namespace Simulation.Engine.Kernel;

/// <summary>
/// Draws a path's per-path inputs again, from the same streams and in the same order as the kernel
/// (<see cref="PathSimulator"/>), without simulating the path: each component has a stream of its own
/// (seed, path, component), so its draws can be repeated alone. A park draws all five of its values
/// even when it is cancelled (the kernel stops after the first; the values it would have drawn are
/// the same). Tests hold every input to the path the kernel simulates. Not thread safe.
/// </summary>
internal sealed class InputRecorder
{
    private readonly CompiledScenario plan;
    private readonly ulong seed;
    private readonly SampleLayout layout;
    private readonly bool needsShocks;
    private readonly double[] trend;
    private readonly double[] shocks;
    private readonly double[] normals;
    private readonly double[] e;
    private readonly double[] eventCount;
    private readonly double[] eventFirst;
    private readonly double[] parks;
    private readonly double[] revivals;
    private readonly double[] attractionArrivals;
    private double attractionTotal;
    private double subsidyInduced;
    private double subsidyOutput;

    public InputRecorder(CompiledScenario plan, ulong seed, SampleLayout layout)
    {
        this.plan = plan;
        this.seed = seed;
        this.layout = layout;
        int n = plan.Clusters;
        needsShocks = layout.Inputs.Any(i => i.Source == InputSource.Shocks);
        trend = new double[n];
        shocks = new double[n * layout.ShockPeriods.Length];
        normals = new double[((plan.Years * n) + LaneGenerator.Lanes - 1) / LaneGenerator.Lanes * LaneGenerator.Lanes];
        e = new double[n];
        eventCount = new double[plan.Events.Length];
        eventFirst = new double[plan.Events.Length];
        parks = new double[5 * plan.Parks.Length];
        revivals = new double[2 * plan.Revivals.Length];
        attractionArrivals = new double[plan.Attraction?.Index.Length ?? 0];
    }

    /// <summary>Draws path <paramref name="path"/>'s inputs and writes them into <paramref name="sample"/>'s input columns.</summary>
    public void Record(long path, PathSample sample)
    {
        Draw(path);
        var inputs = layout.Inputs;
        for (int i = 0; i < inputs.Length; i++)
        {
            sample.Set(i, path, Value(inputs[i]));
        }
    }

    /// <summary>The value of one input on the last drawn path.</summary>
    internal double Value(SampleInput input) => input.Source switch
    {
        InputSource.Trend => trend[input.Index],
        InputSource.Shocks => shocks[input.Index],
        InputSource.EventCount => eventCount[input.Index],
        InputSource.EventFirstYear => eventFirst[input.Index],
        InputSource.SubsidyInducedInvestment => subsidyInduced,
        InputSource.SubsidyOutputPerInvestment => subsidyOutput,
        InputSource.ParkCancelled => parks[5 * input.Index],
        InputSource.ParkBuildYears => parks[(5 * input.Index) + 1],
        InputSource.ParkRampYears => parks[(5 * input.Index) + 2],
        InputSource.ParkDensity => parks[(5 * input.Index) + 3],
        InputSource.ParkDisplacement => parks[(5 * input.Index) + 4],
        InputSource.RevivalSucceeded => revivals[2 * input.Index],
        InputSource.RevivalUplift => revivals[(2 * input.Index) + 1],
        InputSource.AttractionArrivals => attractionTotal,
        InputSource.AttractionClusterArrivals => attractionArrivals[input.Index],
        _ => throw new ArgumentOutOfRangeException(nameof(input), input.Source, "unknown input source"),
    };

    /// <summary>Draws every per-path input of path <paramref name="path"/>, each as <see cref="PathSimulator"/> draws it.</summary>
    internal void Draw(long path)
    {
        DrawTrends(path);
        if (needsShocks)
        {
            DrawShocks(path);
        }

        DrawEvents(path);
        DrawRevivals(path);
        DrawParks(path);
        DrawAttraction(path);
        DrawSubsidy(path);
    }

    private void DrawTrends(long path)
    {
        var clusters = plan.Scenario.Dataset.Clusters;
        var rng = RandomStreams.Create(seed, path, CompiledScenario.TrendComponent);
        for (int c = 0; c < trend.Length; c++)
        {
            double g = plan.TrendSamplers[c].Sample(rng.NextOpenDouble());
            trend[c] = clusters[c].RateKind == RateKind.Arithmetic ? Math.Max(g, -0.999999) : g;
        }
    }

    /// <summary>
    /// Σₜ e[c, t] / √years over each of the layout's periods: the path's correlated standard normal
    /// shocks, as Step draws them (one uniform per cluster and year through Φ⁻¹, year by year), summed
    /// within the period. The normals are drawn eight at a time (<see cref="Sampler.SampleInPlace"/>:
    /// the same bits as one at a time).
    /// </summary>
    private void DrawShocks(long path)
    {
        var rng = RandomStreams.Create(seed, path, CompiledScenario.ShockComponent);
        int n = plan.Clusters, drawn = plan.Years * n;
        for (int i = 0; i < drawn; i++)
        {
            normals[i] = rng.NextOpenDouble();
        }

        normals.AsSpan(drawn).Fill(0.5);
        StandardNormal.Table.SampleInPlace(normals);
        Array.Clear(shocks);
        var periods = layout.ShockPeriods;
        for (int p = 0; p < periods.Length; p++)
        {
            var (from, to) = periods[p];
            var sum = shocks.AsSpan(p * n, n);
            for (int year = from; year <= to; year++)
            {
                var shock = normals.AsSpan((year - plan.BaseYear - 1) * n, n);
                if (!plan.IsIdentityFactor)
                {
                    plan.Shocks.Multiply(shock, e);
                    shock = e;
                }

                for (int c = 0; c < n; c++)
                {
                    sum[c] += shock[c];
                }
            }

            double scale = 1 / Math.Sqrt(to - from + 1);
            for (int c = 0; c < n; c++)
            {
                sum[c] *= scale;
            }
        }
    }

    private void DrawEvents(long path)
    {
        for (int i = 0; i < plan.Events.Length; i++)
        {
            var ev = plan.Events[i];
            var rng = RandomStreams.Create(seed, path, ev.Component);
            int count = 0;
            int first = plan.Scenario.Horizon + 1;
            for (int t = 1; t <= plan.Years; t++)
            {
                double u = rng.NextOpenDouble();
                rng.NextOpenDouble();
                rng.NextOpenDouble();
                if (t >= ev.FirstOffset && t <= ev.LastOffset && u < ev.Spec.AnnualProbability)
                {
                    count++;
                    first = Math.Min(first, plan.BaseYear + t);
                }
            }

            eventCount[i] = count;
            eventFirst[i] = first;
        }
    }

    private void DrawRevivals(long path)
    {
        for (int i = 0; i < plan.Revivals.Length; i++)
        {
            var revival = plan.Revivals[i];
            var rng = RandomStreams.Create(seed, path, revival.Component);
            revivals[2 * i] = rng.NextOpenDouble() < revival.Lever.SuccessProbability ? 1 : 0;
            revivals[(2 * i) + 1] = revival.Uplift.Sample(rng.NextOpenDouble());
        }
    }

    private void DrawParks(long path)
    {
        for (int i = 0; i < plan.Parks.Length; i++)
        {
            var park = plan.Parks[i];
            var rng = RandomStreams.Create(seed, path, park.Component);
            parks[5 * i] = rng.NextOpenDouble() < park.Lever.CancellationProbability ? 1 : 0;
            parks[(5 * i) + 1] = Math.Max(0, park.Build.Sample(rng.NextOpenDouble()));
            parks[(5 * i) + 2] = park.Ramp.Sample(rng.NextOpenDouble());
            parks[(5 * i) + 3] = Math.Max(0, park.Density.Sample(rng.NextOpenDouble()));
            parks[(5 * i) + 4] = Math.Clamp(park.Displacement.Sample(rng.NextOpenDouble()), 0, 1);
        }
    }

    private void DrawAttraction(long path)
    {
        Array.Clear(attractionArrivals);
        attractionTotal = 0;
        if (plan.Attraction is not { } attraction)
        {
            return;
        }

        var lever = attraction.Lever;
        int first = Math.Max(lever.StartYear, plan.BaseYear + 1);
        int last = Math.Min(lever.EndYear, plan.Scenario.Horizon);
        for (int year = first; year <= last; year++)
        {
            var rng = RandomStreams.Create(seed, path, attraction.YearComponents[year - lever.StartYear]);
            int arrivals = PoissonDistribution.PoissonQuantile(lever.ArrivalsPerYear, rng.NextOpenDouble());
            for (int j = 0; j < arrivals; j++)
            {
                int k = attraction.Choose(rng.NextOpenDouble());

                rng.NextOpenDouble(); // the project's size
                attractionArrivals[k]++;
            }

            attractionTotal += arrivals;
        }
    }

    private void DrawSubsidy(long path)
    {
        if (plan.Subsidy is not { } subsidy)
        {
            return;
        }

        var rng = RandomStreams.Create(seed, path, subsidy.Component);
        subsidyInduced = Math.Max(0, subsidy.InducedInvestment.Sample(rng.NextOpenDouble()));
        subsidyOutput = Math.Max(0, subsidy.OutputPerInvestment.Sample(rng.NextOpenDouble()));
    }
}

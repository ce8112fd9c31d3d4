using MathNet.Numerics.Distributions;
using Simulation.Engine.Model;

namespace Simulation.Engine.Kernel;

/// <summary>
/// A fast inverse-CDF sampler compiled from a <see cref="Distribution"/> once per run, for the
/// per-path parameter draws of the kernel. Closed forms where they exist (the normal family through
/// <see cref="FastNormal.Quantile"/>, relative error below 1.2e-9); otherwise a table of the exact
/// inverse CDF Q and its slope Q' = 1/f(Q) at 4,095 interior probabilities with cubic Hermite
/// interpolation, falling back to the exact inverse CDF in the outer 1/256 of each tail, where
/// quantile functions curve most. Monotone in u, like the exact inverse CDF.
/// </summary>
internal abstract class Sampler
{
    /// <summary>The value at probability u in (0, 1).</summary>
    public abstract double Sample(double u);

    public static Sampler For(Distribution distribution) => distribution switch
    {
        FixedDistribution f => new FixedSampler(f.Value),
        NormalDistribution n => n.Sd == 0 ? new FixedSampler(n.Location) : new NormalSampler(n.Location, n.Sd),
        LogNormalDistribution l => l.LogSd == 0 ? new FixedSampler(Math.Exp(l.LogMean)) : new LogNormalSampler(l.LogMean, l.LogSd),
        UniformDistribution u => new UniformSampler(u.Lower, u.Upper),
        TruncatedNormalDistribution t when Normal.CDF(t.Location, t.Sd, t.Upper) - Normal.CDF(t.Location, t.Sd, t.Lower) > 1e-9 => new TruncatedNormalSampler(t),
        TriangularDistribution t => new TriangularSampler(t.Lower, t.Mode, t.Upper),
        PoissonDistribution or BernoulliDistribution or DiscreteDistribution or TruncatedNormalDistribution => new ExactSampler(distribution),
        _ => new TableSampler(distribution),
    };

    private sealed class FixedSampler(double value) : Sampler
    {
        public override double Sample(double u) => value;
    }

    private sealed class NormalSampler(double mean, double sd) : Sampler
    {
        public override double Sample(double u) => mean + (sd * FastNormal.Quantile(u));
    }

    private sealed class LogNormalSampler(double logMean, double logSd) : Sampler
    {
        public override double Sample(double u) => Math.Exp(logMean + (logSd * FastNormal.Quantile(u)));
    }

    private sealed class UniformSampler(double min, double max) : Sampler
    {
        public override double Sample(double u) => min + (u * (max - min));
    }

    private sealed class TriangularSampler(double min, double mode, double max) : Sampler
    {
        private readonly double split = (mode - min) / (max - min);

        public override double Sample(double u) => u < split
            ? min + Math.Sqrt(u * (max - min) * (mode - min))
            : max - Math.Sqrt((1 - u) * (max - min) * (max - mode));
    }

    private sealed class TruncatedNormalSampler(TruncatedNormalDistribution d) : Sampler
    {
        private readonly double low = MathNet.Numerics.Distributions.Normal.CDF(d.Location, d.Sd, d.Lower);
        private readonly double width = MathNet.Numerics.Distributions.Normal.CDF(d.Location, d.Sd, d.Upper) - MathNet.Numerics.Distributions.Normal.CDF(d.Location, d.Sd, d.Lower);

        public override double Sample(double u) =>
            Math.Clamp(d.Location + (d.Sd * FastNormal.Quantile(low + (u * width))), d.Lower, d.Upper);
    }

    private sealed class ExactSampler(Distribution d) : Sampler
    {
        public override double Sample(double u) => d.InverseCdf(u);
    }

    private sealed class TableSampler : Sampler
    {
        private const int Knots = 4096;
        private const int ExactTail = 16;
        private const double Step = 1.0 / Knots;
        private readonly Distribution distribution;
        private readonly double[] value = new double[Knots + 1];
        private readonly double[] slope = new double[Knots + 1];

        public TableSampler(Distribution distribution)
        {
            this.distribution = distribution;
            for (int i = ExactTail - 1; i <= Knots - ExactTail + 1; i++)
            {
                double p = (double)i / Knots;
                value[i] = distribution.InverseCdf(p);

                // Q'(p) = 1 / f(Q(p)), by a central difference of the CDF (f is not part of the Distribution API).
                double h = Math.Max(1e-7, Math.Abs(value[i]) * 1e-6);
                double density = (distribution.Cdf(value[i] + h) - distribution.Cdf(value[i] - h)) / (2 * h);
                slope[i] = density > 0 ? 1 / density : 0;
            }
        }

        public override double Sample(double u)
        {
            double x = u * Knots;
            int i = (int)x;
            if (i < ExactTail || i >= Knots - ExactTail)
            {
                return distribution.InverseCdf(u);
            }

            // Cubic Hermite on [p_i, p_i+1] with the exact values and slopes at both ends.
            double t = x - i, t2 = t * t, t3 = t2 * t;
            double h00 = (2 * t3) - (3 * t2) + 1, h10 = t3 - (2 * t2) + t, h01 = (-2 * t3) + (3 * t2), h11 = t3 - t2;
            double q = (h00 * value[i]) + (h10 * Step * slope[i]) + (h01 * value[i + 1]) + (h11 * Step * slope[i + 1]);
            return Math.Clamp(q, value[i], value[i + 1]);
        }
    }
}

/// <summary>
/// The samplers of one run, one per distinct distribution (distributions are records, so equal
/// parameters share a sampler): a table is built once however many parks or scenarios use it.
/// Not thread safe; used while compiling, before the workers start.
/// </summary>
internal sealed class SamplerCache
{
    private readonly Dictionary<Distribution, Sampler> samplers = [];

    public Sampler For(Distribution distribution)
    {
        if (!samplers.TryGetValue(distribution, out var sampler))
        {
            sampler = Sampler.For(distribution);
            samplers.Add(distribution, sampler);
        }

        return sampler;
    }
}

/// <summary>The standard normal quantile by Acklam's rational approximation (relative error below 1.15e-9).</summary>
internal static class FastNormal
{
    private const double A0 = -3.969683028665376e+01, A1 = 2.209460984245205e+02, A2 = -2.759285104469687e+02;
    private const double A3 = 1.383577518672690e+02, A4 = -3.066479806614716e+01, A5 = 2.506628277459239e+00;
    private const double B0 = -5.447609879822406e+01, B1 = 1.615858368580409e+02, B2 = -1.556989798598866e+02;
    private const double B3 = 6.680131188771972e+01, B4 = -1.328068155288572e+01;
    private const double C0 = -7.784894002430293e-03, C1 = -3.223964580411365e-01, C2 = -2.400758277161838e+00;
    private const double C3 = -2.549732539343734e+00, C4 = 4.374664141464968e+00, C5 = 2.938163982698783e+00;
    private const double D0 = 7.784695709041462e-03, D1 = 3.224671290700398e-01, D2 = 2.445134137142996e+00, D3 = 3.754408661907416e+00;
    private const double Low = 0.02425, High = 1 - Low;

    /// <summary>Φ⁻¹(p) for p in (0, 1).</summary>
    public static double Quantile(double p)
    {
        if (p < Low)
        {
            double q = Math.Sqrt(-2 * Math.Log(p));
            return (((((((((C0 * q) + C1) * q) + C2) * q) + C3) * q) + C4) * q + C5) / ((((((((D0 * q) + D1) * q) + D2) * q) + D3) * q) + 1);
        }

        if (p <= High)
        {
            double q = p - 0.5, r = q * q;
            return (((((((((A0 * r) + A1) * r) + A2) * r) + A3) * r) + A4) * r + A5) * q
                / (((((((((B0 * r) + B1) * r) + B2) * r) + B3) * r) + B4) * r + 1);
        }

        double s = Math.Sqrt(-2 * Math.Log(1 - p));
        return -(((((((((C0 * s) + C1) * s) + C2) * s) + C3) * s) + C4) * s + C5) / ((((((((D0 * s) + D1) * s) + D2) * s) + D3) * s) + 1);
    }
}

using System.Collections.Immutable;
using MathNet.Numerics.Distributions;
using Simulation.Engine.Kernel;

namespace Simulation.Engine.Model;

/// <summary>
/// A probability distribution of one uncertain parameter, named by the meaning of its parameters
/// (<see cref="Normal(double, double)"/> takes a mean and a standard deviation, never a bare sigma).
/// Parameters are drawn by inverse transform from a uniform of the path's own random stream, so a
/// draw is a monotone function of that uniform: two scenarios that change a parameter's distribution
/// keep their paths coupled quantile by quantile. Instances are immutable and thread safe.
/// </summary>
public abstract record Distribution
{
    private protected Distribution()
    {
    }

    /// <summary>The expected value.</summary>
    public abstract double Mean { get; }

    /// <summary>The variance.</summary>
    public abstract double Variance { get; }

    /// <summary>The smallest value the distribution can take (may be negative infinity).</summary>
    public abstract double Minimum { get; }

    /// <summary>The largest value the distribution can take (may be positive infinity).</summary>
    public abstract double Maximum { get; }

    /// <summary>P(X ≤ x).</summary>
    public abstract double Cdf(double x);

    /// <summary>The smallest x with P(X ≤ x) ≥ p, for p in (0, 1).</summary>
    public abstract double InverseCdf(double p);

    /// <summary>A value fixed at <paramref name="value"/>.</summary>
    public static Distribution Fixed(double value) => new FixedDistribution(value);

    /// <summary>A normal distribution by its mean and standard deviation.</summary>
    public static Distribution Normal(double mean, double sd) => new NormalDistribution(mean, sd);

    /// <summary>A normal distribution by its mean and sd, truncated to [min, max].</summary>
    public static Distribution TruncatedNormal(double mean, double sd, double min, double max) =>
        new TruncatedNormalDistribution(mean, sd, min, max);

    /// <summary>A log-normal distribution by the mean and sd of the value itself.</summary>
    public static Distribution LogNormalByValue(double mean, double sd)
    {
        Guard.Positive(mean, nameof(mean));
        Guard.NonNegative(sd, nameof(sd));
        double logVariance = DetMath.Log(1 + (sd * sd / (mean * mean)));
        return new LogNormalDistribution(DetMath.Log(mean) - (logVariance / 2), Math.Sqrt(logVariance));
    }

    /// <summary>A log-normal distribution by the mean and sd of the logarithm of the value.</summary>
    public static Distribution LogNormalByLog(double logMean, double logSd) => new LogNormalDistribution(logMean, logSd);

    /// <summary>A uniform distribution on [min, max].</summary>
    public static Distribution Uniform(double min, double max) => new UniformDistribution(min, max);

    /// <summary>A triangular distribution on [min, max] with its peak at mode.</summary>
    public static Distribution Triangular(double min, double mode, double max) => new TriangularDistribution(min, mode, max);

    /// <summary>A PERT distribution (a beta with shape 4 about the mode) on [min, max].</summary>
    public static Distribution Pert(double min, double mode, double max)
    {
        Guard.Ordered(min, mode, max);
        double range = max - min;
        return range == 0
            ? new FixedDistribution(min)
            : new ScaledBetaDistribution(1 + (4 * (mode - min) / range), 1 + (4 * (max - mode) / range), min, max);
    }

    /// <summary>A beta distribution with shapes alpha and beta, scaled to [min, max].</summary>
    public static Distribution ScaledBeta(double alpha, double beta, double min, double max) =>
        new ScaledBetaDistribution(alpha, beta, min, max);

    /// <summary>A Poisson count by its mean.</summary>
    public static Distribution Poisson(double mean) => new PoissonDistribution(mean);

    /// <summary>1 with the given probability, else 0.</summary>
    public static Distribution Bernoulli(double probability) => new BernoulliDistribution(probability);

    /// <summary>One of the values, with probabilities proportional to the weights.</summary>
    public static Distribution Discrete(IEnumerable<double> values, IEnumerable<double> weights) =>
        new DiscreteDistribution(values.ToImmutableArray(), weights.ToImmutableArray());
}

/// <summary>A fixed value.</summary>
public sealed record FixedDistribution : Distribution
{
    /// <summary>Creates a fixed value.</summary>
    public FixedDistribution(double value)
    {
        Guard.Finite(value, nameof(value));
        Value = value;
    }

    /// <summary>The value.</summary>
    public double Value { get; }

    /// <inheritdoc/>
    public override double Mean => Value;

    /// <inheritdoc/>
    public override double Variance => 0;

    /// <inheritdoc/>
    public override double Minimum => Value;

    /// <inheritdoc/>
    public override double Maximum => Value;

    /// <inheritdoc/>
    public override double Cdf(double x) => x >= Value ? 1 : 0;

    /// <inheritdoc/>
    public override double InverseCdf(double p) => Value;
}

/// <summary>A normal distribution by mean and standard deviation.</summary>
public sealed record NormalDistribution : Distribution
{
    /// <summary>Creates a normal distribution.</summary>
    public NormalDistribution(double mean, double sd)
    {
        Guard.Finite(mean, nameof(mean));
        Guard.NonNegative(sd, nameof(sd));
        Location = mean;
        Sd = sd;
    }

    /// <summary>The mean.</summary>
    public double Location { get; }

    /// <summary>The standard deviation.</summary>
    public double Sd { get; }

    /// <inheritdoc/>
    public override double Mean => Location;

    /// <inheritdoc/>
    public override double Variance => Sd * Sd;

    /// <inheritdoc/>
    public override double Minimum => Sd == 0 ? Location : double.NegativeInfinity;

    /// <inheritdoc/>
    public override double Maximum => Sd == 0 ? Location : double.PositiveInfinity;

    /// <inheritdoc/>
    public override double Cdf(double x) => Sd == 0 ? (x >= Location ? 1 : 0) : MathNet.Numerics.Distributions.Normal.CDF(Location, Sd, x);

    /// <inheritdoc/>
    public override double InverseCdf(double p) => Sd == 0 ? Location : MathNet.Numerics.Distributions.Normal.InvCDF(Location, Sd, p);
}

/// <summary>A normal distribution truncated to [min, max].</summary>
/// <remarks>
/// When the whole range lies above the mean, probabilities are computed from the upper tail
/// (P(X &gt; x) = Φ(−z)) rather than as differences of CDF values close to 1, which would cancel
/// catastrophically (a range such as [mean + 8 sd, mean + 9 sd] would hold "no mass" and ranges a few
/// sd above the mean would lose most digits of their quantiles).
/// </remarks>
public sealed record TruncatedNormalDistribution : Distribution
{
    // In the upper-tail (mirrored) representation lowerP and upperP are Φ(−β) and Φ(−α): the
    // probabilities of the standard normal above the upper and lower bound; otherwise Φ(α) and Φ(β).
    private readonly double lowerP;
    private readonly double upperP;
    private readonly bool upperTail;

    /// <summary>Creates a truncated normal distribution.</summary>
    public TruncatedNormalDistribution(double mean, double sd, double min, double max)
    {
        Guard.Finite(mean, nameof(mean));
        Guard.Positive(sd, nameof(sd));
        if (!(min < max))
        {
            throw new ArgumentException($"min ({min}) must be below max ({max}).", nameof(min));
        }

        Location = mean;
        Sd = sd;
        Lower = min;
        Upper = max;
        upperTail = min > mean;
        lowerP = upperTail ? StdCdf(-(max - mean) / sd) : StdCdf((min - mean) / sd);
        upperP = upperTail ? StdCdf(-(min - mean) / sd) : StdCdf((max - mean) / sd);
        if (!(upperP - lowerP > 1e-300) || !(upperP - lowerP > upperP * 1e-12))
        {
            throw new ArgumentException("The truncation range holds no probability mass of the normal distribution that doubles can resolve.", nameof(min));
        }
    }

    /// <summary>The mean of the untruncated normal.</summary>
    public double Location { get; }

    /// <summary>The sd of the untruncated normal.</summary>
    public double Sd { get; }

    /// <summary>The lower truncation point.</summary>
    public double Lower { get; }

    /// <summary>The upper truncation point.</summary>
    public double Upper { get; }

    private double Alpha => (Lower - Location) / Sd;

    private double Beta => (Upper - Location) / Sd;

    private double Z => upperP - lowerP;

    /// <inheritdoc/>
    public override double Mean => Math.Clamp(Location + (Sd * (Phi(Alpha) - Phi(Beta)) / Z), Lower, Upper);

    /// <inheritdoc/>
    public override double Variance
    {
        get
        {
            double a = Alpha, b = Beta;
            double ta = double.IsInfinity(a) ? 0 : a * Phi(a);
            double tb = double.IsInfinity(b) ? 0 : b * Phi(b);
            double r = (Phi(a) - Phi(b)) / Z;
            return Sd * Sd * (1 + ((ta - tb) / Z) - (r * r));
        }
    }

    /// <inheritdoc/>
    public override double Minimum => Lower;

    /// <inheritdoc/>
    public override double Maximum => Upper;

    /// <inheritdoc/>
    public override double Cdf(double x)
    {
        if (x <= Lower)
        {
            return 0;
        }

        if (x >= Upper)
        {
            return 1;
        }

        double z = (x - Location) / Sd;
        return upperTail ? Math.Clamp((upperP - StdCdf(-z)) / Z, 0, 1) : Math.Clamp((StdCdf(z) - lowerP) / Z, 0, 1);
    }

    /// <inheritdoc/>
    public override double InverseCdf(double p)
    {
        double z = upperTail
            ? -MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, upperP - (p * Z))
            : MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, lowerP + (p * Z));
        return Math.Clamp(Location + (Sd * z), Lower, Upper);
    }

    private static double StdCdf(double z) => MathNet.Numerics.Distributions.Normal.CDF(0, 1, z);

    private static double Phi(double x) => double.IsInfinity(x) ? 0 : MathNet.Numerics.Distributions.Normal.PDF(0, 1, x);
}

/// <summary>A log-normal distribution, held by the mean and sd of the log of the value.</summary>
public sealed record LogNormalDistribution : Distribution
{
    /// <summary>Creates a log-normal distribution from the mean and sd of the log.</summary>
    public LogNormalDistribution(double logMean, double logSd)
    {
        Guard.Finite(logMean, nameof(logMean));
        Guard.NonNegative(logSd, nameof(logSd));
        LogMean = logMean;
        LogSd = logSd;
    }

    /// <summary>The mean of ln X.</summary>
    public double LogMean { get; }

    /// <summary>The sd of ln X.</summary>
    public double LogSd { get; }

    /// <inheritdoc/>
    public override double Mean => Math.Exp(LogMean + (LogSd * LogSd / 2));

    /// <inheritdoc/>
    public override double Variance => (Math.Exp(LogSd * LogSd) - 1) * Math.Exp((2 * LogMean) + (LogSd * LogSd));

    /// <inheritdoc/>
    public override double Minimum => LogSd == 0 ? Math.Exp(LogMean) : 0;

    /// <inheritdoc/>
    public override double Maximum => LogSd == 0 ? Math.Exp(LogMean) : double.PositiveInfinity;

    /// <inheritdoc/>
    public override double Cdf(double x) =>
        LogSd == 0 ? (x >= Math.Exp(LogMean) ? 1 : 0) : x <= 0 ? 0 : LogNormal.CDF(LogMean, LogSd, x);

    /// <inheritdoc/>
    public override double InverseCdf(double p) => LogSd == 0 ? Math.Exp(LogMean) : LogNormal.InvCDF(LogMean, LogSd, p);
}

/// <summary>A uniform distribution on [min, max].</summary>
public sealed record UniformDistribution : Distribution
{
    /// <summary>Creates a uniform distribution.</summary>
    public UniformDistribution(double min, double max)
    {
        Guard.Ordered(min, min, max);
        Lower = min;
        Upper = max;
    }

    /// <summary>The lower bound.</summary>
    public double Lower { get; }

    /// <summary>The upper bound.</summary>
    public double Upper { get; }

    /// <inheritdoc/>
    public override double Mean => (Lower + Upper) / 2;

    /// <inheritdoc/>
    public override double Variance => (Upper - Lower) * (Upper - Lower) / 12;

    /// <inheritdoc/>
    public override double Minimum => Lower;

    /// <inheritdoc/>
    public override double Maximum => Upper;

    /// <inheritdoc/>
    public override double Cdf(double x) => x <= Lower ? (x >= Upper ? 1 : 0) : x >= Upper ? 1 : (x - Lower) / (Upper - Lower);

    /// <inheritdoc/>
    public override double InverseCdf(double p) => Lower + (p * (Upper - Lower));
}

/// <summary>A triangular distribution on [min, max] with its mode.</summary>
public sealed record TriangularDistribution : Distribution
{
    /// <summary>Creates a triangular distribution.</summary>
    public TriangularDistribution(double min, double mode, double max)
    {
        Guard.Ordered(min, mode, max);
        if (!(min < max))
        {
            throw new ArgumentException($"min ({min}) must be below max ({max}).", nameof(min));
        }

        Lower = min;
        Mode = mode;
        Upper = max;
    }

    /// <summary>The lower bound.</summary>
    public double Lower { get; }

    /// <summary>The most likely value.</summary>
    public double Mode { get; }

    /// <summary>The upper bound.</summary>
    public double Upper { get; }

    /// <inheritdoc/>
    public override double Mean => (Lower + Mode + Upper) / 3;

    /// <inheritdoc/>
    public override double Variance =>
        ((Lower * Lower) + (Mode * Mode) + (Upper * Upper) - (Lower * Mode) - (Lower * Upper) - (Mode * Upper)) / 18;

    /// <inheritdoc/>
    public override double Minimum => Lower;

    /// <inheritdoc/>
    public override double Maximum => Upper;

    /// <inheritdoc/>
    public override double Cdf(double x) => x <= Lower ? 0 : x >= Upper ? 1 : MathNet.Numerics.Distributions.Triangular.CDF(Lower, Upper, Mode, x);

    /// <inheritdoc/>
    public override double InverseCdf(double p) => MathNet.Numerics.Distributions.Triangular.InvCDF(Lower, Upper, Mode, p);
}

/// <summary>A beta distribution with shapes alpha and beta scaled to [min, max] (PERT is one).</summary>
public sealed record ScaledBetaDistribution : Distribution
{
    /// <summary>Creates a scaled beta distribution.</summary>
    public ScaledBetaDistribution(double alpha, double beta, double min, double max)
    {
        Guard.Positive(alpha, nameof(alpha));
        Guard.Positive(beta, nameof(beta));
        Guard.Ordered(min, min, max);
        if (!(min < max))
        {
            throw new ArgumentException($"min ({min}) must be below max ({max}).", nameof(min));
        }

        Alpha = alpha;
        BetaShape = beta;
        Lower = min;
        Upper = max;
    }

    /// <summary>The first shape parameter.</summary>
    public double Alpha { get; }

    /// <summary>The second shape parameter.</summary>
    public double BetaShape { get; }

    /// <summary>The lower bound.</summary>
    public double Lower { get; }

    /// <summary>The upper bound.</summary>
    public double Upper { get; }

    /// <inheritdoc/>
    public override double Mean => Lower + ((Upper - Lower) * Alpha / (Alpha + BetaShape));

    /// <inheritdoc/>
    public override double Variance
    {
        get
        {
            double s = Alpha + BetaShape;
            return (Upper - Lower) * (Upper - Lower) * Alpha * BetaShape / (s * s * (s + 1));
        }
    }

    /// <inheritdoc/>
    public override double Minimum => Lower;

    /// <inheritdoc/>
    public override double Maximum => Upper;

    /// <inheritdoc/>
    public override double Cdf(double x) =>
        x <= Lower ? 0 : x >= Upper ? 1 : MathNet.Numerics.Distributions.Beta.CDF(Alpha, BetaShape, (x - Lower) / (Upper - Lower));

    /// <inheritdoc/>
    public override double InverseCdf(double p) =>
        Lower + ((Upper - Lower) * MathNet.Numerics.Distributions.Beta.InvCDF(Alpha, BetaShape, p));
}

/// <summary>A Poisson count by its mean.</summary>
public sealed record PoissonDistribution : Distribution
{
    /// <summary>Creates a Poisson distribution.</summary>
    public PoissonDistribution(double mean)
    {
        Guard.NonNegative(mean, nameof(mean));
        if (mean > 1e6)
        {
            throw new ArgumentOutOfRangeException(nameof(mean), mean, "A Poisson mean above 1,000,000 is not supported.");
        }

        Rate = mean;
    }

    /// <summary>The mean count.</summary>
    public double Rate { get; }

    /// <inheritdoc/>
    public override double Mean => Rate;

    /// <inheritdoc/>
    public override double Variance => Rate;

    /// <inheritdoc/>
    public override double Minimum => 0;

    /// <inheritdoc/>
    public override double Maximum => Rate == 0 ? 0 : double.PositiveInfinity;

    /// <inheritdoc/>
    /// <remarks>
    /// Below a mean of 200 this sums the probability mass function exactly as
    /// <see cref="PoissonQuantile(double, double)"/> does, so <c>InverseCdf(Cdf(k)) == k</c> holds to the
    /// last bit (MathNet's regularised-gamma CDF can differ from the sum in the last place).
    /// </remarks>
    public override double Cdf(double x)
    {
        if (x < 0)
        {
            return 0;
        }

        if (Rate == 0)
        {
            return 1;
        }

        if (Rate >= 200)
        {
            return MathNet.Numerics.Distributions.Poisson.CDF(Rate, Math.Floor(x));
        }

        double term = DetMath.Exp(-Rate);
        double cdf = term;
        for (int k = 1; k <= x; k++)
        {
            term *= Rate * (1.0 / k);
            double next = cdf + term;
            if (next == cdf && k > Rate)
            {
                break;
            }

            cdf = next;
        }

        return cdf;
    }

    /// <inheritdoc/>
    public override double InverseCdf(double p) => PoissonQuantile(Rate, p);

    /// <summary>
    /// The smallest k with P(N ≤ k) ≥ p for N ~ Poisson(mean): exact summation of the probability
    /// mass function, monotone in both p and the mean.
    /// </summary>
    public static int PoissonQuantile(double mean, double p)
    {
        if (mean <= 0 || p <= 0)
        {
            return 0;
        }

        if (mean < 200)
        {
            // Past the mode the summed CDF can saturate just below 1 (rounding), so a p closer to 1 than
            // the sum's last bits would never be reached: stop once a term no longer changes the sum.
            double term = DetMath.Exp(-mean);
            double cdf = term;
            int k = 0;
            while (cdf < p)
            {
                k++;
                term *= mean * (1.0 / k); // (the reciprocal is one per step for all eight lanes of the batch kernel)
                double next = cdf + term;
                if (next == cdf && k > mean)
                {
                    break;
                }

                cdf = next;
            }

            return k;
        }

        // Large means: start near the normal approximation and walk with the exact CDF.
        int guess = Math.Max(0, (int)Math.Floor(mean + (Math.Sqrt(mean) * MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, Math.Clamp(p, 1e-300, 1 - 1e-16)))));
        while (guess > 0 && MathNet.Numerics.Distributions.Poisson.CDF(mean, guess - 1) >= p)
        {
            guess--;
        }

        while (MathNet.Numerics.Distributions.Poisson.CDF(mean, guess) < p)
        {
            guess++;
        }

        return guess;
    }
}

/// <summary>1 with a probability, else 0.</summary>
public sealed record BernoulliDistribution : Distribution
{
    /// <summary>Creates a Bernoulli distribution.</summary>
    public BernoulliDistribution(double probability)
    {
        Guard.Probability(probability, nameof(probability));
        Probability = probability;
    }

    /// <summary>The probability of 1.</summary>
    public double Probability { get; }

    /// <inheritdoc/>
    public override double Mean => Probability;

    /// <inheritdoc/>
    public override double Variance => Probability * (1 - Probability);

    /// <inheritdoc/>
    public override double Minimum => Probability == 1 ? 1 : 0;

    /// <inheritdoc/>
    public override double Maximum => Probability == 0 ? 0 : 1;

    /// <inheritdoc/>
    public override double Cdf(double x) => x < 0 ? 0 : x < 1 ? 1 - Probability : 1;

    /// <inheritdoc/>
    public override double InverseCdf(double p) => p > 1 - Probability ? 1 : 0;
}

/// <summary>One of several values, with probabilities proportional to weights.</summary>
public sealed record DiscreteDistribution : Distribution
{
    private readonly ImmutableArray<double> sortedValues;
    private readonly ImmutableArray<double> cumulative;

    /// <summary>Creates a discrete distribution.</summary>
    public DiscreteDistribution(ImmutableArray<double> values, ImmutableArray<double> weights)
    {
        if (values.IsDefaultOrEmpty || values.Length != weights.Length)
        {
            throw new ArgumentException("A discrete distribution needs as many weights as values, and at least one.", nameof(values));
        }

        foreach (double v in values)
        {
            Guard.Finite(v, nameof(values));
        }

        foreach (double w in weights)
        {
            Guard.NonNegative(w, nameof(weights));
        }

        double total = weights.Sum();
        if (!(total > 0))
        {
            throw new ArgumentException("The weights of a discrete distribution must not all be zero.", nameof(weights));
        }

        Values = values;
        Weights = weights;
        // Cumulate the raw weights in sorted order and divide by that same sum, so the last cumulative
        // probability is exactly 1 (summing w/total drifts by rounding: Cdf(Maximum) could fall short of
        // 1 and a value of weight zero at the top could be drawn for p close to 1).
        var order = Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ToArray();
        sortedValues = order.Select(i => values[i]).ToImmutableArray();
        var partial = new double[order.Length];
        double running = 0;
        for (int i = 0; i < order.Length; i++)
        {
            running += weights[order[i]];
            partial[i] = running;
        }

        cumulative = partial.Select(c => c / running).ToImmutableArray();
    }

    /// <summary>The values in declared order.</summary>
    public ImmutableArray<double> Values { get; }

    /// <summary>The weights in declared order.</summary>
    public ImmutableArray<double> Weights { get; }

    /// <inheritdoc/>
    public override double Mean => Enumerable.Range(0, Values.Length).Sum(i => Values[i] * Weights[i]) / Weights.Sum();

    /// <inheritdoc/>
    public override double Variance
    {
        get
        {
            double m = Mean;
            return Enumerable.Range(0, Values.Length).Sum(i => (Values[i] - m) * (Values[i] - m) * Weights[i]) / Weights.Sum();
        }
    }

    /// <inheritdoc/>
    public override double Minimum => sortedValues[0];

    /// <inheritdoc/>
    public override double Maximum => sortedValues[^1];

    /// <inheritdoc/>
    public override double Cdf(double x)
    {
        double c = 0;
        for (int i = 0; i < sortedValues.Length && sortedValues[i] <= x; i++)
        {
            c = cumulative[i];
        }

        return c;
    }

    /// <inheritdoc/>
    public override double InverseCdf(double p)
    {
        for (int i = 0; i < sortedValues.Length; i++)
        {
            if (cumulative[i] >= p)
            {
                return sortedValues[i];
            }
        }

        return sortedValues[^1];
    }

    /// <inheritdoc/>
    public bool Equals(DiscreteDistribution? other) =>
        other is not null && Values.SequenceEqual(other.Values) && Weights.SequenceEqual(other.Weights);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Values.Length, Values.FirstOrDefault(), Weights.FirstOrDefault());
}

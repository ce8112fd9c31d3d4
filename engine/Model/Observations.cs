using System.Collections.Immutable;

namespace Simulation.Engine.Model;

/// <summary>What an observed quantity adds up: a weighted sum of cluster values, or a count of clusters at least a value.</summary>
public enum ObservedForm
{
    /// <summary>Σ wᵢ Vᵢ over the clusters (one cluster, a total, or value added as Σ Vᵢ × ratioᵢ).</summary>
    Sum,

    /// <summary>The number of clusters with wᵢ Vᵢ ≥ the count's value.</summary>
    Count,
}

/// <summary>
/// A quantity the model computes on one path in one year from its cluster values, so that it can be
/// set beside a published figure: Σ wᵢ Vᵢ over <see cref="ClusterIndices"/>, or the number of them
/// with wᵢ Vᵢ ≥ <see cref="CountValue"/>. The weights convert the dataset's measure into the
/// observation's (1 when they agree; a cluster's value-added ratio for value added observed of a
/// dataset in output or scale). See docs/model.md §12.
/// </summary>
public sealed record ObservedQuantity
{
    /// <summary>Creates a quantity, checking that it has clusters, one finite positive weight each, and (for a count) a finite value.</summary>
    public ObservedQuantity(ObservedForm form, ImmutableArray<int> clusterIndices, ImmutableArray<double> weights, double countValue = 0)
    {
        if (clusterIndices.IsDefaultOrEmpty || weights.IsDefault || weights.Length != clusterIndices.Length)
        {
            throw new ArgumentException("an observed quantity needs at least one cluster and one weight per cluster", nameof(clusterIndices));
        }

        foreach (double w in weights)
        {
            Guard.Positive(w, nameof(weights));
        }

        Guard.Finite(countValue, nameof(countValue));
        Form = form;
        ClusterIndices = clusterIndices;
        Weights = weights;
        CountValue = countValue;
    }

    /// <summary>Sum or count.</summary>
    public ObservedForm Form { get; }

    /// <summary>The clusters, as indices into the dataset's clusters.</summary>
    public ImmutableArray<int> ClusterIndices { get; }

    /// <summary>Each cluster's weight, converting its value into the observation's measure.</summary>
    public ImmutableArray<double> Weights { get; }

    /// <summary>For a count, the value a cluster must reach (in the observation's measure).</summary>
    public double CountValue { get; }

    /// <summary>The quantity on one path: <paramref name="values"/> indexed like the dataset's clusters.</summary>
    public double Evaluate(ReadOnlySpan<double> values)
    {
        double s = 0;
        for (int k = 0; k < ClusterIndices.Length; k++)
        {
            double v = Weights[k] * values[ClusterIndices[k]];
            s += Form == ObservedForm.Sum ? v : v >= CountValue ? 1 : 0;
        }

        return s;
    }
}

/// <summary>
/// A published figure for a year: a value (<see cref="Value"/>) or an interval (<see cref="AtLeast"/>,
/// <see cref="AtMost"/>, or both) for "above 8,000亿"-style facts. Observations at or before the
/// dataset's base year describe history; later ones are out of sample, the ones a backtest scores.
/// </summary>
/// <param name="Id">Identifier.</param>
/// <param name="Name">Readable name.</param>
/// <param name="Year">The year observed.</param>
/// <param name="Quantity">What the model computes to compare with it.</param>
/// <param name="Measure">The observation's measure (value added, scale, …), as written.</param>
/// <param name="Source">Where the figure was published.</param>
/// <param name="Confidence">The source's grade (A, B, C, S, D, E).</param>
/// <param name="Note">Caveats, e.g. a measurement break.</param>
public sealed record Observation(string Id, string Name, int Year, ObservedQuantity Quantity, string Measure, string Source, string Confidence, string Note)
{
    /// <summary>The value observed, for a point fact.</summary>
    public double? Value { get; init; }

    /// <summary>The lower end of an interval fact (inclusive), when it has one.</summary>
    public double? AtLeast { get; init; }

    /// <summary>The upper end of an interval fact (inclusive), when it has one.</summary>
    public double? AtMost { get; init; }

    /// <summary>True for an interval fact, false for a point.</summary>
    public bool IsInterval => Value is null;

    /// <summary>Checks that it is a point or an interval with ordered, finite ends; throws otherwise.</summary>
    public Observation Validated()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Id);
        ArgumentNullException.ThrowIfNull(Quantity);
        if (Value is { } v)
        {
            Guard.Finite(v, nameof(Value));
            if (AtLeast is not null || AtMost is not null)
            {
                throw new ArgumentException("an observation is a value or an interval, not both", nameof(Value));
            }
        }
        else if (AtLeast is null && AtMost is null)
        {
            throw new ArgumentException("an observation needs a value, or at least one end of an interval", nameof(Value));
        }

        if (AtLeast is { } a)
        {
            Guard.Finite(a, nameof(AtLeast));
        }

        if (AtMost is { } b)
        {
            Guard.Finite(b, nameof(AtMost));
        }

        if (AtLeast is { } lo && AtMost is { } hi && !(lo < hi))
        {
            throw new ArgumentOutOfRangeException(nameof(AtMost), $"an interval's ends are reversed or equal ({lo} to {hi})");
        }

        return this;
    }
}

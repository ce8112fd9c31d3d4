using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.Intrinsics;

namespace Simulation.Engine.Model;

/// <summary>A condition on the cluster values of one path in one year.</summary>
public abstract record TargetCondition
{
    private protected TargetCondition()
    {
    }

    /// <summary>Whether the condition holds for these values (indexed like the dataset's clusters).</summary>
    public abstract bool IsMet(ReadOnlySpan<double> values);

    /// <summary>
    /// <see cref="IsMet(ReadOnlySpan{double})"/> for eight paths at once: <paramref name="values"/>[c]
    /// holds cluster c's values, lane l path l's; a lane of the result is all ones where it holds.
    /// Each lane computes exactly what the scalar form computes.
    /// </summary>
    internal abstract Vector512<double> IsMet(ReadOnlySpan<Vector512<double>> values);

    /// <summary>
    /// The condition in words independent of cluster order: cluster ids from <paramref name="dataset"/>
    /// (sorted where order does not matter), values to the last bit. Equal keys, equal conditions.
    /// </summary>
    internal abstract string Key(Dataset dataset);

    /// <summary>
    /// The condition's simple parts, at any depth: itself for a cluster, count or total condition; the
    /// parts of each condition an <see cref="AllOf"/> or <see cref="AnyOf"/> joins.
    /// </summary>
    public IEnumerable<TargetCondition> Parts() => this switch
    {
        AllOf all => all.Conditions.SelectMany(c => c.Parts()),
        AnyOf any => any.Conditions.SelectMany(c => c.Parts()),
        _ => [this],
    };

    private protected static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private protected static string Ids(Dataset dataset, ImmutableArray<int> indices) =>
        string.Join(",", indices.Select(i => dataset.Clusters[i].Id).Order(StringComparer.Ordinal));
}

/// <summary>One cluster at least a value.</summary>
public sealed record ClusterAtLeast(int ClusterIndex, double Value) : TargetCondition
{
    /// <inheritdoc/>
    public override bool IsMet(ReadOnlySpan<double> values) => values[ClusterIndex] >= Value;

    internal override Vector512<double> IsMet(ReadOnlySpan<Vector512<double>> values) =>
        Vector512.GreaterThanOrEqual(values[ClusterIndex], Vector512.Create(Value));

    /// <inheritdoc/>
    internal override string Key(Dataset dataset) => $"cluster({dataset.Clusters[ClusterIndex].Id},{Number(Value)})";
}

/// <summary>At least <see cref="AtLeast"/> of the clusters at least <see cref="Value"/>.</summary>
public sealed record CountAtLeast(int AtLeast, double Value, ImmutableArray<int> ClusterIndices) : TargetCondition
{
    /// <inheritdoc/>
    public override bool IsMet(ReadOnlySpan<double> values)
    {
        int n = 0;
        foreach (int i in ClusterIndices)
        {
            if (values[i] >= Value)
            {
                n++;
            }
        }

        return n >= AtLeast;
    }

    internal override Vector512<double> IsMet(ReadOnlySpan<Vector512<double>> values)
    {
        var n = Vector512<double>.Zero;
        var value = Vector512.Create(Value);
        foreach (int i in ClusterIndices)
        {
            n += Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(values[i], value), Vector512<double>.One, Vector512<double>.Zero);
        }

        return Vector512.GreaterThanOrEqual(n, Vector512.Create((double)AtLeast));
    }

    /// <inheritdoc/>
    internal override string Key(Dataset dataset) => $"count({AtLeast},{Number(Value)},[{Ids(dataset, ClusterIndices)}])";
}

/// <summary>The sum over the clusters at least <see cref="Value"/>.</summary>
public sealed record TotalAtLeast(double Value, ImmutableArray<int> ClusterIndices) : TargetCondition
{
    /// <inheritdoc/>
    public override bool IsMet(ReadOnlySpan<double> values)
    {
        double s = 0;
        foreach (int i in ClusterIndices)
        {
            s += values[i];
        }

        return s >= Value;
    }

    internal override Vector512<double> IsMet(ReadOnlySpan<Vector512<double>> values)
    {
        var s = Vector512<double>.Zero;
        foreach (int i in ClusterIndices)
        {
            s += values[i];
        }

        return Vector512.GreaterThanOrEqual(s, Vector512.Create(Value));
    }

    /// <inheritdoc/>
    internal override string Key(Dataset dataset) => $"total({Number(Value)},[{Ids(dataset, ClusterIndices)}])";
}

/// <summary>Every condition holds.</summary>
public sealed record AllOf(ImmutableArray<TargetCondition> Conditions) : TargetCondition
{
    /// <inheritdoc/>
    public override bool IsMet(ReadOnlySpan<double> values)
    {
        foreach (var c in Conditions)
        {
            if (!c.IsMet(values))
            {
                return false;
            }
        }

        return true;
    }

    internal override Vector512<double> IsMet(ReadOnlySpan<Vector512<double>> values)
    {
        var met = Vector512<double>.AllBitsSet;
        foreach (var c in Conditions)
        {
            met &= c.IsMet(values);
        }

        return met;
    }

    /// <inheritdoc/>
    internal override string Key(Dataset dataset) => $"all({string.Join(";", Conditions.Select(c => c.Key(dataset)))})";
}

/// <summary>At least one condition holds.</summary>
public sealed record AnyOf(ImmutableArray<TargetCondition> Conditions) : TargetCondition
{
    /// <inheritdoc/>
    public override bool IsMet(ReadOnlySpan<double> values)
    {
        foreach (var c in Conditions)
        {
            if (c.IsMet(values))
            {
                return true;
            }
        }

        return false;
    }

    internal override Vector512<double> IsMet(ReadOnlySpan<Vector512<double>> values)
    {
        var met = Vector512<double>.Zero;
        foreach (var c in Conditions)
        {
            met |= c.IsMet(values);
        }

        return met;
    }

    /// <inheritdoc/>
    internal override string Key(Dataset dataset) => $"any({string.Join(";", Conditions.Select(c => c.Key(dataset)))})";
}

/// <summary>A goal evaluated on each path at <see cref="Year"/>, reported as a probability.</summary>
public sealed record Target(string Id, string Name, int Year, TargetCondition Condition)
{
    /// <summary>
    /// True when <paramref name="other"/> (of a scenario on <paramref name="otherDataset"/>) is the same
    /// goal as this target (of a scenario on <paramref name="dataset"/>): the same id, year and
    /// condition, clusters compared by id (names may differ). Only the same goal in two scenarios
    /// has a paired difference.
    /// </summary>
    public bool IsSameGoal(Dataset dataset, Target other, Dataset otherDataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(other);
        ArgumentNullException.ThrowIfNull(otherDataset);
        return Id == other.Id && Year == other.Year && Condition.Key(dataset) == other.Condition.Key(otherDataset);
    }
}

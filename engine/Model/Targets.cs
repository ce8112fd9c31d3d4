using System.Collections.Immutable;

namespace Simulation.Engine.Model;

/// <summary>A condition on the cluster values of one path in one year.</summary>
public abstract record TargetCondition
{
    private protected TargetCondition()
    {
    }

    /// <summary>Whether the condition holds for these values (indexed like the dataset's clusters).</summary>
    public abstract bool IsMet(ReadOnlySpan<double> values);
}

/// <summary>One cluster at least a value.</summary>
public sealed record ClusterAtLeast(int ClusterIndex, double Value) : TargetCondition
{
    /// <inheritdoc/>
    public override bool IsMet(ReadOnlySpan<double> values) => values[ClusterIndex] >= Value;
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
}

/// <summary>A goal evaluated on each path at <see cref="Year"/>, reported as a probability.</summary>
public sealed record Target(string Id, string Name, int Year, TargetCondition Condition);

using System.Runtime.Intrinsics;
using Simulation.Engine.Model;

namespace Simulation.Engine.Tests;

/// <summary>The eight-lane form of each target condition agrees with the scalar form, lane by lane.</summary>
public class TargetConditionTests
{
    public static TheoryData<string, TargetCondition> Conditions() => new()
    {
        { "cluster", new ClusterAtLeast(2, 100) },
        { "count", new CountAtLeast(3, 100, [0, 1, 2, 3, 4]) },
        { "total", new TotalAtLeast(450, [0, 2, 4]) },
        { "all", new AllOf([new CountAtLeast(2, 120, [0, 1, 2, 3, 4]), new CountAtLeast(4, 80, [0, 1, 2, 3, 4])]) },
        { "any", new AnyOf([new ClusterAtLeast(0, 150), new TotalAtLeast(600, [1, 3])]) },
        { "nested", new AnyOf([new AllOf([new ClusterAtLeast(1, 90), new ClusterAtLeast(3, 90)]), new CountAtLeast(5, 60, [0, 1, 2, 3, 4])]) },
    };

    [Theory]
    [MemberData(nameof(Conditions))]
    public void IsMet_EightLanes_EqualsScalarLaneByLane(string name, TargetCondition condition)
    {
        // Values around every threshold, exact ties included, over many draws.
        var random = new Random(11);
        double[] grid = [0, 59.5, 60, 80, 90, 100, 100.5, 120, 150, 200, 300];
        for (int draw = 0; draw < 500; draw++)
        {
            var lanes = new double[8][];
            var columns = new Vector512<double>[5];
            for (int l = 0; l < 8; l++)
            {
                lanes[l] = Enumerable.Range(0, 5).Select(_ => draw % 2 == 0 ? grid[random.Next(grid.Length)] : random.NextDouble() * 250).ToArray();
            }

            for (int c = 0; c < 5; c++)
            {
                columns[c] = Vector512.Create(Enumerable.Range(0, 8).Select(l => lanes[l][c]).ToArray());
            }

            uint met = (uint)condition.IsMet(columns).ExtractMostSignificantBits();
            for (int l = 0; l < 8; l++)
            {
                Assert.True(condition.IsMet(lanes[l]) == (((met >> l) & 1) != 0), $"{name}, draw {draw}, lane {l}");
            }
        }
    }

    [Fact]
    public void Equals_SameNumbersAndClustersFromOtherArrays_EqualElseNot()
    {
        // Records compare arrays by reference; a goal loaded twice must still be the same goal.
        TargetCondition Build(double value, int[] clusters) =>
            new AnyOf([new AllOf([new CountAtLeast(2, value, [.. clusters]), new ClusterAtLeast(0, 1)]), new TotalAtLeast(value, [.. clusters])]);

        var a = Build(100, [0, 1, 2]);
        Assert.Equal(a, Build(100, [0, 1, 2]));
        Assert.Equal(a.GetHashCode(), Build(100, [0, 1, 2]).GetHashCode());
        Assert.NotEqual(a, Build(101, [0, 1, 2]));
        Assert.NotEqual(a, Build(100, [0, 2, 1]));
        Assert.NotEqual(a, Build(100, [0, 1]));
        Assert.NotEqual<TargetCondition>(new TotalAtLeast(5, [0]), new CountAtLeast(1, 5, [0]));
        Assert.True(new Target("t", "one name", 2025, a).IsSameGoal(new Target("t", "another", 2025, Build(100, [0, 1, 2]))));
        Assert.False(new Target("t", "t", 2025, a).IsSameGoal(new Target("t", "t", 2030, a)));
        Assert.False(new Target("t", "t", 2025, a).IsSameGoal(new Target("u", "t", 2025, a)));
    }
}

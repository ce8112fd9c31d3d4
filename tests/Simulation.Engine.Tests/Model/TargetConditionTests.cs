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
    public void IsSameGoal_ComparesClustersByIdAndValuesExactly()
    {
        // A goal loaded twice, or in a scenario that dropped a cluster (its indices shift), is the same
        // goal; count and total do not depend on the order of their clusters.
        var abc = TestScenarios.Dataset([TestScenarios.Cluster("a"), TestScenarios.Cluster("b"), TestScenarios.Cluster("c")]);
        var bc = TestScenarios.Dataset([TestScenarios.Cluster("b"), TestScenarios.Cluster("c")]);
        Target Goal(TargetCondition inner, int year = 2025) =>
            new("t", "t", year, new AnyOf([new AllOf([inner, new ClusterAtLeast(1, 1)]), new TotalAtLeast(100, [1, 2])]));

        var inAbc = Goal(new CountAtLeast(2, 100, [1, 2]));
        Assert.True(inAbc.IsSameGoal(abc, Goal(new CountAtLeast(2, 100, [1, 2])), abc));
        Assert.True(inAbc.IsSameGoal(abc, Goal(new CountAtLeast(2, 100, [2, 1])), abc));
        Assert.True(new Target("t", "one name", 2025, new ClusterAtLeast(2, 5)).IsSameGoal(abc, new Target("t", "another", 2025, new ClusterAtLeast(1, 5)), bc));
        Assert.False(new Target("t", "t", 2025, new ClusterAtLeast(1, 5)).IsSameGoal(abc, new Target("t", "t", 2025, new ClusterAtLeast(1, 5)), bc));
        Assert.False(inAbc.IsSameGoal(abc, Goal(new CountAtLeast(2, 100.5, [1, 2])), abc));
        Assert.False(inAbc.IsSameGoal(abc, Goal(new CountAtLeast(1, 100, [1, 2])), abc));
        Assert.False(inAbc.IsSameGoal(abc, Goal(new CountAtLeast(2, 100, [0, 2])), abc));
        Assert.False(inAbc.IsSameGoal(abc, Goal(new CountAtLeast(2, 100, [1, 2]), 2030), abc));
        Assert.False(new Target("t", "t", 2025, new TotalAtLeast(5, [0])).IsSameGoal(abc, new Target("t", "t", 2025, new CountAtLeast(1, 5, [0])), abc));
        Assert.False(new Target("t", "t", 2025, new TotalAtLeast(5, [0])).IsSameGoal(abc, new Target("u", "t", 2025, new TotalAtLeast(5, [0])), abc));
    }
}

using System.Collections.Immutable;
using Simulation.Engine.Model;
using Simulation.Runner.Loading;

namespace Simulation.Runner.Tests.Loading;

/// <summary>One target id, one goal: which definitions conflict, and what the message says differs.</summary>
public sealed class TargetGoalsTests
{
    private static Scenario With(string id, params Target[] targets)
    {
        var scenario = new ScenarioLoader().Load(TestPaths.Data("tiny-study.yaml")).Study!.Scenarios[0].Scenario;
        return scenario with { Id = id, Targets = [.. targets] };
    }

    private static Target T(TargetCondition condition, int year = 2030, string name = "t") => new("t", name, year, condition);

    [Theory]
    [InlineData("form", "its form (`count` here, `total` there)")]
    [InlineData("at-least", "its `at-least` (2 here, 1 there)")]
    [InlineData("clusters", "its clusters")]
    [InlineData("value", "its value (12000 here, 10000 there)")]
    public void Message_SaysWhatDiffers(string change, string expected)
    {
        var baseline = T(change == "form" ? new TotalAtLeast(10000, [0, 1]) : new CountAtLeast(1, 10000, [0, 1]));
        var other = T(change switch
        {
            "form" or "clusters" => new CountAtLeast(1, 10000, change == "form" ? [0, 1] : [0]),
            "at-least" => new CountAtLeast(2, 10000, [0, 1]),
            _ => new CountAtLeast(1, 12000, [0, 1]),
        });
        var scenarios = new[] { With("base", baseline), With("other", other) };

        var conflict = Assert.Single(TargetGoals.Conflicts(scenarios, 0));

        Assert.Equal(new TargetGoals.Conflict(1, "t", 0), conflict);
        Assert.Contains($"of that id in {expected}: ", TargetGoals.Message(conflict, scenarios), StringComparison.Ordinal);
    }

    [Fact]
    public void Conflicts_SameGoalOtherName_None_AndTheBaselineIsTheReference()
    {
        var goal = new TotalAtLeast(10000, ImmutableArray.Create(0, 1));
        Assert.Empty(TargetGoals.Conflicts([With("a", T(goal)), With("b", T(new TotalAtLeast(10000, [0, 1]), name: "renamed"))], 0));

        // With the baseline second, the first scenario is the one said to differ.
        var conflict = Assert.Single(TargetGoals.Conflicts([With("a", T(goal, 2029)), With("b", T(goal))], 1));
        Assert.Equal(new TargetGoals.Conflict(0, "t", 1), conflict);
    }
}

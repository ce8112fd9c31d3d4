using Simulation.Engine.Analysis;
using Simulation.Engine.Model;
using Simulation.Runner.Loading;

namespace Simulation.Runner.Tests.Loading;

public sealed class ScenarioLoaderTests
{
    private static LoadResult Load(string name)
    {
        var result = ScenarioLoader.LoadFile(TestPaths.Data(name));
        Assert.True(result.IsValid, string.Join("\n", result.Diagnostics));
        return result;
    }

    [Fact]
    public void Load_ShenzhenDataset_MapsItsObservations_ConvertingValueAddedWithEachClustersRatio()
    {
        var result = ScenarioLoader.LoadFile(Path.Combine(TestPaths.RepositoryRoot, "scenarios", "data", "shenzhen-2023.yaml"));
        Assert.True(result.IsValid, string.Join("\n", result.Diagnostics));
        var d = result.Dataset!;
        var total = d.Observations.Single(o => o.Id == "sei-value-added-2025");
        Assert.Equal((2025, 16700.0, "value-added", ObservedForm.Sum, 20), (total.Year, total.Value!.Value, total.Measure, total.Quantity.Form, total.Quantity.ClusterIndices.Length));
        Assert.Equal(total.Quantity.ClusterIndices.Select(i => d.Clusters[i].ValueAddedRatio!.Value).ToArray(), total.Quantity.Weights.ToArray());

        // The base year's value added from the dataset's base values reproduces the official 2023 total (14,489.67亿) to 0.1%.
        var history = d.Observations.Single(o => o.Year == d.BaseYear);
        Assert.InRange(history.Quantity.Evaluate(d.Clusters.Select(c => c.BaseValue).ToArray()) / history.Value!.Value, 0.999, 1.001);

        var icv = d.Observations.Single(o => o.Id == "intelligent-connected-vehicles-2025");
        Assert.Equal((8000.0, 10000.0, true), (icv.AtLeast!.Value, icv.AtMost!.Value, icv.IsInterval));
        Assert.Equal([1.0], icv.Quantity.Weights.ToArray());
        var count = d.Observations.Single(o => o.Id == "clusters-above-trillion-2025");
        Assert.Equal((ObservedForm.Count, 10000.0, 1.0), (count.Quantity.Form, count.Quantity.CountValue, count.Value!.Value));
    }

    [Fact]
    public void Load_TinyDataset_MapsClustersCorrelationAndEvents()
    {
        var d = Load("tiny-dataset.yaml").Dataset!;

        Assert.Equal("tiny", d.Id);
        Assert.Equal(2023, d.BaseYear);
        Assert.Equal(new ValueUnit("CNY", 100000000, "CNY 100 million (亿元)"), d.Unit);
        Assert.Equal("scale", d.Measure);
        Assert.Equal("nominal", d.PriceBasis);
        Assert.Equal(["alpha", "beta", "gamma"], d.Clusters.Select(c => c.Id));
        var alpha = d.Clusters[0];
        Assert.Equal("甲", alpha.NameZh);
        Assert.Equal(RateKind.Arithmetic, alpha.RateKind);
        var trend = Assert.IsType<TruncatedNormalDistribution>(alpha.Trend);
        Assert.Equal((0.05, 0.02, -0.5, 0.6), (trend.Location, trend.Sd, trend.Lower, trend.Upper));
        Assert.Equal(Distribution.Fixed(0.04), d.Clusters[1].Trend);
        Assert.Equal(20000, d.Clusters[1].Ceiling);
        Assert.Equal(Distribution.Uniform(-0.02, 0.01), d.Clusters[2].Trend);
        Assert.Equal(0.2, d.Correlation.Default);
        Assert.Equal([new GroupCorrelation("electronic-information", 0.6)], d.Correlation.WithinGroup.ToArray());
        Assert.Equal([new PairCorrelation("alpha", "gamma", 0.1)], d.Correlation.Pairs.ToArray());
        var slump = Assert.Single(d.Events);
        Assert.Equal((0.05, 2024, 2035, 2), (slump.AnnualProbability, slump.FirstYear, slump.LastYear, slump.Duration));
        Assert.Equal(["alpha", "beta"], slump.Clusters.ToArray());
        Assert.Equal(Distribution.Uniform(-0.15, -0.05), slump.LevelShock);
        Assert.Equal(Distribution.Normal(-0.03, 0.01), slump.GrowthShift);
    }

    [Fact]
    public void Load_ScenarioExtendingDataset_DeepMergesAndNullRemoves()
    {
        var loaded = Load("tiny-baseline.yaml").Scenario!;
        var s = loaded.Scenario;

        Assert.Equal("baseline", s.Id);
        Assert.Equal("tiny", s.Dataset.Id);
        Assert.Equal(600, s.Dataset.Clusters[2].BaseValue);          // one field overridden ...
        Assert.Equal("Gamma", s.Dataset.Clusters[2].NameEn);         // ... the rest inherited
        Assert.Empty(s.Dataset.Events);                              // `slump: null` removed it
        Assert.Equal(2030, s.Horizon);
        Assert.Equal([2025, 2030], s.Milestones.ToArray());
        Assert.Equal([5000.0, 10000.0], s.Thresholds.ToArray());
        Assert.Equal(new RunOptions(2000, 7), loaded.Options);
    }

    [Fact]
    public void Load_Scenario_MapsLevers()
    {
        var levers = Load("tiny-baseline.yaml").Scenario!.Scenario.Levers;

        var subsidy = levers.Subsidy!;
        Assert.Equal((2024, 2027), (subsidy.StartYear, subsidy.EndYear));
        Assert.Equal([(2024, 20.0), (2026, 30.0)], subsidy.AnnualBudget.Steps.ToArray());
        Assert.Equal(20, subsidy.AnnualBudget.ValueAt(2025));
        Assert.Equal((0.10, 1.0, 5.0, 60.0, 3), (subsidy.ReimbursementRate, subsidy.CapPerProject, subsidy.InvestmentThreshold, subsidy.ProjectsPerYear, subsidy.RampYears));
        Assert.Equal(["alpha", "beta", "gamma"], subsidy.Clusters.Select(c => c.ClusterId));
        Assert.All(subsidy.Clusters, c => Assert.Equal(1, c.Weight));
        Assert.Equal(Distribution.LogNormalByValue(12, 10), subsidy.ProjectInvestment);
        Assert.Equal(Distribution.Pert(1, 3, 6), subsidy.InducedInvestmentPerSubsidy);
        Assert.Equal(Distribution.Triangular(0.8, 1.2, 2.0), subsidy.OutputPerInvestment);

        Assert.Equal(1, levers.ParkDelayYears);
        var park = Assert.Single(levers.Parks);
        Assert.Equal("north", park.Id);
        Assert.Equal([new ClusterWeight("alpha", 0.5), new ClusterWeight("beta", 0.5)], park.Serves.ToArray());
        Assert.Equal(Distribution.LogNormalByLog(5, 0.4), park.OutputDensity);
        Assert.Equal(Distribution.ScaledBeta(2, 3, 0, 1), park.Displacement);
        Assert.Equal(0.1, park.CancellationProbability);

        var revival = Assert.Single(levers.Revivals);
        Assert.Equal(("crafts", 2024, 0.5, 3), (revival.Id, revival.StartYear, revival.SuccessProbability, revival.PhaseInYears));
        Assert.Equal(["gamma"], revival.Clusters.ToArray());

        var attraction = levers.Attraction!;
        Assert.Equal([new ClusterWeight("alpha", 2), new ClusterWeight("beta", 1)], attraction.Clusters.ToArray());
        Assert.Equal(Distribution.Discrete([10, 50], [3, 1]), attraction.ProjectSize);
    }

    [Fact]
    public void Load_Scenario_MapsTargetsToClusterIndices()
    {
        var targets = Load("tiny-baseline.yaml").Scenario!.Scenario.Targets;

        Assert.Equal(["alpha-big", "stage-one"], targets.Select(t => t.Id));
        Assert.Equal(new ClusterAtLeast(0, 10000), targets[0].Condition);
        Assert.Equal(2025, targets[1].Year);
        var all = Assert.IsType<AllOf>(targets[1].Condition);
        var count = Assert.IsType<CountAtLeast>(all.Conditions[0]);
        Assert.Equal((1, 5000.0), (count.AtLeast, count.Value));
        Assert.Equal([0, 1, 2], count.ClusterIndices.ToArray());
        var total = Assert.IsType<TotalAtLeast>(all.Conditions[1]);
        Assert.Equal([0, 1], total.ClusterIndices.ToArray());
        Assert.True(all.IsMet([6000, 4000, 100]));
        Assert.False(all.IsMet([6000, 3000, 100]));
    }

    [Fact]
    public void Load_ScenarioExtendingScenario_NullRemovesALever()
    {
        var s = Load("tiny-no-subsidy.yaml").Scenario!.Scenario;

        Assert.Equal("no-subsidy", s.Id);
        Assert.Null(s.Levers.Subsidy);
        Assert.Single(s.Levers.Parks);
        Assert.Equal(2030, s.Horizon);
    }

    [Fact]
    public void Load_ScenarioExtendingScenario_ReplacesAnInheritedDistributionWhole()
    {
        // A distribution is one value: another kind, or the same kind by other parameters, replaces
        // the inherited one instead of being merged into it (two keys, or mean and log-mean side by side).
        var result = LoadBesideTiny(new Dictionary<string, string>
        {
            ["/s/study.yaml"] = """
                kind: scenario
                id: other-forms
                extends: tiny-baseline.yaml
                clusters:
                  alpha:
                    trend: { normal: { mean: 0.05, sd: 0.01 } }
                levers:
                  subsidy:
                    project-investment: { triangular: { min: 5, mode: 8, max: 30 } }
                  parks:
                    sites:
                      north:
                        output-density: { log-normal: { mean: 150, sd: 60 } }
                """,
        });

        Assert.True(result.IsValid, string.Join("\n", result.Diagnostics));
        var s = result.Scenario!.Scenario;
        Assert.Equal(Distribution.Triangular(5, 8, 30), s.Levers.Subsidy!.ProjectInvestment);
        Assert.Equal(Distribution.LogNormalByValue(150, 60), Assert.Single(s.Levers.Parks).OutputDensity);
        Assert.Equal(Distribution.Normal(0.05, 0.01), s.Dataset.Clusters[0].Trend);
        Assert.Equal((8000, "Alpha"), (s.Dataset.Clusters[0].BaseValue, s.Dataset.Clusters[0].NameEn)); // alpha itself still merges
    }

    [Fact]
    public void Load_ScenarioGivingATargetAnotherForm_DropsTheInheritedForm()
    {
        // A target is exactly one of cluster, count, total, all, any: a `total` given over an inherited
        // `cluster` replaces it (name and year still inherited), where a merge would hold both.
        var result = LoadBesideTiny(new Dictionary<string, string>
        {
            ["/s/study.yaml"] = """
                kind: scenario
                id: other-target-form
                extends: tiny-baseline.yaml
                targets:
                  alpha-big:
                    total: { value: 12000, clusters: [alpha, beta] }
                """,
        });

        Assert.True(result.IsValid, string.Join("\n", result.Diagnostics));
        var target = result.Scenario!.Scenario.Targets.Single(t => t.Id == "alpha-big");
        Assert.Equal(("Alpha at least 1 trillion", 2030), (target.Name, target.Year));
        var total = Assert.IsType<TotalAtLeast>(target.Condition);
        Assert.Equal((12000.0, 2), (total.Value, total.ClusterIndices.Length));
    }

    [Fact]
    public void Load_StudyWhoseScenarioRedefinesATarget_NamesTheGoalItDiffersFrom()
    {
        var result = LoadBesideTiny(new Dictionary<string, string>
        {
            ["/s/study.yaml"] = "kind: study\nid: st\nbaseline: baseline\nscenarios: [tiny-baseline.yaml, other.yaml]\n",
            ["/s/other.yaml"] = "kind: scenario\nid: other\nextends: tiny-baseline.yaml\ntargets:\n  alpha-big:\n    year: 2029\n",
        });

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(("/s/other.yaml", 5, 3), (d.File, d.Line, d.Column));
        Assert.StartsWith("target `alpha-big` differs from scenario `baseline`'s target of that id in its year (2029 here, 2030 there): ", d.Message, StringComparison.Ordinal);
        Assert.EndsWith("give this goal an id of its own (where it is inherited, `alpha-big: null` drops the inherited one)", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SweepOfAKeyTheScenarioLeavesToItsDefault_IsAPathThatExists()
    {
        // Only a last key the language does not know is refused at the path; an optional one the
        // scenario omits is set in each variant.
        var result = LoadBesideTiny(new Dictionary<string, string>
        {
            ["/s/study.yaml"] = "kind: study\nid: st\nbaseline: short\nscenarios: [short.yaml]\nsweeps:\n  ramp:\n    scenario: short\n    path: levers.subsidy.ramp-years\n    values: [1, 4]\n",
            ["/s/short.yaml"] = "kind: scenario\nid: short\nextends: tiny-baseline.yaml\nlevers:\n  subsidy:\n    ramp-years: null\n",
        });

        Assert.True(result.IsValid, string.Join("\n", result.Diagnostics));
        Assert.Equal([1, 1, 4], result.Study!.Scenarios.Select(s => s.Scenario.Levers.Subsidy!.RampYears));
    }

    [Fact]
    public void Load_ScenarioGivingATargetTwoForms_StillNamesBoth()
    {
        // Rivals drop only what is inherited: two forms in one file are that file's mistake.
        var result = LoadBesideTiny(new Dictionary<string, string>
        {
            ["/s/study.yaml"] = "kind: scenario\nid: two-forms\nextends: tiny-baseline.yaml\ntargets:\n  alpha-big:\n    total: { value: 1 }\n    count: { at-least: 1, value: 1 }\n",
        });

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal((6, "`alpha-big` needs exactly one of `cluster`, `count`, `total`, `all`, `any`, found `count` and `total`"), (d.Line, d.Message));
    }

    [Fact]
    public void Load_ScenarioWithoutNameOrDescription_DoesNotTakeTheParents()
    {
        // An alternative without a name would otherwise be labelled as its baseline in the report.
        var result = LoadFromMemory(new Dictionary<string, string>
        {
            ["/s/study.yaml"] = "kind: scenario\nid: unnamed\nextends: tiny-baseline.yaml\n",
            ["/s/tiny-baseline.yaml"] = File.ReadAllText(TestPaths.Data("tiny-baseline.yaml")) + "description: The baseline.\n",
            ["/s/tiny-dataset.yaml"] = File.ReadAllText(TestPaths.Data("tiny-dataset.yaml")),
        });

        Assert.True(result.IsValid, string.Join("\n", result.Diagnostics));
        Assert.Equal(("unnamed", ""), (result.Scenario!.Scenario.Name, result.Scenario.Scenario.Description));
    }

    [Fact]
    public void Load_ScenarioChangingOneParameterOfAnInheritedDistribution_MustRestateTheOthers()
    {
        // The README's rule: a distribution is replaced whole, so `sd` alone lacks its `mean`.
        var result = LoadBesideTiny(new Dictionary<string, string>
        {
            ["/s/study.yaml"] = "kind: scenario\nid: sd-only\nextends: tiny-baseline.yaml\nlevers:\n  subsidy:\n    project-investment: { log-normal: { sd: 5 } }\n",
        });

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(6, d.Line);
        Assert.Equal("missing `mean` (a distribution given here replaces the inherited one whole: give all its parameters)", d.Message);
    }

    [Fact]
    public void Load_Study_ExpandsSweepsIntoAGridOfNamedVariants()
    {
        var study = Load("tiny-study.yaml").Study!;

        Assert.Equal(("tiny-study", "baseline"), (study.Id, study.BaselineId));
        Assert.Equal(new RunOptions(500, 42), study.Options);
        Assert.Equal(
            [
                "baseline", "no-subsidy",
                "baseline--budget-0--delay-0", "baseline--budget-0--delay-1", "baseline--budget-0--delay-2",
                "baseline--budget-2p5--delay-0", "baseline--budget-2p5--delay-1", "baseline--budget-2p5--delay-2",
            ],
            study.Scenarios.Select(s => s.Scenario.Id));
        Assert.Empty(study.Scenarios[0].Sweep);
        var variant = study.Scenarios[6];
        Assert.Equal(
            [new SweepPoint("budget", "levers.subsidy.annual-budget", 2.5), new SweepPoint("delay", "levers.parks.delay-years", 1)],
            variant.Sweep.ToArray());
        Assert.Equal(2.5, variant.Scenario.Levers.Subsidy!.AnnualBudget.ValueAt(2025));
        Assert.Equal(1, variant.Scenario.Levers.ParkDelayYears);
        Assert.Equal(0, study.Scenarios[2].Scenario.Levers.Subsidy!.AnnualBudget.ValueAt(2024));
        Assert.Equal(0, study.Scenarios[2].Scenario.Levers.ParkDelayYears);
    }

    [Theory]
    [InlineData("values: [2, 0.5]", 9, 17, "variant `baseline--delay-0p5`: `delay-years`: expected a whole number, found the number 0.5")]
    [InlineData("values: [-1]", 9, 14, "variant `baseline--delay-m1`")]
    [InlineData("range: { from: -1, to: 0, step: 1 }", 8, 11, "variant `baseline--delay-m1`")] // a range's values have no place: at the path
    public void Load_StudyWithAnInvalidSweepValue_SaysWhichVariantAtTheValue(string values, int line, int column, string message)
    {
        var result = LoadTinyStudy($"sweeps:\n  delay:\n    scenario: baseline\n    path: levers.parks.delay-years\n    {values}\n");

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal((line, column), (d.Line, d.Column));
        Assert.Contains(message, d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_StudyWithABadValueInAGrid_OneMessageNamingTheVariantsAtTheSweepThatSetIt()
    {
        var result = LoadTinyStudy("sweeps:\n  budget:\n    scenario: baseline\n    path: levers.subsidy.annual-budget\n    values: [0, 2.5]\n" +
            "  delay:\n    scenario: baseline\n    path: levers.parks.delay-years\n    values: [1, 0.5]\n");

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal((13, 17), (d.Line, d.Column));
        Assert.Equal("variants `baseline--budget-0--delay-0p5` and `baseline--budget-2p5--delay-0p5`: `delay-years`: expected a whole number, found the number 0.5", d.Message);
    }

    [Fact]
    public void Load_StudyWithOverlappingSweepPaths_SaysWhichSweepsClash()
    {
        var result = LoadTinyStudy("sweeps:\n  delay:\n    scenario: baseline\n    path: levers.parks.delay-years\n    values: [0, 1]\n" +
            "  whole:\n    scenario: baseline\n    path: levers.parks\n    values: [1]\n");

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(12, d.Line);
        Assert.Contains("sweep `whole`: path `levers.parks` overlaps sweep `delay`'s `levers.parks.delay-years`", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Study_DefaultsRunOptions()
    {
        var files = new Dictionary<string, string>
        {
            ["/s/study.yaml"] = "kind: study\nid: s\nscenarios: [b.yaml]\nbaseline: b\n",
            ["/s/b.yaml"] = "kind: scenario\nid: b\nextends: d.yaml\n",
            ["/s/d.yaml"] = File.ReadAllText(TestPaths.Data("tiny-dataset.yaml")),
        };

        var result = LoadFromMemory(files);

        Assert.True(result.IsValid, string.Join("\n", result.Diagnostics));
        Assert.Equal(new RunOptions(10000, 20231128), result.Study!.Options);
        Assert.Equal([2025, 2035], result.Study.Scenarios[0].Scenario.Milestones.ToArray());
    }

    [Fact]
    public void Load_ErrorsInAnExtendedFile_AreLocatedInThatFile()
    {
        var result = ScenarioLoader.LoadFile(Path.Combine(TestPaths.BadInput, "extends-mutual-a.yaml"));

        Assert.Equal(LoadStatus.Invalid, result.Status);
        Assert.EndsWith("extends-mutual-b.yaml", Assert.Single(result.Diagnostics).File, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SemanticErrorAfterMerge_IsLocatedInTheMostDerivedFileDefiningIt()
    {
        var result = ScenarioLoader.LoadFile(Path.Combine(TestPaths.BadInput, "unknown-cluster-event.yaml"));

        var d = Assert.Single(result.Diagnostics);
        Assert.EndsWith("unknown-cluster-event.yaml", d.File, StringComparison.Ordinal);
        Assert.Equal((7, 22), (d.Line, d.Column));
    }

    [Fact]
    public void Load_MissingFile_IsAnIoError()
    {
        var result = ScenarioLoader.LoadFile("does-not-exist.yaml");

        Assert.Equal(LoadStatus.IoError, result.Status);
        Assert.Contains("no such file", result.IoError, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SeveralProblems_ReportsEveryOneSortedByLine()
    {
        string path = Path.Combine(Path.GetTempPath(), $"loader-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "kind: scenario\nid: many\nextends: " + TestPaths.Data("tiny-dataset.yaml").Replace('\\', '/') +
            "\npaths: 0\nlevesr: {}\nhorizon: abc\n");
        try
        {
            var result = ScenarioLoader.LoadFile(path);

            Assert.Equal([4, 5, 6], result.Diagnostics.Select(d => d.Line));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_StudyWithABrokenSweep_StillChecksItsOtherSweeps()
    {
        // A wrong type in one sweep's values used to hide every other problem of the study until fixed.
        var result = LoadTinyStudy("""
            sweeps:
              rate:
                scenario: baseline
                path: levers.subsidy.reimbursement-rate
                values: [0.1, "x"]
              budget:
                scenario: baselin
                path: levers.subsidy.annual-budget
                values: [0, 10]
              delay:
                scenario: baseline
                path: levers.parks.delay-years
                values: [0, -1]
            """ + "\n");

        var messages = result.Diagnostics.Select(d => (d.Line, d.Message)).ToList();
        Assert.Equal(3, messages.Count);
        Assert.Contains(messages, m => m.Line == 9 && m.Message.Contains("expected a number, found a string `x`", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Line == 11 && m.Message.Contains("unknown scenario `baselin`", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Line == 17 && m.Message.Contains("`delay-years` must be at least 0, found -1", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_StudyWithGoalSeeks_MapsEachWithItsDefaults_AndTheScenarioAtAValue()
    {
        var result = LoadTinyStudy("""
            goal-seeks:
              budget:
                path: levers.subsidy.annual-budget
                target: alpha-big
                probability: 0.8
                range: { from: 0, to: 200 }
              delay:
                scenario: baseline
                path: levers.parks.delay-years
                target: alpha-big
                probability: { share-of-current: 0.5 }
                range: { from: 0, to: 10 }
                seek: largest
              rate:
                path: levers.subsidy.reimbursement-rate
                target: stage-one
                probability: 0.9
                range: { from: 0, to: 0.5 }
                tolerance: 0.001
            """ + "\n");

        Assert.True(result.IsValid, string.Join("\n", result.Diagnostics));
        var seeks = result.Study!.GoalSeeks;
        Assert.Equal(["budget", "delay", "rate"], seeks.Select(g => g.Id));

        var budget = seeks[0];
        Assert.Equal(("baseline", "alpha-big", 0.8, false, SeekDirection.Smallest, false), (budget.ScenarioId, budget.TargetId, budget.Level, budget.ShareOfCurrent, budget.Seek, budget.WholeNumbers));
        Assert.Equal(2, budget.Tolerance); // a hundredth of the range
        Assert.Null(budget.CurrentValue); // a table by year in tiny-baseline.yaml
        var at = budget.ScenarioAt(37.5).Levers.Subsidy!;
        Assert.Equal("baseline", budget.ScenarioAt(37.5).Id);
        Assert.All(Enumerable.Range(2024, 4), year => Assert.Equal(37.5, at.AnnualBudget.ValueAt(year)));

        var delay = seeks[1];
        Assert.Equal((true, 0.5, SeekDirection.Largest, 1.0, 1.0), (delay.WholeNumbers, delay.Level, delay.Seek, delay.Tolerance, delay.CurrentValue!.Value));
        Assert.Equal(3, delay.ScenarioAt(3).Levers.ParkDelayYears);

        Assert.Equal((0.001, 0.1), (seeks[2].Tolerance, seeks[2].CurrentValue!.Value));
        var outside = Assert.Throws<GoalSeekValueException>(() => seeks[2].ScenarioAt(1.5));
        Assert.Contains("goal seek `rate`: with `levers.subsidy.reimbursement-rate` at 1.5, scenario `baseline` is invalid: `reimbursement-rate` must be between 0 and 1", outside.Message, StringComparison.Ordinal);

        // Located at the goal seek's range, so the run can say file:line:column.
        Assert.Equal(result.Path, outside.Diagnostic.File);
        Assert.Equal(22, outside.Diagnostic.Line); // 4 lines of study head, then `range` of `rate` on the 18th line of the goal seeks
    }

    [Fact]
    public void Load_StudyWithABrokenGoalSeek_StillChecksTheOthers()
    {
        var result = LoadTinyStudy("""
            goal-seeks:
              broken:
                path: levers.subsidy.annual-budget
                target: alpha-big
                probability: 2
                range: { from: 0, to: 200 }
              typo:
                path: levers.subsidy.annual-budget
                target: alpha-bgi
                probability: 0.5
                range: { from: 0, to: 200 }
            """ + "\n");

        var messages = result.Diagnostics.Select(d => (d.Line, d.Message)).ToList();
        Assert.Equal(2, messages.Count);
        Assert.Contains(messages, m => m.Line == 9 && m.Message.Contains("`probability` must be in (0, 1), found 2", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Line == 13 && m.Message.Contains("has no target `alpha-bgi`; did you mean `alpha-big`?", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(2.5, "2p5")]
    [InlineData(40, "40")]
    [InlineData(-1, "m1")]
    [InlineData(0.125, "0p125")]
    public void FormatVariantValue_Value_IsInvariantWithPForThePoint(double value, string expected) =>
        Assert.Equal(expected, ScenarioLoader.FormatVariantValue(value));

    [Fact]
    public void Load_EveryScenarioFileInTheRepository_IsValid()
    {
        string scenarios = Path.Combine(TestPaths.RepositoryRoot, "scenarios");
        var files = Directory.GetFiles(scenarios, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        if (Directory.Exists(Path.Combine(scenarios, "data")))
        {
            Assert.NotEmpty(files);
        }

        foreach (string file in files)
        {
            var result = ScenarioLoader.LoadFile(file);
            Assert.True(result.IsValid, $"{file}:\n{string.Join("\n", result.Diagnostics)}");
        }
    }

    /// <summary>A study of tiny-baseline.yaml (its baseline) with the given lines after its four first, loaded from memory.</summary>
    private static LoadResult LoadTinyStudy(string rest) =>
        LoadBesideTiny(new Dictionary<string, string> { ["/s/study.yaml"] = "kind: study\nid: s\nscenarios: [tiny-baseline.yaml]\nbaseline: baseline\n" + rest });

    /// <summary>Loads /s/study.yaml from <paramref name="files"/> beside the tiny baseline and dataset (/s/tiny-baseline.yaml, /s/tiny-dataset.yaml).</summary>
    private static LoadResult LoadBesideTiny(Dictionary<string, string> files)
    {
        files["/s/tiny-baseline.yaml"] = File.ReadAllText(TestPaths.Data("tiny-baseline.yaml"));
        files["/s/tiny-dataset.yaml"] = File.ReadAllText(TestPaths.Data("tiny-dataset.yaml"));
        return LoadFromMemory(files);
    }

    /// <summary>Loads /s/study.yaml from <paramref name="files"/> (path under /s/ → text).</summary>
    private static LoadResult LoadFromMemory(Dictionary<string, string> files) =>
        new ScenarioLoader(p => files.TryGetValue(p.Replace('\\', '/')[(p.IndexOf("/s/", StringComparison.Ordinal))..], out var t)
            ? System.Text.Encoding.UTF8.GetBytes(t)
            : throw new FileNotFoundException(p)).Load("/s/study.yaml");
}

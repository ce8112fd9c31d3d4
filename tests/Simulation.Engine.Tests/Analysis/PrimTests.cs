using MathNet.Numerics.Distributions;
using Simulation.Engine.Analysis;
using static Simulation.Engine.Tests.Analysis.Synthetic;

namespace Simulation.Engine.Tests.Analysis;

/// <summary>PRIM on data whose box is known.</summary>
public class PrimTests
{
    /// <summary>x1 … x6 uniform; y = 1 when x1 &gt; 0.7 and x2 &lt; 0.3, the other four inputs noise; a share of labels flipped.</summary>
    private static PathSample KnownBox(int n, double flipped, ulong seed)
    {
        var x = Enumerable.Range(0, 6).Select(j => Uniform(n, seed, j)).ToArray();
        var flip = Uniform(n, seed, 99);
        var y = Enumerable.Range(0, n).Select(i => (x[0][i] > 0.7 && x[1][i] < 0.3) ^ (flip[i] < flipped) ? 1.0 : 0.0).ToArray();
        return Sample(x, y, met: true);
    }

    private static BoxLimit? Limit(PrimBox box, int input) => box.Limits.FirstOrDefault(l => l.Input == input);

    [Fact]
    public void KnownBox_IsFound_AndTheNoiseInputsAreLeftAlone()
    {
        var result = Analyze(KnownBox(10_000, 0, 3), discover: true).Discoveries[0];
        var box = result.Chosen!;
        Assert.InRange(Limit(box, 0)!.Lower!.Value, 0.68, 0.72);
        Assert.Null(Limit(box, 0)!.Upper);
        Assert.InRange(Limit(box, 1)!.Upper!.Value, 0.28, 0.32);
        Assert.Null(Limit(box, 1)!.Lower);
        Assert.Equal([0, 1], box.Limits.Select(l => l.Input));
        Assert.True(box.Density > 0.97 && box.Coverage > 0.95, $"density {box.Density}, coverage {box.Coverage}");
        Assert.All(box.Limits, l => Assert.True(l.QuasiP < 1e-10, $"x{l.Input + 1}: qp {l.QuasiP}"));
        Assert.InRange(result.Cases, 750, 1050); // 9% of 10,000 paths

        // The box found on the even-numbered paths holds on the odd-numbered ones PRIM never saw.
        Assert.True(box.Holdout.Density > 0.95 && box.Holdout.Coverage > 0.93, $"held out: density {box.Holdout.Density}, coverage {box.Holdout.Coverage}");
        Assert.Equal(5_000, box.Paths + (long)Math.Round((1 - box.Mass) * 5_000));
    }

    [Fact]
    public void KnownBox_WithNoisyLabels_IsFound_AndWhatElseIsRestrictedLooksLikeNoise()
    {
        var result = Analyze(KnownBox(20_000, 0.05, 4), discover: true).Discoveries[0];
        var box = result.Chosen!;
        Assert.InRange(Limit(box, 0)!.Lower!.Value, 0.66, 0.74);
        Assert.InRange(Limit(box, 1)!.Upper!.Value, 0.26, 0.34);
        // The true sides are far from noise; any other side PRIM peeled (a noise input, or x2's low end) is not.
        Assert.True(Limit(box, 0)!.QuasiPLower < 1e-6 && Limit(box, 1)!.QuasiPUpper < 1e-6, $"{string.Join("; ", box.Limits)}");
        var noise = box.Limits.Where(l => l.Input > 1).Select(l => l.QuasiP).Concat(box.Limits.Where(l => l.Input == 1 && l.Lower is not null).Select(l => l.QuasiPLower));
        Assert.All(noise, qp => Assert.True(qp > 0.01, $"a noise side restricted with qp {qp}"));

        // Pruned: the two true limits only, each still far from noise.
        var pruned = result.Pruned!;
        Assert.Equal([(0, true, false), (1, false, true)], pruned.Limits.Select(l => (l.Input, l.Lower is not null, l.Upper is not null)));
        Assert.All(pruned.Limits, l => Assert.True(l.QuasiP < PrimOptions.Significance));
        Assert.True(pruned.Coverage >= box.Coverage, "dropping limits can only keep more of the cases");
    }

    [Fact]
    public void Trajectory_StartsWithEveryPath_AndGainsDensityWhileItLosesCoverage()
    {
        var result = Analyze(KnownBox(5_000, 0.05, 5), discover: true).Discoveries[0];
        // PRIM searches the even-numbered half of the paths; the first box holds all of them, and all of the other half.
        var first = result.Trajectory[0];
        Assert.Equal((2_500L, 1.0, 1.0), (first.Paths, first.Coverage, first.Mass));
        Assert.Equal((2_500L, result.Cases), (first.Holdout.Paths, first.Cases + first.Holdout.Cases));
        Assert.Empty(first.Limits);
        for (int i = 1; i < result.Trajectory.Length; i++)
        {
            Assert.True(result.Trajectory[i].Density > result.Trajectory[i - 1].Density);
            Assert.True(result.Trajectory[i].Paths < result.Trajectory[i - 1].Paths);
            Assert.True(result.Trajectory[i].Mass >= PrimOptions.Default.MinMass);
        }
    }

    [Fact]
    public void ChosenBox_IsTheDensestWithEnoughCoverage_OrTheStepAskedFor_AndPastingNeverLosesDensity()
    {
        var sample = KnownBox(5_000, 0.1, 6);
        var result = Analyze(sample, discover: true, minCoverage: 0.8).Discoveries[0];
        var eligible = result.Trajectory.Where(b => b.Coverage >= 0.8).ToList();
        Assert.Equal(eligible.MaxBy(b => b.Density)!.Step, result.ChosenStep);
        Assert.Contains("coverage is at least 0.8", result.Rule, StringComparison.Ordinal);
        var peeled = result.Trajectory[result.ChosenStep];
        Assert.True(result.Chosen!.Density >= peeled.Density && result.Chosen.Paths >= peeled.Paths);

        var third = Analyze(sample, discover: true, step: 3).Discoveries[0];
        Assert.Equal(3, third.ChosenStep);
        var beyond = Analyze(sample, discover: true, step: 10_000).Discoveries[0];
        Assert.Equal(beyond.Trajectory.Length - 1, beyond.ChosenStep);
        Assert.Contains("beyond its end", beyond.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void Flag_IsPeeledWhole()
    {
        // y = 1 when a flag is set (30% of paths) and x > 0.5.
        const int n = 8_000;
        var flag = Uniform(n, 7, 0).Select(u => u < 0.3 ? 1.0 : 0.0).ToArray();
        var x = Uniform(n, 7, 1);
        var y = Enumerable.Range(0, n).Select(i => flag[i] == 1 && x[i] > 0.5 ? 1.0 : 0.0).ToArray();
        var box = Analyze(Sample([flag, x], y, met: true), discover: true).Discoveries[0].Chosen!;
        Assert.Equal(0.5, Limit(box, 0)!.Lower);
        Assert.InRange(Limit(box, 1)!.Lower!.Value, 0.47, 0.53);
    }

    [Fact]
    public void QuasiP_IsTheBinomialTailOfTheBoxWithoutTheLimit_OnEachSide()
    {
        // x1 > 0.7 and x2 < 0.3, a fifth of labels flipped: the chosen box has a lower limit on x1 and an upper one on x2.
        var sample = KnownBox(4_000, 0.2, 8);
        var box = Analyze(sample, discover: true).Discoveries[0].Chosen!;
        var x = Enumerable.Range(0, 6).Select(j => sample.Input(j)).ToArray();
        var y = sample.Outcome(0);
        var searched = Enumerable.Range(0, 4_000).Where(i => i % 2 == 0).ToList();
        var sides = box.Limits.SelectMany(l => new[] { (Limit: l, Upper: false), (Limit: l, Upper: true) })
            .Where(s => (s.Upper ? s.Limit.Upper : s.Limit.Lower) is not null).ToList();
        Assert.Contains(sides, s => s.Upper);
        Assert.Contains(sides, s => !s.Upper);
        foreach (var (limit, upper) in sides)
        {
            // The box without this one side, on the paths PRIM searched.
            bool Inside(int i) => box.Limits.All(l =>
                (l.Lower is not { } lo || (l.Input == limit.Input && !upper) || x[l.Input][i] >= lo)
                && (l.Upper is not { } hi || (l.Input == limit.Input && upper) || x[l.Input][i] <= hi));
            var wider = searched.Where(Inside).ToList();
            double p = wider.Average(i => y[i]);
            double expected = 1 - Binomial.CDF(p, (int)box.Paths, box.Cases - 1);
            double actual = upper ? limit.QuasiPUpper : limit.QuasiPLower;
            Assert.Equal(expected, actual, Math.Max(1e-12, expected * 1e-6));
        }
    }

    [Fact]
    public void Pasting_WidensALimitWhileThatRaisesTheDensity()
    {
        // y is met on 95% of paths with x2 > 0.5 and on 30% below, whatever x1: a box cut at x2 ≤ 0.5 gains density
        // by moving that limit up, paste after paste, to x2's largest value.
        const int n = 4_000;
        var x = Enumerable.Range(0, 2).Select(j => Uniform(n, 12, j)).ToArray();
        var u = Uniform(n, 12, 9);
        var y = Enumerable.Range(0, n).Select(i => u[i] < (x[1][i] > 0.5 ? 0.95 : 0.3)).ToArray();
        var orders = x.Select(c => Enumerable.Range(0, n).OrderBy(i => c[i]).ThenBy(i => i).ToArray()).ToArray();
        var prim = new Prim(x, y, orders);
        var start = prim.PasteBox([x[0].Min(), x[1].Min()], [x[0].Max(), 0.5], 0.05);
        Assert.True(start.Limits.IsEmpty || Limit(start, 1)!.Upper >= 0.95, $"x2 ≤ {Limit(start, 1)?.Upper} after pasting");
        Assert.InRange(start.Density, 0.55, 0.7); // from about 0.3 in the box it started as
    }

    [Fact]
    public void NeverMet_OrAlwaysMet_HasNothingToDiscover()
    {
        var x = Uniform(1000, 9, 0);
        var never = Analyze(Sample([x], new double[1000], met: true), discover: true).Discoveries[0];
        Assert.Null(never.Chosen);
        Assert.Empty(never.Trajectory);
        Assert.Contains("no sampled path meets it", never.Note, StringComparison.Ordinal);
        var always = Analyze(Sample([x], Enumerable.Repeat(1.0, 1000).ToArray(), met: true), discover: true).Discoveries[0];
        Assert.Contains("every sampled path meets it", always.Note, StringComparison.Ordinal);
        var odd = Analyze(Sample([x], Enumerable.Range(0, 1000).Select(i => i == 7 ? 1.0 : 0.0).ToArray(), met: true), discover: true).Discoveries[0];
        Assert.Contains("none of them among the even-numbered paths PRIM searches", odd.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void NoInputToPeel_ChoosesTheBoxOfEveryPath()
    {
        // One input that never varies: nothing to peel, so the chosen box is every path, with no limit to prune.
        var y = Uniform(500, 10, 0).Select(u => u < 0.3 ? 1.0 : 0.0).ToArray();
        var result = Analyze(Sample([new double[500]], y, met: true), discover: true).Discoveries[0];
        Assert.Single(result.Trajectory);
        Assert.Empty(result.Chosen!.Limits);
        Assert.Empty(result.Pruned!.Limits);
        Assert.Equal(1, result.Pruned.Coverage);
    }
}

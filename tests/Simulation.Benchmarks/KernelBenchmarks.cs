using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using Simulation.Engine.Kernel;
using Simulation.Engine.Model;
using Simulation.Engine.Randomness;
using Simulation.Engine.Statistics;

BenchmarkSwitcher.FromAssembly(typeof(Simulation.Benchmarks.KernelBenchmarks).Assembly).Run(args);

namespace Simulation.Benchmarks
{

    /// <summary>
    /// The kernel's parts, each per operation: a generator word, a normal draw, one path of a
    /// standard-sized scenario (27 clusters × 12 years, correlated shocks, events, 20 parks, a subsidy),
    /// its inputs drawn again for the analysis sample, the same path without levers, and counting 64
    /// buffered paths into the accumulator.
    /// </summary>
    [MemoryDiagnoser]
    public class KernelBenchmarks
    {
        private const int Clusters = 27;
        private Xoshiro256StarStar rng = RandomStreams.Create(1, 0, 1);
        private PathSimulator full = null!;
        private PathSimulator bare = null!;
        private InputRecorder recorder = null!;
        private ScenarioAccumulator accumulator = null!;
        private double[] buffer = null!;
        private bool[] met = null!;
        private long path;
        private LaneGenerator lanes = LaneGenerator.Create(1, 0, 1);
        private BatchSimulator fullBatch = null!;
        private BatchSimulator bareBatch = null!;
        private System.Runtime.Intrinsics.Vector512<double>[] batchLogs = null!;
        private System.Runtime.Intrinsics.Vector512<double>[] batchBuffer = null!;
        private System.Runtime.Intrinsics.Vector512<double> x = System.Runtime.Intrinsics.Vector512.Create(0.1, -0.7, 2.3, 4.1, -3.3, 0.01, 1.5, 7.5);

        [GlobalSetup]
        public void Setup()
        {
            var clusters = Enumerable.Range(0, Clusters).Select(i => new Cluster($"c{i}", "c", "c", i < 5 ? "e" : "o", 1000 + (300 * i),
                Distribution.Normal(0.06, 0.02), 0.08, RateKind.Arithmetic, i >= 25 ? 50000 : null)).ToImmutableArray();
            var all = Enumerable.Range(0, Clusters).Select(i => $"c{i}").ToImmutableArray();
            var events = ImmutableArray.Create(
                new EventSpec("slump", "slump", 0.25, null, null, [.. all.Take(5)], Distribution.Uniform(-0.1, -0.02), Distribution.Normal(-0.03, 0.01), 1),
                new EventSpec("macro", "macro", 0.1, null, null, all, Distribution.Uniform(-0.1, -0.05), null, 1));
            var dataset = new Dataset("d", "d", 2023, new ValueUnit("CNY", 1e8, "亿元"), "scale", "nominal", clusters,
                new CorrelationSpec(0.2, [new GroupCorrelation("e", 0.6)], []), events);
            var parks = Enumerable.Range(0, 20).Select(i => new ParkLever($"p{i}", "p", [new ClusterWeight($"c{i}", 1)], 3, 2023 + (i % 3),
                Distribution.Triangular(2, 3, 5), 0.1, Distribution.Uniform(3, 6), Distribution.LogNormalByValue(150, 60), Distribution.Pert(0.2, 0.4, 0.6))).ToImmutableArray();
            var subsidy = new SubsidyLever(2024, 2028, YearSchedule.Constant(15), 0.1, 1, 5, 30, [], Distribution.LogNormalByValue(10, 8),
                Distribution.Pert(1, 2.5, 5), Distribution.Triangular(0.8, 1.5, 2.5), 3);
            var target = new Target("t", "t", 2025, new CountAtLeast(4, 10000, [.. Enumerable.Range(0, 20)]));
            Scenario Make(Levers levers) => new("s", "s", "", dataset, levers, 2035, [2025, 2030, 2035], [5000, 10000, 20000], [target]);
            var fullPlan = new CompiledScenario(Make(new Levers(subsidy, parks, 0, [], null)));
            full = new PathSimulator(fullPlan, 1);
            recorder = new InputRecorder(fullPlan, 1, Simulation.Engine.Analysis.SampleLayout.For(fullPlan.Scenario, []));
            bare = new PathSimulator(new CompiledScenario(Make(Levers.None)), 1);
            accumulator = new ScenarioAccumulator(Make(Levers.None));
            buffer = new double[64 * 13 * Clusters];
            for (int p = 0; p < 64; p++)
            {
                bare.Simulate(p, buffer.AsSpan(p * 13 * Clusters, 13 * Clusters));
            }

            met = new bool[64];
            fullBatch = new BatchSimulator(new CompiledScenario(Make(new Levers(subsidy, parks, 0, [], null))), 1);
            bareBatch = new BatchSimulator(new CompiledScenario(Make(Levers.None)), 1);
            batchLogs = new System.Runtime.Intrinsics.Vector512<double>[bareBatch.Stride];
            batchBuffer = new System.Runtime.Intrinsics.Vector512<double>[8 * bareBatch.Stride];
            for (int b = 0; b < 8; b++)
            {
                bareBatch.Simulate(b * 8, batchBuffer.AsSpan(b * bareBatch.Stride, bareBatch.Stride));
            }
        }

        [Benchmark(Description = "xoshiro256** word")]
        public ulong Generator() => rng.NextUInt64();

        [Benchmark(Description = "normal draw (inverse CDF)")]
        public double Normal() => StandardNormal.Next(ref rng);

        [Benchmark(Description = "one path, all levers (324 cluster-years)")]
        public void PathWithLevers() => full.Simulate(path++);

        [Benchmark(Description = "one path's inputs drawn again for the analysis sample, all levers")]
        public void RecordInputs() => recorder.Draw(path++);

        [Benchmark(Description = "one path, no levers (324 cluster-years)")]
        public void PathWithoutLevers() => bare.Simulate(path++);

        [Benchmark(Description = "accumulate 64 paths (20,736 cluster-years)")]
        public void Accumulate() => accumulator.AddPaths(buffer, 64, met);

        [Benchmark(Description = "8 lanes: xoshiro256** words")]
        public System.Runtime.Intrinsics.Vector512<ulong> LaneWords() => lanes.Next();

        private readonly System.Runtime.Intrinsics.Vector512<double>[] shocks = new System.Runtime.Intrinsics.Vector512<double>[27];

        [Benchmark(Description = "8 lanes: one year's 27 normal shocks")]
        public System.Runtime.Intrinsics.Vector512<double> LaneNormals()
        {
            lanes.FillNormals(shocks);
            return shocks[26];
        }

        [Benchmark(Description = "8 lanes: exp")]
        public System.Runtime.Intrinsics.Vector512<double> LaneExp() => x = DetMath.Exp(x) * System.Runtime.Intrinsics.Vector512.Create(1e-3);

        [Benchmark(Description = "8 lanes: ln")]
        public System.Runtime.Intrinsics.Vector512<double> LaneLog() => x = DetMath.Log(x + System.Runtime.Intrinsics.Vector512.Create(3.0));

        private readonly Sampler logNormal = Sampler.For(Distribution.LogNormalByValue(10, 8));
        private readonly Sampler beta = Sampler.For(Distribution.ScaledBeta(6, 4, 0, 1));
        private readonly Sampler triangular = Sampler.For(Distribution.Triangular(2, 4, 7));
        private System.Runtime.Intrinsics.Vector512<double> u = System.Runtime.Intrinsics.Vector512.Create(0.1, 0.7, 0.3, 0.41, 0.33, 0.01, 0.5, 0.75);

        private readonly System.Runtime.Intrinsics.Vector512<double>[] many = Enumerable.Range(0, 256).Select(i => System.Runtime.Intrinsics.Vector512.Create(i * 0.01)).ToArray();

        [Benchmark(Description = "8 lanes: ln(exp(x) + 1), 256 independent")]
        public System.Runtime.Intrinsics.Vector512<double> LaneCapacity256()
        {
            var acc = System.Runtime.Intrinsics.Vector512<double>.Zero;
            foreach (var v in many)
            {
                acc += DetMath.Log(DetMath.Exp(v) + System.Runtime.Intrinsics.Vector512<double>.One);
            }

            return acc;
        }

        [Benchmark(Description = "8 lanes: exp, 256 independent")]
        public System.Runtime.Intrinsics.Vector512<double> LaneExp256()
        {
            var acc = System.Runtime.Intrinsics.Vector512<double>.Zero;
            foreach (var v in many)
            {
                acc += DetMath.Exp(v);
            }

            return acc;
        }

        [Benchmark(Description = "8 lanes: log-normal, 256 independent")]
        public System.Runtime.Intrinsics.Vector512<double> LaneLogNormal256()
        {
            var acc = System.Runtime.Intrinsics.Vector512<double>.Zero;
            foreach (var v in many)
            {
                acc += logNormal.Sample(v * System.Runtime.Intrinsics.Vector512.Create(0.0035) + System.Runtime.Intrinsics.Vector512.Create(0.05));
            }

            return acc;
        }

        private readonly System.Runtime.Intrinsics.Vector512<double>[] means16 = Enumerable.Range(0, 16).Select(i => System.Runtime.Intrinsics.Vector512.Create(0.3 + (i * 0.5)) * System.Runtime.Intrinsics.Vector512.Create(1.0, 1.1, 0.9, 1.2, 0.8, 1.05, 0.95, 1.15)).ToArray();
        private readonly System.Runtime.Intrinsics.Vector512<double>[] p16 = new System.Runtime.Intrinsics.Vector512<double>[16];

        [Benchmark(Description = "8 lanes: 16 Poisson quantiles together (means 0.3-8)")]
        public System.Runtime.Intrinsics.Vector512<double> LanePoisson16()
        {
            for (int i = 0; i < 16; i++)
            {
                p16[i] = System.Runtime.Intrinsics.Vector512.Create(0.05 + (0.06 * i)) * System.Runtime.Intrinsics.Vector512.Create(1.0, 0.5, 1.5, 0.3, 1.2, 0.9, 0.7, 1.1);
            }

            BatchSimulator.PoissonQuantiles(means16, p16);
            return p16[15];
        }

        [Benchmark(Description = "8 lanes: create streams")]
        public System.Runtime.Intrinsics.Vector512<ulong> LaneCreate() => LaneGenerator.Create(1, path++, 77).Next();

        [Benchmark(Description = "8 lanes: log-normal sample")]
        public System.Runtime.Intrinsics.Vector512<double> LaneLogNormal() => logNormal.Sample(u);

        [Benchmark(Description = "8 lanes: beta table sample")]
        public System.Runtime.Intrinsics.Vector512<double> LaneBeta() => beta.Sample(u);

        [Benchmark(Description = "8 lanes: triangular sample")]
        public System.Runtime.Intrinsics.Vector512<double> LaneTriangular() => triangular.Sample(u);

        [Benchmark(Description = "8 lanes: Poisson(2) quantile")]
        public System.Runtime.Intrinsics.Vector512<double> LanePoisson() => BatchSimulator.PoissonQuantile(System.Runtime.Intrinsics.Vector512.Create(2.0), u);

        [Benchmark(Description = "8 paths, all levers (2,592 cluster-years)")]
        public void BatchWithLevers()
        {
            fullBatch.Simulate(path, batchLogs);
            path += 8;
        }

        [Benchmark(Description = "8 paths, no levers (2,592 cluster-years)")]
        public void BatchWithoutLevers()
        {
            bareBatch.Simulate(path, batchLogs);
            path += 8;
        }

        [Benchmark(Description = "accumulate 8 batches of 8 paths (20,736 cluster-years)")]
        public void AccumulateBatches() => accumulator.AddBatches(batchBuffer, 64, met);
    }
}

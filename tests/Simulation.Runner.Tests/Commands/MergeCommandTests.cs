using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Simulation.Engine;
using Simulation.Runner.Commands;

namespace Simulation.Runner.Tests.Commands;

/// <summary>Shards run as separate processes and merged equal one run; shards of different runs are refused.</summary>
public sealed class MergeCommandTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "merge-tests-" + Guid.NewGuid().ToString("N"));

    public MergeCommandTests() => Directory.CreateDirectory(root);

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static (int Code, string Out, string Err) Cli(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = Simulation.Runner.Cli.Run(args, output, error, NullLogger.Instance);
        return (code, output.ToString(), error.ToString());
    }

    private string Dir(string name) => Path.Combine(root, name);

    private static Dictionary<string, byte[]> Tables(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != "run.json" && !f.EndsWith(".png", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(folder, f), File.ReadAllBytes);

    [Fact]
    public void Merge_FourShardProcesses_EqualsOneRun()
    {
        string study = TestPaths.Data("tiny-study.yaml");
        string simulate = Path.Combine(AppContext.BaseDirectory, "simulate.dll");
        var processes = Enumerable.Range(0, 4).Select(i => Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList = { simulate, "run", study, "--paths", "5000", "--shard", $"{i}/4", "--out", Dir("shards"), "--no-progress" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!).ToList();
        foreach (var p in processes)
        {
            string err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, err);
            p.Dispose();
        }

        Assert.Equal(4, Directory.GetFiles(Dir("shards"), "*.simshard").Length);
        var merge = Cli("merge", Dir("shards"), "--out", Dir("merged"), "--study", study);
        Assert.Equal(ExitCodes.Ok, merge.Code);
        Assert.Contains("merged from 4 shards in", merge.Out, StringComparison.Ordinal);

        // The manifest does not invent a thread count or stages the merge did not run;
        // the study's goal seeks run after the merge, on the merged study's paths.
        using (var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir("merged"), "run.json"))))
        {
            Assert.Equal(System.Text.Json.JsonValueKind.Null, manifest.RootElement.GetProperty("threads").ValueKind);
            Assert.Equal(["merge", "seek", "report"], manifest.RootElement.GetProperty("timings_seconds").EnumerateObject().Select(p => p.Name).ToArray());
        }

        Assert.Equal(ExitCodes.Ok, Cli("run", study, "--paths", "5000", "--out", Dir("whole"), "--no-progress").Code);

        // 5,000 paths are five blocks of 1,024, so each shard holds some of the baseline's recorded paths.
        var whole = Tables(Dir("whole"));
        var merged = Tables(Dir("merged"));
        Assert.Contains(Path.Combine("baseline", "samples.csv"), whole.Keys);
        Assert.Contains("goal-seeks.csv", whole.Keys);
        Assert.Equal(whole.Keys.Order(StringComparer.Ordinal), merged.Keys.Order(StringComparer.Ordinal));
        foreach (var (file, bytes) in whole)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(merged[file]), $"{file} differs");
        }
    }

    [Fact]
    public void Merge_ShardsOfDifferentSeeds_Refused()
    {
        string study = TestPaths.Data("tiny-study.yaml");
        Assert.Equal(ExitCodes.Ok, Cli("run", study, "--paths", "300", "--shard", "0/2", "--out", Dir("mixed"), "--no-progress").Code);
        Assert.Equal(ExitCodes.Ok, Cli("run", study, "--paths", "300", "--seed", "7", "--shard", "1/2", "--out", Dir("mixed"), "--no-progress").Code);

        var (code, _, err) = Cli("merge", Dir("mixed"), "--out", Dir("bad"), "--study", study);

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("belong to different runs (seed 7 vs 42)", err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Dir("bad")));
    }

    [Fact]
    public void Merge_OutNamingAFile_RefusedBeforeReadingTheShards()
    {
        string file = Dir("merged.txt");
        File.WriteAllText(file, "mine");

        var (code, output, err) = Cli("merge", Dir("no-shards-here"), "--out", file);

        Assert.Equal(ExitCodes.InputOutput, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains($"simulate: --out `{file}` is a file, not a folder", err, StringComparison.Ordinal);
        Assert.DoesNotContain("no-shards-here", err, StringComparison.Ordinal);
        Assert.Equal("mine", File.ReadAllText(file));
    }

    [Fact]
    public void Merge_MissingShard_Refused()
    {
        string study = TestPaths.Data("tiny-study.yaml");
        Assert.Equal(ExitCodes.Ok, Cli("run", study, "--paths", "3000", "--shard", "1/3", "--out", Dir("partial"), "--no-progress").Code);

        var (code, _, err) = Cli("merge", Dir("partial"), "--out", Dir("bad"), "--study", study);

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("missing shard(s) 0, 2 of 3", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0/0")]
    [InlineData("4/4")]
    [InlineData("-1/4")]
    [InlineData("a/b")]
    [InlineData("3")]
    public void Run_BadShard_IsMisuse(string shard) =>
        Assert.Equal(ExitCodes.Usage, Cli("run", TestPaths.Data("tiny-study.yaml"), "--shard", shard).Code);

    [Fact]
    public void ShardBlocks_AnyCounts_CoverEveryBlockOnceInOrder()
    {
        for (int total = 0; total <= 120; total++)
        {
            for (int shards = 1; shards <= 17; shards++)
            {
                int next = 0;
                for (int i = 0; i < shards; i++)
                {
                    var (first, count) = Simulator.ShardBlocks(total, i, shards);
                    Assert.Equal(next, first);
                    Assert.InRange(count, total / shards, (total / shards) + 1);
                    next = first + count;
                }

                Assert.Equal(total, next);
            }
        }
    }

    [Fact]
    public void DeployFiles_ShardCountsMatchTheirSchedulers()
    {
        // The Kubernetes Indexed Job passes `--shard $JOB_COMPLETION_INDEX/N`: N must equal `completions`.
        string k8s = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "deploy", "k8s-indexed-job.yaml"));
        int completions = int.Parse(Regex.Match(k8s, @"completions:\s*(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"--shard \"$JOB_COMPLETION_INDEX/{completions}\"", k8s, StringComparison.Ordinal);
        Assert.Contains("completionMode: Indexed", k8s, StringComparison.Ordinal);

        // Slurm: array 0-(N-1) gives task ids 0..N-1 and SLURM_ARRAY_TASK_COUNT = N, as --shard expects.
        string slurm = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "deploy", "slurm-array.sh"));
        Assert.Matches(@"#SBATCH --array=0-\d+\n", slurm);
        Assert.Contains("--shard \"${SLURM_ARRAY_TASK_ID}/${SLURM_ARRAY_TASK_COUNT}\"", slurm, StringComparison.Ordinal);
        Assert.NotNull(RunCommand.ParseShard("7/8"));
    }
}

using System.Diagnostics;

namespace Simulation.Runner.Tests.Commands;

/// <summary>
/// The promise "byte-reproducible whatever the machine", for what one machine can vary: the same
/// run with AVX-512 switched off (the kernel's 512-bit vectors then run as pairs of 256-bit ones, and
/// packing and gathers take their element-by-element paths) and with every hardware intrinsic off
/// (plain scalar code behind the vector API) gives the same exact counts, bit for bit, for every
/// scenario of the standard study.
/// </summary>
public sealed class InstructionSetTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "isa-tests-" + Guid.NewGuid().ToString("N"));

    public InstructionSetTests() => Directory.CreateDirectory(root);

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Run_WithoutAvx512AndWithoutAnyIntrinsics_SameCountsBitForBit()
    {
        string study = Path.Combine(TestPaths.RepositoryRoot, "scenarios", "standard.yaml");
        string simulate = Path.Combine(AppContext.BaseDirectory, "simulate.dll");
        (string Name, string? Variable)[] machines = [("native", null), ("no-avx512", "DOTNET_EnableAVX512F"), ("scalar", "DOTNET_EnableHWIntrinsic")];
        var processes = machines.Select(m =>
        {
            var start = new ProcessStartInfo("dotnet")
            {
                ArgumentList = { simulate, "run", study, "--paths", "500", "--shard", "0/1", "--out", Path.Combine(root, m.Name), "--no-progress" },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            if (m.Variable is not null)
            {
                start.Environment[m.Variable] = "0";
            }

            return Process.Start(start)!;
        }).ToList();
        foreach (var p in processes)
        {
            string err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, err);
            p.Dispose();
        }

        var counts = machines.Select(m => File.ReadAllBytes(Directory.GetFiles(Path.Combine(root, m.Name), "*.simshard").Single())).ToList();
        Assert.True(counts[0].Length > 100_000);
        Assert.True(counts[0].AsSpan().SequenceEqual(counts[1]), "AVX-512 off changed the counts");
        Assert.True(counts[0].AsSpan().SequenceEqual(counts[2]), "hardware intrinsics off changed the counts");
    }
}

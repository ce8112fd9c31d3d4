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
        (string Name, string? Variable, string Width)[] machines =
            [("native", null, "512-bit"), ("no-avx512", "DOTNET_EnableAVX512", "256-bit"), ("scalar", "DOTNET_EnableHWIntrinsic", "scalar")];
        if (!System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated)
        {
            machines = [.. machines.Skip(1)];
        }

        Process Start(string? variable, params string[] args)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(simulate);
            foreach (string a in args)
            {
                start.ArgumentList.Add(a);
            }

            if (variable is not null)
            {
                start.Environment[variable] = "0";
            }

            return Process.Start(start)!;
        }

        string Finish(Process p)
        {
            string output = p.StandardOutput.ReadToEnd();
            string err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, err);
            p.Dispose();
            return output;
        }

        foreach (var m in machines)
        {
            // The switch must really change what the JIT uses, or the comparison proves nothing.
            string bench = Finish(Start(m.Variable, "bench", "--study", study, "--paths", "8", "--repeat", "1"));
            Assert.Contains("vector width: " + m.Width, bench, StringComparison.Ordinal);
        }

        var runs = machines.Select(m => Start(m.Variable, "run", study, "--paths", "500", "--shard", "0/1", "--out", Path.Combine(root, m.Name), "--no-progress")).ToList();
        runs.ForEach(p => Finish(p));

        var counts = machines.Select(m => File.ReadAllBytes(Directory.GetFiles(Path.Combine(root, m.Name), "*.simshard").Single())).ToList();
        Assert.True(counts[0].Length > 100_000);
        for (int i = 1; i < machines.Length; i++)
        {
            Assert.True(counts[0].AsSpan().SequenceEqual(counts[i]), $"{machines[i].Name} changed the counts");
        }
    }
}

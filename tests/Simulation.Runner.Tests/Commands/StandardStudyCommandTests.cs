using Microsoft.Extensions.Logging.Abstractions;
using Simulation.Runner.Commands;

namespace Simulation.Runner.Tests.Commands;

public sealed class StandardStudyCommandTests
{
    private static (int Code, string Out, string Err) Run(string? studyPath, string? currentDirectory = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error, NullLogger.Instance, currentDirectory ?? Directory.GetCurrentDirectory(), CancellationToken.None);
        int code = StandardStudyCommand.Run(context, studyPath);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void Run_ValidStudy_WritesTheReport()
    {
        string outDir = Path.Combine(Path.GetTempPath(), $"standard-out-{Guid.NewGuid():N}");
        try
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            var context = new CliContext(output, error, NullLogger.Instance, Directory.GetCurrentDirectory(), CancellationToken.None);
            int code = StandardStudyCommand.Run(context, TestPaths.Data("tiny-study.yaml"),
                new RunCommand.Settings([], outDir, 200, null, 1, true, null, "en"));

            Assert.Equal(ExitCodes.Ok, code);
            Assert.Contains("report.md: 8 scenarios × 200 paths", output.ToString(), StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(outDir, "report.md")));
            Assert.True(File.Exists(Path.Combine(outDir, "baseline--budget-2p5--delay-1", "targets.csv")));
        }
        finally
        {
            if (Directory.Exists(outDir))
            {
                Directory.Delete(outDir, recursive: true);
            }
        }
    }

    [Fact]
    public void Run_InvalidStudy_ExitsThree()
    {
        var (code, _, err) = Run(Path.Combine(TestPaths.BadInput, "study-unknown-baseline.yaml"));

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("unknown baseline `baseline`", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_FromADirectoryBelowTheStudy_WalksUp()
    {
        string root = Path.Combine(Path.GetTempPath(), $"standard-{Guid.NewGuid():N}");
        string deep = Path.Combine(root, "a", "b");
        Directory.CreateDirectory(deep);
        Directory.CreateDirectory(Path.Combine(root, "scenarios"));
        File.WriteAllText(Path.Combine(root, "scenarios", "standard.yaml"), "kind: study\n");
        try
        {
            Assert.Equal(Path.Combine(root, "scenarios", "standard.yaml"), StandardStudyCommand.Find(Path.GetTempPath(), deep));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Run_NoStandardStudyAnywhere_ExitsFour()
    {
        string empty = Path.Combine(Path.GetTempPath(), $"nowhere-{Guid.NewGuid():N}");
        Directory.CreateDirectory(empty);
        try
        {
            if (StandardStudyCommand.Find(empty, AppContext.BaseDirectory) is not null)
            {
                return; // the repository already has scenarios/standard.yaml; the no-study case cannot be staged here
            }

            var (code, _, err) = Run(null, empty);

            Assert.Equal(ExitCodes.InputOutput, code);
            Assert.Contains("cannot find", err, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }
}

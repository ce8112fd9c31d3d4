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

    /// <summary><c>simulate</c> with no command, run in process as if started in <paramref name="currentDirectory"/>.</summary>
    private static (int Code, string Out, string Err) RunNoCommandIn(string currentDirectory)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = Cli.RunWith(Cli.BuildRoot, [], output, error, NullLogger.Instance, CancellationToken.None, currentDirectory);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void Run_NoCommandOutsideAProjectFolder_ExitsTwoAndSaysWhatToDo()
    {
        // The test assembly lives inside this repository, which has a standard study: the old search
        // from the program's own location found it from anywhere and replaced its committed report.
        Assert.NotNull(StandardStudyCommand.Find(AppContext.BaseDirectory));
        string empty = Path.Combine(Path.GetTempPath(), $"nowhere-{Guid.NewGuid():N}");
        Directory.CreateDirectory(empty);
        try
        {
            var (code, output, err) = RunNoCommandIn(empty);

            Assert.Equal(ExitCodes.Usage, code);
            Assert.Equal(string.Empty, output);
            Assert.Contains($"simulate: no scenarios/standard.yaml in {empty} or any folder above it", err, StringComparison.Ordinal);
            Assert.Contains("Run it inside a project folder", err, StringComparison.Ordinal);
            Assert.Contains("simulate run <study.yaml>", err, StringComparison.Ordinal);
            Assert.Empty(Directory.EnumerateFileSystemEntries(empty));
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public void Run_NoCommandBelowAProjectFolder_UsesThatFoldersStandardStudy()
    {
        string root = Path.Combine(Path.GetTempPath(), $"project-{Guid.NewGuid():N}");
        string deep = Path.Combine(root, "a", "b");
        Directory.CreateDirectory(deep);
        Directory.CreateDirectory(Path.Combine(root, "scenarios"));
        string study = Path.Combine(root, "scenarios", "standard.yaml");
        File.WriteAllText(study, "kind: study\nid: mine\n");
        try
        {
            var (code, _, err) = RunNoCommandIn(deep);

            // It found this folder's study (an incomplete one, so nothing runs) rather than the repository's.
            Assert.Equal(ExitCodes.InvalidInput, code);
            Assert.Contains($"{study}:", err, StringComparison.Ordinal);
            Assert.Contains("missing `scenarios`", err, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(root, "output")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}

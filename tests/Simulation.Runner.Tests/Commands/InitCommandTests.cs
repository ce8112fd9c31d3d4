using Microsoft.Extensions.Logging.Abstractions;
using Simulation.Runner.Commands;
using Simulation.Runner.Starter;

namespace Simulation.Runner.Tests.Commands;

/// <summary>`simulate init`: the starter folder it writes runs as is, and it never writes over anything.</summary>
public sealed class InitCommandTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "init-command-tests-" + Guid.NewGuid().ToString("N"));

    public InitCommandTests() => Directory.CreateDirectory(root);

    public void Dispose() => Directory.Delete(root, recursive: true);

    /// <summary>Runs a command line as <c>simulate</c> would from <paramref name="currentDirectory"/>.</summary>
    private static (int Code, string Out, string Err) Simulate(string currentDirectory, Func<CliContext, int> command, CancellationToken token = default)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = command(new CliContext(output, error, NullLogger.Instance, currentDirectory, token));
        return (code, output.ToString(), error.ToString());
    }

    private (int Code, string Out, string Err) Init(string folder) =>
        Simulate(root, c => InitCommand.Run(c, folder));

    private static List<string> Files(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];

    [Fact]
    public void Run_NewFolder_WritesEveryStarterFileAndSaysHowToRunIt()
    {
        var (code, output, err) = Init("studies/mine");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(string.Empty, err);
        string folder = Path.Combine(root, "studies", "mine");
        Assert.Equal(StarterFiles.All.Select(f => f.RelativePath), Files(folder));
        foreach (var file in StarterFiles.All)
        {
            Assert.Equal(StarterFiles.Read(file), File.ReadAllBytes(Path.Combine(folder, file.RelativePath)));
        }

        Assert.Contains("Run it: cd studies/mine && simulate run study.yaml", output, StringComparison.Ordinal);
        Assert.Equal(["mine"], Directory.EnumerateFileSystemEntries(Path.Combine(root, "studies")).Select(Path.GetFileName));
    }

    [Fact]
    public void Run_ThenValidateAndRun_TheStarterStudyWritesItsReportWhereTheReadmeSays()
    {
        Assert.Equal(ExitCodes.Ok, Init("starter").Code);
        string folder = Path.Combine(root, "starter");

        var validate = Simulate(folder, c => ValidateCommand.Run(c, [Path.Combine(folder, "study.yaml"), Path.Combine(folder, "standard.yaml")]));
        Assert.True(validate.Code == ExitCodes.Ok, validate.Err);
        Assert.Contains("OK (study `starter`: 2 scenarios, 0 sweep variants, baseline `baseline`)", validate.Out, StringComparison.Ordinal);
        Assert.Contains("OK (study `standard`: 8 scenarios", validate.Out, StringComparison.Ordinal);

        // As the README says: `simulate run study.yaml` in the folder (fewer paths, to be quick).
        var run = Simulate(folder, c => RunCommand.Run(c,
            new RunCommand.Settings([Path.Combine(folder, "study.yaml")], null, 2000, null, 0, true, null, "en")));
        Assert.True(run.Code == ExitCodes.Ok, run.Err);
        string readme = File.ReadAllText(Path.Combine(folder, "README.md"));
        Assert.Contains("simulate run study.yaml", readme, StringComparison.Ordinal);
        Assert.Contains("`output/starter/index.html` or `report.md`", readme, StringComparison.Ordinal);
        string report = File.ReadAllText(Path.Combine(folder, "output", "starter", "report.md"));
        Assert.StartsWith("# Shenzhen 20+8, starter study\n", report, StringComparison.Ordinal);
        Assert.Contains("| Technological-transformation budget doubled |", report, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder, "output", "starter", "index.html")));
        Assert.True(File.Exists(Path.Combine(folder, "output", "starter", "double-subsidy", "targets.csv")));
    }

    [Fact]
    public void Run_NonEmptyFolder_IsRefusedWithItsPathAndLeftAsItWas()
    {
        string folder = Path.Combine(root, "taken");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "mine");

        var (code, output, err) = Init("taken");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains("simulate: taken is not empty (it holds notes.txt)", err, StringComparison.Ordinal);
        Assert.Equal(["notes.txt"], Files(folder));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(folder, "notes.txt")));
        Assert.Equal(["taken"], Directory.EnumerateFileSystemEntries(root).Select(Path.GetFileName));
    }

    [Fact]
    public void Run_FolderHoldingOnlyAHiddenFolder_IsRefused()
    {
        Directory.CreateDirectory(Path.Combine(root, "repo", ".git"));

        var (code, _, err) = Init("repo");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("repo is not empty (it holds .git)", err, StringComparison.Ordinal);
        Assert.Empty(Files(Path.Combine(root, "repo")));
    }

    [Fact]
    public void Run_AFile_IsRefused()
    {
        File.WriteAllText(Path.Combine(root, "study"), "x");

        var (code, _, err) = Init("study");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("simulate: study is a file", err, StringComparison.Ordinal);
        Assert.Equal("x", File.ReadAllText(Path.Combine(root, "study")));
    }

    [Fact]
    public void Run_EmptyFolder_IsFilledInPlace()
    {
        string folder = Path.Combine(root, "empty");
        Directory.CreateDirectory(folder);

        var (code, output, _) = Simulate(folder, c => InitCommand.Run(c, "."));

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("Run it: simulate run study.yaml", output, StringComparison.Ordinal);
        Assert.Equal(StarterFiles.All.Select(f => f.RelativePath), Files(folder));
        Assert.DoesNotContain(Directory.EnumerateDirectories(folder), d => Path.GetFileName(d).StartsWith(".simulate-init", StringComparison.Ordinal));
        Assert.Equal(["empty"], Directory.EnumerateFileSystemEntries(root).Select(Path.GetFileName));
    }

    [Fact]
    public void Run_CancelledWhileWriting_LeavesNoFolderAndNoStaging()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        using var output = new StringWriter();
        using var error = new StringWriter();

        int code = Cli.Run(["init", Path.Combine(root, "new")], output, error, NullLogger.Instance, cancelled.Token);

        Assert.Equal(ExitCodes.Cancelled, code);
        Assert.Empty(Directory.EnumerateFileSystemEntries(root));
    }

    [Fact]
    public void Run_CancelledFillingAnEmptyFolder_LeavesItEmpty()
    {
        string folder = Path.Combine(root, "empty");
        Directory.CreateDirectory(folder);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => Simulate(folder, c => InitCommand.Run(c, "."), cancelled.Token));
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
    }

    [Fact]
    public void Run_Help_DescribesTheStarterFolder()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        int code = Cli.Run(["init", "--help"], output, error);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("simulate init my-study && cd my-study", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("DIR must be new or empty", output.ToString(), StringComparison.Ordinal);
    }
}

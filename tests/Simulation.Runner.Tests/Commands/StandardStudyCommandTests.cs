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
    public void Run_ValidStudy_PrintsItsSummaryAndThatTheEngineComesNext()
    {
        var (code, output, err) = Run(TestPaths.Data("tiny-study.yaml"));

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(string.Empty, err);
        Assert.Contains("study `tiny-study`: 2 scenario(s), 6 sweep variant(s), baseline `baseline`", output, StringComparison.Ordinal);
        Assert.Contains("  baseline [baseline]", output, StringComparison.Ordinal);
        Assert.Contains("baseline--budget-2p5--delay-1 (levers.subsidy.annual-budget = 2.5, levers.parks.delay-years = 1)", output, StringComparison.Ordinal);
        Assert.Contains("The Monte Carlo engine lands in the next issue", output, StringComparison.Ordinal);
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

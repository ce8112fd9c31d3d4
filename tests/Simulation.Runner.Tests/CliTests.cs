using System.Text.Json.Nodes;
using Simulation.Runner.Loading;

namespace Simulation.Runner.Tests;

public sealed class CliTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = Cli.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    public static TheoryData<string> BadInputCases()
    {
        var data = new TheoryData<string>();
        foreach (var (name, _) in Expectations())
        {
            if (name != "$comment")
            {
                data.Add(name);
            }
        }

        return data;
    }

    private static JsonObject Expectations() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.BadInput, "expected.json")))!.AsObject();

    [Theory]
    [MemberData(nameof(BadInputCases))]
    public void Run_ValidateBadInput_ReportsTheExpectedProblemAndExitCode(string name)
    {
        var expected = Expectations()[name]!.AsObject();
        string file = Path.Combine(TestPaths.BadInput, name);
        var (code, _, err) = Run("validate", file);

        Assert.Equal(expected["exit"]!.GetValue<int>(), code);
        string at = expected["at"] is { } other
            ? Path.GetRelativePath(Directory.GetCurrentDirectory(), Path.Combine(TestPaths.BadInput, other.GetValue<string>())).Replace('\\', '/')
            : file;
        string location = $"{at}:{expected["line"]!.GetValue<int>()}:{expected["column"]!.GetValue<int>()}: ";
        string message = expected["message"]!.GetValue<string>();
        var lines = err.Split('\n');
        Assert.True(lines.Any(l => l.StartsWith(location, StringComparison.Ordinal) && l.Contains(message, StringComparison.Ordinal)),
            $"expected a line starting `{location}` containing `{message}`; got:\n{err}");
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_EveryBadInputFile_HasAnExpectation()
    {
        var expected = Expectations();
        var files = Directory.GetFiles(TestPaths.BadInput, "*.yaml").Select(Path.GetFileName).ToList();
        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.True(expected.ContainsKey(f!), $"BadInput/{f} has no entry in expected.json"));
    }

    [Fact]
    public void Run_ValidateValidFiles_ExitsZeroWithOneOkLinePerFile()
    {
        var (code, output, err) = Run("validate", TestPaths.Data("tiny-dataset.yaml"), TestPaths.Data("tiny-study.yaml"));

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(string.Empty, err);
        var lines = output.TrimEnd().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Contains(": OK (dataset `tiny`", lines[0], StringComparison.Ordinal);
        Assert.Contains(": OK (study `tiny-study`: 2 scenarios, 6 sweep variants", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ValidateMissingFile_ExitsFourWithAClearMessage()
    {
        var (code, _, err) = Run("validate", "no/such/file.yaml");

        Assert.Equal(ExitCodes.InputOutput, code);
        Assert.Contains("cannot read `no/such/file.yaml`: no such", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ValidateDirectory_ExitsFour()
    {
        var (code, _, err) = Run("validate", TestPaths.TestData);

        Assert.Equal(ExitCodes.InputOutput, code);
        Assert.Contains("is a directory", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ValidateValidAndInvalid_ExitsThreeAndReportsOnlyTheInvalid()
    {
        var (code, output, err) = Run("validate", TestPaths.Data("tiny-baseline.yaml"), Path.Combine(TestPaths.BadInput, "paths-zero.yaml"));

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("OK (scenario `baseline`", output, StringComparison.Ordinal);
        Assert.Contains("paths-zero.yaml:4:8: `paths` must be between 1 and 100,000,000, found 0", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("validate")]
    [InlineData("--no-such-option")]
    [InlineData("frobnicate")]
    [InlineData("schema", "extra")]
    public void Run_Misuse_ExitsTwo(params string[] args)
    {
        var (code, _, err) = Run(args);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("simulate --help", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Help_ShowsCommandsAndExamples()
    {
        var (code, output, _) = Run("--help");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("Examples:", output, StringComparison.Ordinal);
        Assert.Contains("validate", output, StringComparison.Ordinal);
        Assert.Contains("schema", output, StringComparison.Ordinal);
        Assert.Contains("simulate init my-study", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Schema_PrintsTheEmbeddedSchema()
    {
        var (code, output, _) = Run("schema");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(ScenarioSchema.Instance.Text.TrimEnd(), output.TrimEnd());
        Assert.Equal("http://json-schema.org/draft-07/schema#", JsonNode.Parse(output)!["$schema"]!.GetValue<string>());
    }

    [Fact]
    public void Run_CancelledBeforeStart_ExitsOneHundredThirty()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        using var output = new StringWriter();
        using var error = new StringWriter();

        int code = Cli.Run(["validate", TestPaths.Data("tiny-dataset.yaml")], output, error, cancellationToken: cts.Token);

        Assert.Equal(ExitCodes.Cancelled, code);
    }
}

public sealed class CliInternalErrorTests
{
    [Fact]
    public void Run_CommandThrows_ExitsOneWithAShortMessageAndNoStackTrace()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var logger = new ListLogger();

        int code = Cli.RunWith(
            _ =>
        {
            var root = new System.CommandLine.RootCommand();
            var boom = new System.CommandLine.Command("boom");
            boom.SetAction((System.CommandLine.ParseResult _) => Throw());
            root.Subcommands.Add(boom);
            return root;
        },
            ["boom"],
            output,
            error,
            logger,
            CancellationToken.None);

        Assert.Equal(ExitCodes.Internal, code);
        Assert.Contains("internal error (InvalidOperationException: a bug)", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
        Assert.Contains(logger.Entries, e => e.Contains("a bug", StringComparison.Ordinal));
    }

    private static int Throw() => throw new InvalidOperationException("a bug");

    private sealed class ListLogger : Microsoft.Extensions.Logging.ILogger
    {
        public List<string> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter) => Entries.Add(formatter(state, exception));
    }
}

using System.CommandLine;
using System.Numerics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Simulation.Runner.Commands;

namespace Simulation.Runner;

/// <summary>
/// The <c>simulate</c> command line. <see cref="Run"/> is the whole program minus the host, so tests
/// run it in process with their own writers.
/// </summary>
public static class Cli
{
    private const string Description = """
        simulate: a Monte Carlo engine for industrial-policy scenarios.

        With no command, runs the standard study: scenarios/standard.yaml, looked for in the current
        directory and the folders above it (never beside the program), into output/standard/ of the
        folder that holds it. Found nowhere, it stops with exit 2: run it inside a project folder, or
        name a study: simulate run FILE.

        Examples:
          simulate                                       run the standard study
          simulate run my-study.yaml --paths 50000       run a study into output/<study id>/
          simulate run base.yaml policy.yaml             two scenarios; the first is the baseline
          simulate validate scenarios/standard.yaml      check a study and every file it uses
          simulate validate scenarios/*.yaml             check several files; every problem as file:line:column: message
          simulate schema > scenario.schema.json         the JSON Schema of the scenario language
          simulate bench                                 engine throughput (cluster-years per second)
          simulate init my-study                         a starter folder (dataset, scenarios, study, schema) that runs as is

        Exit codes: 0 success; 1 internal error; 2 command-line misuse; 3 invalid scenario or data;
        4 input/output failure; 5 stale report (--check); 130 cancelled.
        """;

    /// <summary>Builds the command tree; a new command (e.g. <c>run</c>) is one more subcommand here.</summary>
    public static RootCommand BuildRoot(Func<CliContext> context)
    {
        var root = new RootCommand(Description);
        root.Subcommands.Add(RunCommand.Create(context));
        root.Subcommands.Add(ValidateCommand.Create(context));
        root.Subcommands.Add(SchemaCommand.Create(context));
        root.Subcommands.Add(BenchCommand.Create(context));
        root.Subcommands.Add(MergeCommand.Create(context));
        root.Subcommands.Add(InitCommand.Create(context));
        root.SetAction(_ => StandardStudyCommand.Run(context()));
        return root;
    }

    /// <summary>
    /// An option holding a whole number, whose parse error says so in words (the library's names the
    /// .NET type, e.g. <c>System.Nullable`1[System.Int32]</c>).
    /// </summary>
    internal static Option<T> WholeNumber<T>(string name, string description, string helpName = "N")
        where T : IBinaryInteger<T>, IMinMaxValue<T> =>
        new(name) { Description = description, HelpName = helpName, CustomParser = r => ParseWhole<T>(r, name) };

    /// <summary><see cref="WholeNumber{T}"/> that may be absent (null: not given).</summary>
    internal static Option<T?> OptionalWholeNumber<T>(string name, string description, string helpName = "N")
        where T : struct, IBinaryInteger<T>, IMinMaxValue<T> =>
        new(name) { Description = description, HelpName = helpName, CustomParser = r => ParseWhole<T>(r, name) };

    private static T ParseWhole<T>(System.CommandLine.Parsing.ArgumentResult result, string name)
        where T : IBinaryInteger<T>, IMinMaxValue<T>
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (T.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        string range = T.IsZero(T.MinValue) ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $" from 0 to {T.MaxValue}") : "";
        result.AddError($"{name} expects a whole number{range}, found `{text}`");
        return T.Zero;
    }

    /// <summary>Parses and runs a command line; returns the exit code. Never throws for a user's mistake.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, ILogger? logger = null, CancellationToken cancellationToken = default) =>
        RunWith(BuildRoot, args, output, error, logger, cancellationToken);

    /// <summary>
    /// As <see cref="Run"/> with another command tree, or another current directory (tests: the process's
    /// is shared by tests running in parallel).
    /// </summary>
    internal static int RunWith(Func<Func<CliContext>, RootCommand> buildRoot, string[] args, TextWriter output, TextWriter error,
        ILogger? logger, CancellationToken cancellationToken, string? currentDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        logger ??= NullLogger.Instance;
        var context = new CliContext(output, error, logger, currentDirectory ?? Directory.GetCurrentDirectory(), cancellationToken);
        try
        {
            var root = buildRoot(() => context);
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0)
            {
                foreach (var e in parse.Errors)
                {
                    error.WriteLine($"simulate: {e.Message}");
                }

                error.WriteLine("Try `simulate --help`.");
                return ExitCodes.Usage;
            }

            int code = parse.Invoke(new InvocationConfiguration
            {
                Output = output,
                Error = error,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            });
            // A command that finished its work keeps its code even if Ctrl+C came just after.
            return cancellationToken.IsCancellationRequested && code != ExitCodes.Ok ? ExitCodes.Cancelled : code;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("simulate: cancelled");
            return ExitCodes.Cancelled;
        }
        catch (Exception e)
        {
            logger.LogError("Internal error: {Type}: {Message}", e.GetType().FullName, e.Message);
            logger.LogDebug(e, "Internal error details");
            error.WriteLine($"simulate: internal error ({e.GetType().Name}: {e.Message}); this is a bug, details are in the log (set Logging__LogLevel__Default=Debug for the stack trace)");
            return ExitCodes.Internal;
        }
    }
}

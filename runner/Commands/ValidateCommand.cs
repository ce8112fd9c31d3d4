using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Simulation.Runner.Loading;

namespace Simulation.Runner.Commands;

/// <summary><c>simulate validate FILE...</c>: check datasets, scenarios and studies; print every problem.</summary>
public static class ValidateCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(Func<CliContext> context)
    {
        var files = new Argument<string[]>("FILE")
        {
            Description = "Dataset, scenario or study files (YAML).",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("validate", "Check scenario files and print every problem as file:line:column: message.")
        {
            files,
        };
        command.SetAction(parse => Run(context(), parse.GetValue(files) ?? []));
        return command;
    }

    /// <summary>Validates the files: 0 when all are valid, 3 when any is invalid, 4 when any cannot be read.</summary>
    public static int Run(CliContext context, IReadOnlyList<string> files)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(files);
        if (RunCommand.UnknownOption(context, files, ["--help"]))
        {
            return ExitCodes.Usage;
        }

        bool invalid = false;
        bool io = false;
        foreach (string file in files)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var result = new ScenarioLoader().Load(file);
            if (context.Logger.IsEnabled(LogLevel.Debug))
            {
                context.Logger.LogDebug("Validated {File}: {Status}, {Count} problem(s)", file, result.Status, result.Diagnostics.Count);
            }
            switch (result.Status)
            {
                case LoadStatus.IoError:
                    context.Err.WriteLine($"simulate: {result.IoError}");
                    io = true;
                    break;
                case LoadStatus.Invalid:
                    context.WriteDiagnostics(result, file);
                    invalid = true;
                    break;
                default:
                    context.Out.WriteLine($"{file}: OK ({Summary(result)})");
                    break;
            }
        }

        if (invalid && !io)
        {
            context.Err.WriteLine("simulate: invalid input: fix the problems above");
        }

        return io ? ExitCodes.InputOutput : invalid ? ExitCodes.InvalidInput : ExitCodes.Ok;
    }

    /// <summary>A one-line description of a valid file.</summary>
    public static string Summary(LoadResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Study is { } study)
        {
            int variants = study.Scenarios.Count(s => !s.Sweep.IsEmpty);
            return string.Create(CultureInfo.InvariantCulture,
                $"study `{study.Id}`: {Reports.Numbers.Count(study.Scenarios.Length - variants, "scenario")}, {Reports.Numbers.Count(variants, "sweep variant")}, baseline `{study.BaselineId}`");
        }

        if (result.Scenario is { } s)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"scenario `{s.Scenario.Id}`: {Reports.Numbers.Count(s.Scenario.Dataset.Clusters.Length, "cluster")}, {Reports.Numbers.Count(s.Scenario.Targets.Length, "target")}, {s.Scenario.Dataset.BaseYear}..{s.Scenario.Horizon}");
        }

        var d = result.Dataset!;
        return string.Create(CultureInfo.InvariantCulture,
            $"dataset `{d.Id}`: {Reports.Numbers.Count(d.Clusters.Length, "cluster")}, {Reports.Numbers.Count(d.Events.Length, "event")}, base year {d.BaseYear}");
    }
}

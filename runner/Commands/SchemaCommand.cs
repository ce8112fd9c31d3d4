using System.CommandLine;
using Simulation.Runner.Loading;

namespace Simulation.Runner.Commands;

/// <summary><c>simulate schema</c>: print the JSON Schema of the scenario language.</summary>
public static class SchemaCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(Func<CliContext> context)
    {
        var command = new Command("schema", "Print the JSON Schema (draft-07) of the scenario language to standard output.");
        command.SetAction(_ => Run(context()));
        return command;
    }

    /// <summary>Writes the embedded schema.</summary>
    public static int Run(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        string text = ScenarioSchema.Instance.Text;
        context.Out.Write(text.EndsWith('\n') ? text : text + "\n");
        return ExitCodes.Ok;
    }
}

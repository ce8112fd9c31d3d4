using System.Globalization;
using Simulation.Runner.Loading;

namespace Simulation.Runner.Commands;

/// <summary>
/// <c>simulate</c> with no arguments: the standard study, scenarios/standard.yaml, found by walking up
/// from the current directory and from the app's base directory. For now it loads and validates the
/// study and prints its summary; the Monte Carlo run lands with the engine.
/// </summary>
public static class StandardStudyCommand
{
    /// <summary>The standard study, relative to the repository root.</summary>
    public static readonly string RelativePath = Path.Combine("scenarios", "standard.yaml");

    /// <summary>Finds scenarios/standard.yaml above any of the start directories.</summary>
    public static string? Find(params string[] startDirectories)
    {
        ArgumentNullException.ThrowIfNull(startDirectories);
        foreach (string start in startDirectories)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, RelativePath);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>Loads, validates and summarises the standard study.</summary>
    public static int Run(CliContext context, string? studyPath = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        string? path = studyPath ?? Find(context.CurrentDirectory, AppContext.BaseDirectory);
        if (path is null)
        {
            context.Err.WriteLine($"simulate: cannot find {RelativePath} in {context.CurrentDirectory} or any folder above it (nor above {AppContext.BaseDirectory}); run from the repository, or name a file: simulate validate FILE");
            return ExitCodes.InputOutput;
        }

        string shown = Path.GetRelativePath(context.CurrentDirectory, path).Replace('\\', '/');
        var result = new ScenarioLoader().Load(path);
        if (result.Status == LoadStatus.IoError)
        {
            context.Err.WriteLine($"simulate: {result.IoError}");
            return ExitCodes.InputOutput;
        }

        if (!result.IsValid)
        {
            context.WriteDiagnostics(result, shown);
            context.Err.WriteLine("simulate: invalid input: fix the problems above");
            return ExitCodes.InvalidInput;
        }

        if (result.Study is not { } study)
        {
            context.Err.WriteLine($"simulate: {shown} is a {result.Kind}, not a study");
            return ExitCodes.InvalidInput;
        }

        var o = context.Out;
        o.WriteLine($"{shown}: {ValidateCommand.Summary(result)}");
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  run: {study.Options.Paths} paths, seed {study.Options.Seed}"));
        foreach (var s in study.Scenarios)
        {
            string sweep = s.Sweep.IsEmpty ? string.Empty
                : " (" + string.Join(", ", s.Sweep.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.LeverPath} = {p.Value}"))) + ")";
            string baseline = s.Scenario.Id == study.BaselineId ? " [baseline]" : string.Empty;
            o.WriteLine($"  {s.Scenario.Id}{baseline}{sweep}");
        }

        o.WriteLine("The study is valid. The Monte Carlo engine lands in the next issue: nothing was simulated yet.");
        return ExitCodes.Ok;
    }
}

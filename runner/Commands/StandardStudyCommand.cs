
namespace Simulation.Runner.Commands;

/// <summary>
/// <c>simulate</c> with no arguments: the standard study, scenarios/standard.yaml, found by walking up
/// from the current directory (only: a program run from elsewhere must not find a repository through its
/// own location and replace that repository's committed report), run into output/standard/.
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

    /// <summary>
    /// Runs the standard study into output/standard/ beside the scenarios folder (the repository's
    /// committed report), with the study's own settings.
    /// </summary>
    public static int Run(CliContext context, string? studyPath = null, RunCommand.Settings? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        string? path = studyPath ?? Find(context.CurrentDirectory);
        if (path is null)
        {
            string relative = RelativePath.Replace('\\', '/');
            context.Err.WriteLine($"simulate: no {relative} in {context.CurrentDirectory} or any folder above it: with no command, simulate runs that study, "
                + $"the standard study of the project folder it is started in. Run it inside a project folder (one holding {relative}), or name a study: simulate run <study.yaml>");
            return ExitCodes.Usage;
        }

        string root = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(path))!)!;
        var settings = (overrides ?? new RunCommand.Settings([], null, null, null, 0, false, null, "en")) with
        {
            Files = [path],
        };
        settings = settings with { Out = settings.Out ?? Path.Combine(root, "output", "standard") };
        return RunCommand.Run(context, settings);
    }
}

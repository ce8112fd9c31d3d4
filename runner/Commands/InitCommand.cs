using System.CommandLine;
using System.Globalization;
using Simulation.Runner.Output;
using Simulation.Runner.Starter;

namespace Simulation.Runner.Commands;

/// <summary>
/// <c>simulate init DIR</c>: writes a starter folder that runs as is (<see cref="StarterFiles"/>). The
/// folder is written into a hidden sibling and moved into place whole, so a failure or Ctrl+C leaves
/// nothing behind; a DIR that exists and is not empty is refused, never written into.
/// </summary>
public static class InitCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(Func<CliContext> context)
    {
        var folder = new Argument<string>("DIR") { Description = "The folder to write: a new one, or an empty one." };
        var command = new Command("init", """
            Write a starter folder that runs as is: the Shenzhen 2023 dataset (data/), the standard
            scenarios (standard/), a starter study of the baseline and one policy (study.yaml), the
            standard study (standard.yaml), the JSON Schema (schema/) with VS Code settings that point
            the YAML extension at it (.vscode/), and a README.md. DIR must be new or empty.

            Examples:
              simulate init my-study && cd my-study
              simulate run study.yaml       the starter study into output/starter/ (seconds)
              simulate run standard.yaml    the standard study into output/standard/
            """)
        {
            folder,
        };
        command.SetAction(parse => Run(context(), parse.GetValue(folder)!));
        return command;
    }

    /// <summary>Writes the starter folder at <paramref name="folder"/> (relative to the current directory); returns the exit code.</summary>
    public static int Run(CliContext context, string folder)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(folder);
        if (RunCommand.UnknownOption(context, [folder], ["--help"]))
        {
            return ExitCodes.Usage;
        }

        string target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder, context.CurrentDirectory));
        if (Refusal(target, folder) is { } refusal)
        {
            context.Err.WriteLine("simulate: " + refusal);
            return ExitCodes.Usage;
        }

        var files = StarterFiles.All;
        bool fill = Directory.Exists(target);
        string? parent = Path.GetDirectoryName(target);
        if (!fill && parent is null)
        {
            context.Err.WriteLine($"simulate: {folder}: cannot write a starter folder at the root of the file system");
            return ExitCodes.Usage;
        }

        // A new folder is staged beside it and renamed into place; an empty one (perhaps the shell's
        // current directory, so kept rather than replaced) is staged inside itself and its entries moved up.
        string staging = fill
            ? Path.Combine(target, $".simulate-init-{Guid.NewGuid():N}")
            : Path.Combine(parent!, $".{Path.GetFileName(target)}.init-{Guid.NewGuid():N}");
        bool placed = false;
        try
        {
            Directory.CreateDirectory(staging);
            foreach (var file in files)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                string path = Path.Combine(staging, file.RelativePath);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                using var source = StarterFiles.Open(file);
                using var destination = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
                source.CopyTo(destination);
            }

            context.CancellationToken.ThrowIfCancellationRequested();
            if (fill)
            {
                MoveEntriesUp(staging, target);
            }
            else
            {
                Directory.Move(staging, target);
            }

            placed = true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            context.Err.WriteLine($"simulate: {folder}: cannot write the starter folder ({ex.Message})");
            return ExitCodes.InputOutput;
        }
        finally
        {
            if (!placed)
            {
                TryDelete(staging);
            }
        }

        string shown = Path.GetRelativePath(context.CurrentDirectory, target).Replace('\\', '/');
        int scenarios = files.Count(f => f.RelativePath.StartsWith("standard/", StringComparison.Ordinal));
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{shown}: a starter folder of {files.Count} files: {StarterFiles.StudyFile} (the baseline and one policy), standard.yaml and {scenarios} scenarios in standard/, the dataset in data/, the JSON Schemas in schema/, VS Code settings in .vscode/, README.md"));
        string cd = shown == "." ? string.Empty : $"cd {Quote(shown)} && ";
        context.Out.WriteLine($"Run it: {cd}simulate run {StarterFiles.StudyFile}   (the report goes to output/starter/report.md and index.html; README.md says more)");
        return ExitCodes.Ok;
    }

    /// <summary>Why nothing may be written at <paramref name="target"/>, or null: it is a file or under one, or a folder that holds anything.</summary>
    internal static string? Refusal(string target, string shown)
    {
        if (ReportFolder.FileInTheWay(target) is { } file)
        {
            return file == target
                ? $"{shown} is a file: give a new folder, or an empty one"
                : $"{shown} cannot be a folder, as `{file}` above it is a file: give a new folder, or an empty one";
        }

        if (!Directory.Exists(target))
        {
            return null;
        }

        var entries = Directory.EnumerateFileSystemEntries(target).Select(Path.GetFileName).Order(StringComparer.Ordinal).Take(4).ToList();
        return entries.Count == 0
            ? null
            : $"{shown} is not empty (it holds {string.Join(", ", entries.Take(3))}{(entries.Count > 3 ? ", …" : "")}), and `simulate init` never writes over files: give a new folder, or an empty one";
    }

    /// <summary>
    /// Moves every entry of <paramref name="staging"/> up into <paramref name="target"/> (its parent) and
    /// removes it; if a move fails, the entries already moved go back, so the target is left empty.
    /// </summary>
    private static void MoveEntriesUp(string staging, string target)
    {
        var moved = new List<(string From, string To)>();
        try
        {
            foreach (string entry in Directory.EnumerateFileSystemEntries(staging).ToList())
            {
                string to = Path.Combine(target, Path.GetFileName(entry));
                if (File.Exists(to) || Directory.Exists(to))
                {
                    throw new IOException($"{to} appeared while the starter folder was written");
                }

                if (Directory.Exists(entry))
                {
                    Directory.Move(entry, to);
                }
                else
                {
                    File.Move(entry, to);
                }

                moved.Add((entry, to));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            foreach (var (from, to) in Enumerable.Reverse(moved))
            {
                if (Directory.Exists(to))
                {
                    Directory.Move(to, from);
                }
                else
                {
                    File.Move(to, from);
                }
            }

            throw;
        }

        Directory.Delete(staging);
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover hidden folder beside DIR is harmless, and DIR itself was not written.
        }
    }

    /// <summary>The path as a shell would need it typed (single-quoted when it holds anything but safe characters).</summary>
    private static string Quote(string path) =>
        path.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '-' or '_') ? path : "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

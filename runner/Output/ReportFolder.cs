using System.Text;

namespace Simulation.Runner.Output;

/// <summary>
/// Builds a report in a temporary folder beside its target and moves it into place only when it is
/// complete, so a crash, a failure or Ctrl+C never leaves a half-written report, and a second run over
/// an existing report replaces it only when the new one is whole.
/// </summary>
internal sealed class ReportFolder : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> written = new(StringComparer.Ordinal);
    private bool committed;

    private ReportFolder(string target, string staging)
    {
        Target = target;
        Staging = staging;
    }

    /// <summary>The folder the report ends up in.</summary>
    public string Target { get; }

    /// <summary>The temporary folder the report is written into.</summary>
    public string Staging { get; }

    /// <summary>
    /// Why no report may be written to <paramref name="target"/>, or null: a folder that holds files
    /// but no report (no run.json) would be deleted when the new report replaces it. (A file in the
    /// way is <see cref="FileRefusal"/>'s, which callers ask first: it is an input/output failure.)
    /// </summary>
    public static string? Refusal(string target) =>
        Directory.Exists(target) && !File.Exists(Path.Combine(target, "run.json")) && Directory.EnumerateFileSystemEntries(target).Any()
            ? $"{target} holds files but no report (no run.json), and a report replaces its folder whole: choose a new or empty folder"
            : null;

    /// <summary>What to name instead of a folder that cannot hold a report.</summary>
    public const string FolderAdvice = "name a new or empty folder, or one holding an earlier report";

    /// <summary>Why no folder can be made at <paramref name="target"/> because it, or the nearest existing path above it, is a file; or null.</summary>
    public static string? FileRefusal(string target) => FileInTheWay(target) switch
    {
        null => null,
        string file when file == Path.TrimEndingDirectorySeparator(Path.GetFullPath(target)) => $"`{target}` is a file, not a folder (a report is a folder of files)",
        string file => $"`{target}` cannot be a folder, as `{file}` above it is a file",
    };

    /// <summary>The file that stands where <paramref name="target"/> or the nearest existing path above it is (full path), or null when that is a folder.</summary>
    public static string? FileInTheWay(string target)
    {
        for (string? path = Path.TrimEndingDirectorySeparator(Path.GetFullPath(target)); !string.IsNullOrEmpty(path); path = Path.GetDirectoryName(path))
        {
            if (File.Exists(path))
            {
                return path;
            }

            if (Directory.Exists(path))
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>Creates the staging folder beside <paramref name="target"/>.</summary>
    /// <exception cref="IOException">The folder cannot be created (the message names it).</exception>
    public static ReportFolder Create(string target)
    {
        if (Refusal(target) is { } refusal)
        {
            throw new IOException(refusal);
        }

        string full = Path.GetFullPath(target).TrimEnd(Path.DirectorySeparatorChar);
        string parent = Path.GetDirectoryName(full) ?? throw new IOException($"{target}: cannot write a report at the root of the file system");
        string staging = Path.Combine(parent, $".{Path.GetFileName(full)}.partial-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(staging);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{staging}: cannot create the output folder ({ex.Message})", ex);
        }

        return new ReportFolder(full, staging);
    }

    /// <summary>
    /// The files written so far, as '/'-separated paths relative to the report, in ordinal order: what the
    /// report's pages may link to. Thread safe (charts are written several at a time).
    /// </summary>
    public IReadOnlyList<string> Files => [.. written.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Writes a text file (UTF-8, no BOM) at a path relative to the report.</summary>
    public void WriteText(string relativePath, string text) => WriteBytes(relativePath, Utf8.GetBytes(text));

    /// <summary>Writes a file at a path relative to the report.</summary>
    public void WriteBytes(string relativePath, byte[] bytes)
    {
        string path = Path.Combine(Staging, relativePath);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
            written[relativePath.Replace('\\', '/')] = 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{path}: cannot write ({ex.Message})", ex);
        }
    }

    /// <summary>Writes a file at a path relative to the report by streaming into it (a table too large to hold in memory); returns its SHA-256, lower-case hex.</summary>
    public string WriteStream(string relativePath, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        string path = Path.Combine(Staging, relativePath);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(file);
            }

            written[relativePath.Replace('\\', '/')] = 0;

            using var read = File.OpenRead(path);
            return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(read));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{path}: cannot write ({ex.Message})", ex);
        }
    }

    /// <summary>Moves the complete report into place, replacing any previous one.</summary>
    public void Commit()
    {
        string? old = null;
        try
        {
            if (Directory.Exists(Target))
            {
                old = Target + $".old-{Guid.NewGuid():N}";
                Directory.Move(Target, old);
            }

            Directory.Move(Staging, Target);
            committed = true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Put the previous report back if it was moved aside.
            if (old is not null && !Directory.Exists(Target) && Directory.Exists(old))
            {
                Directory.Move(old, Target);
                old = null;
            }

            throw new IOException($"{Target}: cannot move the finished report into place ({ex.Message})", ex);
        }

        if (old is not null)
        {
            TryDelete(old);
        }
    }

    /// <summary>Removes the staging folder unless the report was committed.</summary>
    public void Dispose()
    {
        if (!committed)
        {
            TryDelete(Staging);
        }
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
            // A leftover hidden folder is harmless; the report itself is complete.
        }
    }
}

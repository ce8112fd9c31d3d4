using Microsoft.Extensions.Logging;
using Simulation.Runner.Loading;

namespace Simulation.Runner.Commands;

/// <summary>What every command needs: where to write, where to log, and the cancellation of the run.</summary>
/// <param name="Out">Standard output (results).</param>
/// <param name="Err">Standard error (problems).</param>
/// <param name="Logger">The log.</param>
/// <param name="CurrentDirectory">The directory relative paths are shown against.</param>
/// <param name="CancellationToken">Cancelled by Ctrl+C.</param>
public sealed record CliContext(TextWriter Out, TextWriter Err, ILogger Logger, string CurrentDirectory, CancellationToken CancellationToken)
{
    /// <summary>Prints problems as <c>file:line:column: message</c>; the given file as given, others relative to the current directory.</summary>
    public void WriteDiagnostics(LoadResult result, string givenPath)
    {
        ArgumentNullException.ThrowIfNull(result);
        foreach (var d in result.Diagnostics)
        {
            Err.WriteLine(d.Format(f => Display(f, result.Path, givenPath)));
        }
    }

    private string Display(string file, string rootFull, string givenPath)
    {
        if (string.Equals(file, rootFull, StringComparison.Ordinal))
        {
            return givenPath;
        }

        string relative = Path.GetRelativePath(CurrentDirectory, file);
        return relative.Replace('\\', '/');
    }
}

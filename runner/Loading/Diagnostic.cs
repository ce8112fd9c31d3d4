using System.Globalization;

namespace Simulation.Runner.Loading;

/// <summary>A 1-based position in a text file.</summary>
public readonly record struct SourcePosition(int Line, int Column);

/// <summary>One problem found in an input file, located at a 1-based line and column.</summary>
/// <param name="File">The full path of the file the problem is in.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Message">A plain sentence saying what is wrong and, where possible, what would be right.</param>
public sealed record Diagnostic(string File, int Line, int Column, string Message)
{
    /// <summary>Creates a diagnostic at a position.</summary>
    public Diagnostic(string file, SourcePosition position, string message)
        : this(file, position.Line, position.Column, message)
    {
    }

    /// <summary>The problem as <c>file:line:column: message</c>, with the file shown as given.</summary>
    public string Format(Func<string, string>? displayPath = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{(displayPath is null ? File : displayPath(File))}:{Line}:{Column}: {Message}");

    /// <inheritdoc/>
    public override string ToString() => Format();

    /// <summary>Sorts by file (in first-seen order), line, column and message, and drops duplicates.</summary>
    public static IReadOnlyList<Diagnostic> SortAndDeduplicate(IEnumerable<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var fileOrder = new Dictionary<string, int>(StringComparer.Ordinal);
        var list = new List<Diagnostic>();
        var seen = new HashSet<Diagnostic>();
        foreach (var d in diagnostics)
        {
            fileOrder.TryAdd(d.File, fileOrder.Count);
            if (seen.Add(d))
            {
                list.Add(d);
            }
        }

        return list
            .OrderBy(d => fileOrder[d.File])
            .ThenBy(d => d.Line)
            .ThenBy(d => d.Column)
            .ThenBy(d => d.Message, StringComparer.Ordinal)
            .ToList();
    }
}

using System.Text;

namespace Simulation.Runner.Reports;

/// <summary>How a Markdown table column is aligned.</summary>
internal enum ColumnAlignment
{
    /// <summary>Left (text).</summary>
    Left,

    /// <summary>Right (numbers).</summary>
    Right,

    /// <summary>Centred.</summary>
    Center,
}

/// <summary>
/// A GitHub-flavoured Markdown table, built row by row and rendered with LF line endings.
/// </summary>
/// <remarks>
/// <see cref="AddRow"/> takes plain text: the characters that would change the rendering (\ ` * _ [ ] &lt; &gt; |)
/// get a backslash (GFM lets any ASCII punctuation be escaped), so names such as "A|B", "C:\x",
/// "R&amp;D *core*" or "&lt;b&gt;" show as written. <see cref="AddMarkdownRow"/> takes cells already in Markdown
/// (links, emphasis) and escapes only the pipe. In both, line breaks become spaces (a table row is
/// one line) and surrounding white space is trimmed. Not thread safe.
/// </remarks>
internal sealed partial class MarkdownTable
{
    private readonly string[] headers;
    private readonly ColumnAlignment[] alignments;
    private readonly List<string[]> rows = [];

    /// <summary>Creates a table with these column headers (plain text) and alignments (default: left).</summary>
    public MarkdownTable(IReadOnlyList<string> headers, IReadOnlyList<ColumnAlignment>? alignments = null)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (headers.Count == 0)
        {
            throw new ArgumentException("A table needs at least one column.", nameof(headers));
        }

        if (alignments is not null && alignments.Count != headers.Count)
        {
            throw new ArgumentException($"{alignments.Count} alignments for {headers.Count} columns.", nameof(alignments));
        }

        this.headers = headers.Select(EscapeText).ToArray();
        this.alignments = alignments?.ToArray() ?? new ColumnAlignment[headers.Count];
    }

    /// <summary>The number of data rows so far.</summary>
    public int RowCount => rows.Count;

    /// <summary>Adds a row of plain-text cells (escaped), one per column.</summary>
    public MarkdownTable AddRow(params IReadOnlyList<string> cells) => Add(cells, EscapeText);

    /// <summary>Adds a row of cells already in Markdown (only pipes and line breaks are escaped).</summary>
    public MarkdownTable AddMarkdownRow(params IReadOnlyList<string> cells) => Add(cells, EscapeMarkdown);

    /// <summary>The table: header, alignment row and data rows, each line ending in LF.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        Line(sb, headers);
        Line(sb, alignments.Select(a => a switch
        {
            ColumnAlignment.Right => "--:",
            ColumnAlignment.Center => ":-:",
            _ => "---",
        }).ToArray());
        foreach (var row in rows)
        {
            Line(sb, row);
        }

        return sb.ToString();
    }

    /// <summary>Plain text as a table cell: Markdown punctuation backslash-escaped, line breaks made spaces.</summary>
    public static string EscapeText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return EscapeMarkdown(EscapePunctuation(text));
    }

    private static string EscapePunctuation(string text)
    {
        var sb = new StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>')
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>
    /// Plain text that may hold web addresses (a source): escaped as <see cref="EscapeText"/>, but each
    /// http(s) address left as written, which Markdown renders as a link; a backslash inside it would
    /// become part of the address ("jp\\_szgov" → "jp%5C_szgov").
    /// </summary>
    public static string EscapeTextKeepingAddresses(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length + 8);
        int at = 0;
        foreach (System.Text.RegularExpressions.Match address in Address().Matches(text))
        {
            sb.Append(EscapePunctuation(text[at..address.Index])).Append(address.Value);
            at = address.Index + address.Length;
        }

        return EscapeMarkdown(sb.Append(EscapePunctuation(text[at..])).ToString());
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"https?://[^\s<>|`*\[\]]+", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex Address();

    /// <summary>Markdown as a table cell: pipes escaped, line breaks made spaces.</summary>
    public static string EscapeMarkdown(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        return markdown.Replace("\r\n", " ", StringComparison.Ordinal)
            .Replace('\r', ' ')
            .Replace('\n', ' ')
            .Replace("|", "\\|", StringComparison.Ordinal)
            .Trim();
    }

    private MarkdownTable Add(IReadOnlyList<string> cells, Func<string, string> escape)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Count != headers.Length)
        {
            throw new ArgumentException($"{cells.Count} cells for {headers.Length} columns.", nameof(cells));
        }

        rows.Add(cells.Select(escape).ToArray());
        return this;
    }

    private static void Line(StringBuilder sb, string[] cells)
    {
        sb.Append('|');
        foreach (string cell in cells)
        {
            sb.Append(' ').Append(cell).Append(" |");
        }

        sb.Append('\n');
    }
}

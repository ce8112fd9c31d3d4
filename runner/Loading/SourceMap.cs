namespace Simulation.Runner.Loading;

/// <summary>
/// Where each node of a JSON tree read from YAML came from: JSON pointer → (line, column) of the
/// value, and for members of a mapping also the position of the key itself.
/// </summary>
public sealed class SourceMap
{
    private readonly Dictionary<string, SourcePosition> values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SourcePosition> keys = new(StringComparer.Ordinal);

    /// <summary>Creates an empty map for a file.</summary>
    public SourceMap(string file)
    {
        File = file;
    }

    /// <summary>The full path of the file.</summary>
    public string File { get; }

    /// <summary>Number of located values.</summary>
    public int Count => values.Count;

    /// <summary>The position of the value at a JSON pointer ("" is the root).</summary>
    public bool TryGetValue(string pointer, out SourcePosition position) => values.TryGetValue(pointer, out position);

    /// <summary>The position of the mapping key whose value is at a JSON pointer.</summary>
    public bool TryGetKey(string pointer, out SourcePosition position) => keys.TryGetValue(pointer, out position);

    /// <summary>Appends one JSON pointer segment (escaping <c>~</c> and <c>/</c>).</summary>
    public static string Append(string pointer, string segment) =>
        pointer + "/" + segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>Appends an array index.</summary>
    public static string Append(string pointer, int index) =>
        pointer + "/" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The segments of a JSON pointer, unescaped.</summary>
    public static IReadOnlyList<string> Split(string pointer)
    {
        ArgumentNullException.ThrowIfNull(pointer);
        if (pointer.Length == 0)
        {
            return [];
        }

        return pointer[1..].Split('/')
            .Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))
            .ToList();
    }

    /// <summary>The pointer of the parent ("" for a child of the root).</summary>
    public static string Parent(string pointer)
    {
        ArgumentNullException.ThrowIfNull(pointer);
        int i = pointer.LastIndexOf('/');
        return i <= 0 ? string.Empty : pointer[..i];
    }

    internal void SetValue(string pointer, SourcePosition position) => values[pointer] = position;

    internal void SetKey(string pointer, SourcePosition position) => keys[pointer] = position;
}

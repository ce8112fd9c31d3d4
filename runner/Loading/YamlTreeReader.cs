using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Simulation.Runner.Loading;

/// <summary>
/// Reads YAML bytes into a <see cref="JsonObject"/> tree (key order kept) with a <see cref="SourceMap"/>,
/// using YamlDotNet's event parser. Plain scalars resolve by the YAML 1.2 core schema; quoted scalars are
/// strings. Every problem becomes a located <see cref="Diagnostic"/>; no exception escapes.
/// </summary>
public static partial class YamlTreeReader
{
    /// <summary>The most nodes that aliases may expand to in one document.</summary>
    public const int MaxAliasExpansion = 100_000;

    /// <summary>The deepest nesting of mappings and lists accepted.</summary>
    public const int MaxDepth = 64;

    /// <summary>Reads a file's bytes.</summary>
    public static YamlDocument Read(ReadOnlySpan<byte> bytes, string file)
    {
        var map = new SourceMap(file);
        var diagnostics = new List<Diagnostic>();
        string? text = Decode(bytes, file, diagnostics);
        if (text is null)
        {
            return new YamlDocument(file, null, map, diagnostics);
        }

        var builder = new Builder(file, text, map, diagnostics);
        JsonObject? root = null;
        try
        {
            root = builder.ReadDocument();
        }
        catch (StopReadingException)
        {
            root = null;
        }
        catch (YamlException e)
        {
            diagnostics.Add(SyntaxError(file, text, e.Message, (int)e.Start.Line, (int)e.Start.Column));
            root = null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IndexOutOfRangeException)
        {
            // YamlDotNet's scanner throws these on some malformed input (e.g. an unclosed flow list).
            diagnostics.Add(SyntaxError(file, text, "the text cannot be parsed after this point (an unclosed `[`, `{` or quote?)",
                builder.LastPosition.Line, builder.LastPosition.Column));
            root = null;
        }

        return new YamlDocument(file, diagnostics.Count == 0 ? root : null, map, diagnostics);
    }

    private static string? Decode(ReadOnlySpan<byte> bytes, string file, List<Diagnostic> diagnostics)
    {
        if (bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
        {
            diagnostics.Add(new Diagnostic(file, 1, 1, "the file is UTF-16: save it as UTF-8"));
            return null;
        }

        int nul = bytes.IndexOf((byte)0);
        if (nul >= 0)
        {
            var (line, column) = ByteLineColumn(bytes, nul);
            diagnostics.Add(new Diagnostic(file, line, column,
                string.Create(CultureInfo.InvariantCulture, $"not a text file: it contains a NUL byte at byte offset {nul}")));
            return null;
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }

        int offset = 0;
        var rest = bytes;
        while (!rest.IsEmpty)
        {
            var status = Rune.DecodeFromUtf8(rest, out _, out int consumed);
            if (status != OperationStatus.Done)
            {
                var (line, column) = ByteLineColumn(bytes, offset);
                diagnostics.Add(new Diagnostic(file, line, column, string.Create(CultureInfo.InvariantCulture,
                    $"invalid UTF-8 at byte offset {offset} (byte 0x{rest[0]:X2}): save the file as UTF-8")));
                return null;
            }

            offset += consumed;
            rest = rest[consumed..];
        }

        int controls = 0;
        foreach (byte b in bytes)
        {
            if (b < 0x20 && b != (byte)'\n' && b != (byte)'\r' && b != (byte)'\t')
            {
                controls++;
            }
        }

        if (controls > 0)
        {
            diagnostics.Add(new Diagnostic(file, 1, 1, string.Create(CultureInfo.InvariantCulture,
                $"not a text file: it contains {Reports.Numbers.Count(controls, "control character")}")));
            return null;
        }

        return Encoding.UTF8.GetString(bytes);
    }

    private static (int Line, int Column) ByteLineColumn(ReadOnlySpan<byte> bytes, int offset)
    {
        var before = bytes[..offset];
        int line = before.Count((byte)'\n') + 1;
        int lastNewline = before.LastIndexOf((byte)'\n');
        return (line, offset - lastNewline);
    }

    private static Diagnostic SyntaxError(string file, string text, string rawMessage, int line, int column)
    {
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string current = lines[i];
            int indentEnd = 0;
            while (indentEnd < current.Length && (current[indentEnd] == ' ' || current[indentEnd] == '\t'))
            {
                indentEnd++;
            }

            int tab = current.IndexOf('\t', 0, indentEnd);
            if (tab >= 0 && indentEnd < current.Length && current[indentEnd] != '#')
            {
                return new Diagnostic(file, i + 1, tab + 1, "tabs are not allowed for indentation in YAML: indent with spaces");
            }
        }

        string hint = IndentationHint(lines, line);
        string message = PlainSyntaxMessage(rawMessage) + (hint.Length > 0 ? hint : QuotingHint(lines, line));
        return new Diagnostic(file, Math.Max(1, line), Math.Max(1, column), "YAML syntax error: " + message);
    }

    /// <summary>
    /// Most syntax errors in hand-edited YAML are a line indented wrongly: says so when the error's
    /// line is indented like no line above it, or deeper than a line that opens no block.
    /// </summary>
    private static string IndentationHint(string[] lines, int line)
    {
        int at = line - 1;
        if (at < 1 || at >= lines.Length || IsBlankOrComment(lines[at]))
        {
            return "";
        }

        var above = Enumerable.Range(0, at).Where(i => !IsBlankOrComment(lines[i])).ToList();
        if (above.Count == 0)
        {
            return "";
        }

        int previous = above[^1];
        int indent = Indent(lines[at]), previousIndent = KeyIndent(lines[previous]);
        bool opensBlock = lines[previous].Split(" #")[0].TrimEnd().EndsWith(':');
        if (indent > previousIndent && !opensBlock && IsKeyLine(lines[at]))
        {
            return string.Create(CultureInfo.InvariantCulture,
                $" (line {line} is indented more than line {previous + 1}, whose key already has a value: indent it as the key it belongs beside)");
        }

        // Only a step back (a child line deeper than its parent is fine) to a depth no line above has.
        if (indent < previousIndent && !above.Any(i => Indent(lines[i]) == indent || KeyIndent(lines[i]) == indent))
        {
            return string.Create(CultureInfo.InvariantCulture,
                $" (line {line} is indented {indent} spaces, like no line above it: indent it as the keys it belongs beside, e.g. {previousIndent} spaces as on line {previous + 1})");
        }

        return "";
    }

    /// <summary>The other usual cause: a plain value with ": " inside, which YAML reads as a second key.</summary>
    private static string QuotingHint(string[] lines, int line)
    {
        if (line < 1 || line > lines.Length)
        {
            return "";
        }

        string text = lines[line - 1].Trim();
        int colon = text.IndexOf(": ", StringComparison.Ordinal);
        string value = colon < 0 ? "" : text[(colon + 2)..].Trim();
        return value.Contains(": ", StringComparison.Ordinal) && value[0] is not ('"' or '\'' or '{' or '[')
            ? $" (a value with `: ` in it must be quoted: `{text[..(colon + 2)]}\"{value}\"`)"
            : "";
    }

    private static bool IsBlankOrComment(string line) => line.TrimStart().Length == 0 || line.TrimStart().StartsWith('#');

    private static int Indent(string line) => line.Length - line.TrimStart(' ').Length;

    /// <summary>The column of a line's key: after a sequence dash ("- key: …" puts the key two further in).</summary>
    private static int KeyIndent(string line)
    {
        int indent = Indent(line);
        return line.AsSpan(indent).StartsWith("- ") ? indent + 2 + Indent(line[(indent + 2)..]) : indent;
    }

    /// <summary>Whether a line starts with a key (<c>name: …</c>), not with text that merely holds a colon.</summary>
    private static bool IsKeyLine(string line)
    {
        string text = line.TrimStart();
        int colon = text.IndexOf(": ", StringComparison.Ordinal);
        return colon > 0 && !text[..colon].Contains(' ', StringComparison.Ordinal);
    }

    private static string PlainSyntaxMessage(string message)
    {
        string m = message.Trim();
        m = m.Replace("While parsing a node, ", string.Empty, StringComparison.Ordinal)
            .Replace("While parsing a block mapping, ", string.Empty, StringComparison.Ordinal)
            .Replace("While parsing a flow sequence, ", string.Empty, StringComparison.Ordinal)
            .Replace("While parsing a flow mapping, ", string.Empty, StringComparison.Ordinal)
            .Replace("While scanning ", "in ", StringComparison.Ordinal);
        m = m.TrimEnd('.');
        return m.Length == 0 ? "the text is not valid YAML" : char.ToLowerInvariant(m[0]) + m[1..];
    }

    [GeneratedRegex(@"^[-+]?[0-9]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();

    /// <summary>Resolves a plain scalar by the YAML 1.2 core schema. Returns false with a message for non-finite numbers.</summary>
    internal static bool TryResolvePlain(string value, out JsonNode? node, out string? error)
    {
        error = null;
        node = null;
        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return true;
            case "true" or "True" or "TRUE":
                node = JsonValue.Create(true);
                return true;
            case "false" or "False" or "FALSE":
                node = JsonValue.Create(false);
                return true;
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF" or "-.inf" or "-.Inf" or "-.INF":
                error = $"`{value}` is not a finite number: use a finite value";
                return false;
            case ".nan" or ".NaN" or ".NAN":
                error = $"`{value}` is not a finite number (NaN): use a finite value";
                return false;
        }

        if (IntPattern().IsMatch(value))
        {
            if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l))
            {
                node = JsonValue.Create(l);
                return true;
            }

            return ParseDouble(value, out node, out error);
        }

        if (value.StartsWith("0x", StringComparison.Ordinal) && value.Length > 2 &&
            long.TryParse(value.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long hex))
        {
            node = JsonValue.Create(hex);
            return true;
        }

        if (value.StartsWith("0o", StringComparison.Ordinal) && value.Length > 2 && value.AsSpan(2).IndexOfAnyExceptInRange('0', '7') < 0)
        {
            try
            {
                node = JsonValue.Create(Convert.ToInt64(value[2..], 8));
                return true;
            }
            catch (OverflowException)
            {
                error = $"`{value}` is too large a number";
                return false;
            }
        }

        if (FloatPattern().IsMatch(value))
        {
            return ParseDouble(value, out node, out error);
        }

        node = JsonValue.Create(value);
        return true;
    }

    private static bool ParseDouble(string value, out JsonNode? node, out string? error)
    {
        double d = double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!double.IsFinite(d))
        {
            node = null;
            error = $"`{value}` is not a finite number: it is too large for a double";
            return false;
        }

        node = JsonValue.Create(d);
        error = null;
        return true;
    }

    private sealed class StopReadingException : Exception
    {
    }

    private sealed class Builder(string file, string text, SourceMap map, List<Diagnostic> diagnostics)
    {
        private readonly Parser parser = new(new StringReader(text));
        private readonly Dictionary<string, (JsonNode? Node, int Size)> anchors = new(StringComparer.Ordinal);
        private int expanded;

        public SourcePosition LastPosition { get; private set; } = new(1, 1);

        public JsonObject? ReadDocument()
        {
            Next();
            Expect<StreamStart>();
            Next();
            if (parser.Current is StreamEnd)
            {
                Fail(1, 1, "the file is empty: expected a dataset, scenario or study");
            }

            Expect<DocumentStart>();
            Next();
            var start = parser.Current!.Start;
            if (parser.Current is Scalar { Value: "" } s && s.Style == ScalarStyle.Plain)
            {
                Fail(Pos(start), "the file is empty: expected a dataset, scenario or study");
            }

            if (parser.Current is not MappingStart)
            {
                string found = parser.Current switch
                {
                    SequenceStart => "a list",
                    Scalar sc => $"{Describe(sc)}",
                    _ => "something else",
                };
                Fail(Pos(start), $"expected a mapping with `kind` at the top, found {found}");
            }

            var root = (JsonObject)ReadNode(string.Empty, 0, out _)!;
            Expect<DocumentEnd>();
            Next();
            if (parser.Current is DocumentStart)
            {
                Fail(Pos(parser.Current.Start),
                    "a second YAML document (`---`): put one dataset, scenario or study in each file");
            }

            return root;
        }

        private static string Describe(Scalar scalar)
        {
            if (scalar.Style != ScalarStyle.Plain)
            {
                return $"the text `{scalar.Value}`";
            }

            TryResolvePlain(scalar.Value, out var n, out _);
            return n is null ? "nothing (null)" : $"`{scalar.Value}`";
        }

        private static SourcePosition Pos(Mark mark) => new((int)mark.Line, (int)mark.Column);

        private void Next()
        {
            if (!parser.MoveNext())
            {
                Fail(LastPosition, "unexpected end of the YAML stream");
            }

            LastPosition = Pos(parser.Current!.Start);
        }

        private void Expect<T>()
            where T : ParsingEvent
        {
            if (parser.Current is not T)
            {
                var p = parser.Current?.Start;
                Fail(p is null ? 1 : (int)p.Value.Line, p is null ? 1 : (int)p.Value.Column, "unexpected YAML structure");
            }
        }

        private void Fail(int line, int column, string message) => Fail(new SourcePosition(line, column), message);

        private void Fail(SourcePosition position, string message)
        {
            diagnostics.Add(new Diagnostic(file, position, message));
            throw new StopReadingException();
        }

        private void Error(SourcePosition position, string message) => diagnostics.Add(new Diagnostic(file, position, message));

        // Reads the node at the current event and leaves the parser on the event after it.
        private JsonNode? ReadNode(string pointer, int depth, out int size)
        {
            var ev = parser.Current!;
            var position = Pos(ev.Start);
            map.SetValue(pointer, position);
            switch (ev)
            {
                case AnchorAlias alias:
                    {
                        string name = alias.Value.Value;
                        if (!anchors.TryGetValue(name, out var anchored))
                        {
                            Fail(position, $"unknown alias `*{name}`: no anchor `&{name}` before it");
                        }

                        expanded += anchored.Size;
                        if (expanded > MaxAliasExpansion)
                        {
                            Fail(position, string.Create(CultureInfo.InvariantCulture,
                                $"alias expansion exceeds {MaxAliasExpansion} nodes (a 'billion laughs' document?)"));
                        }

                        var clone = anchored.Node?.DeepClone();
                        MapClone(clone, pointer, position);
                        size = anchored.Size;
                        Next();
                        return clone;
                    }

                case Scalar scalar:
                    {
                        JsonNode? node;
                        bool isString = scalar.Style != ScalarStyle.Plain || (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific && scalar.Tag.Value == "tag:yaml.org,2002:str");
                        if (isString)
                        {
                            node = JsonValue.Create(scalar.Value);
                        }
                        else if (!TryResolvePlain(scalar.Value, out node, out string? error))
                        {
                            Error(position, error!);
                            node = null;
                        }

                        size = 1;
                        Remember(scalar.Anchor, node, size);
                        Next();
                        return node;
                    }

                case SequenceStart seq:
                    {
                        CheckDepth(depth, position);
                        var array = new JsonArray();
                        size = 1;
                        Next();
                        int index = 0;
                        while (parser.Current is not SequenceEnd)
                        {
                            var item = ReadNode(SourceMap.Append(pointer, index), depth + 1, out int itemSize);
                            size += itemSize;
                            array.Add(item);
                            index++;
                        }

                        Next();
                        Remember(seq.Anchor, array, size);
                        return array;
                    }

                case MappingStart mapping:
                    {
                        CheckDepth(depth, position);
                        var obj = new JsonObject();
                        var keyLines = new Dictionary<string, SourcePosition>(StringComparer.Ordinal);
                        size = 1;
                        Next();
                        while (parser.Current is not MappingEnd)
                        {
                            var keyEvent = parser.Current!;
                            var keyPosition = Pos(keyEvent.Start);
                            string key;
                            if (keyEvent is Scalar k)
                            {
                                key = k.Value;
                                Next();
                            }
                            else
                            {
                                Error(keyPosition, "a key must be a plain value, not a list or mapping");
                                ReadNode(pointer + "/?", depth + 1, out _);
                                ReadNode(pointer + "/?", depth + 1, out _);
                                continue;
                            }

                            string child = SourceMap.Append(pointer, key);
                            if (keyLines.TryGetValue(key, out var first))
                            {
                                Error(keyPosition, string.Create(CultureInfo.InvariantCulture,
                                    $"duplicate key `{key}` (first at line {first.Line})"));
                                ReadNode(child + "/~duplicate", depth + 1, out _);
                                continue;
                            }

                            keyLines[key] = keyPosition;
                            map.SetKey(child, keyPosition);
                            var value = ReadNode(child, depth + 1, out int valueSize);
                            size += valueSize;
                            obj[key] = value;
                        }

                        Next();
                        Remember(mapping.Anchor, obj, size);
                        return obj;
                    }

                default:
                    Fail(position, "unexpected YAML structure");
                    size = 0;
                    return null;
            }
        }

        private void CheckDepth(int depth, SourcePosition position)
        {
            if (depth >= MaxDepth)
            {
                Fail(position, string.Create(CultureInfo.InvariantCulture,
                    $"nesting deeper than {MaxDepth} levels: a scenario never needs that many"));
            }
        }

        private void Remember(AnchorName anchor, JsonNode? node, int size)
        {
            if (!anchor.IsEmpty)
            {
                anchors[anchor.Value] = (node, size);
            }
        }

        private void MapClone(JsonNode? node, string pointer, SourcePosition position)
        {
            map.SetValue(pointer, position);
            switch (node)
            {
                case JsonObject o:
                    foreach (var (key, value) in o)
                    {
                        string child = SourceMap.Append(pointer, key);
                        map.SetKey(child, position);
                        MapClone(value, child, position);
                    }

                    break;
                case JsonArray a:
                    for (int i = 0; i < a.Count; i++)
                    {
                        MapClone(a[i], SourceMap.Append(pointer, i), position);
                    }

                    break;
            }
        }
    }
}

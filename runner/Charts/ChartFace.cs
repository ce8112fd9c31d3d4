using System.Collections.Immutable;
using System.Text;
using SkiaSharp;

namespace Simulation.Runner.Charts;

/// <summary>
/// A font a chart can draw with: the family name ScottPlot resolves it by, its typeface, and which
/// characters it has glyphs for. A chart's text is drawn in one font per label, so a text is drawable
/// only by a face that <see cref="Covers(string)"/> every one of its characters: otherwise the missing ones
/// come out as empty boxes. Immutable; Skia typefaces are safe to read from several threads.
/// </summary>
public sealed class ChartFace
{
    /// <summary>A face for a typeface registered with ScottPlot under <paramref name="family"/>.</summary>
    public ChartFace(string family, SKTypeface typeface)
    {
        ArgumentException.ThrowIfNullOrEmpty(family);
        ArgumentNullException.ThrowIfNull(typeface);
        Family = family;
        Typeface = typeface;
        Name = string.IsNullOrEmpty(typeface.FamilyName) ? family : typeface.FamilyName;
    }

    /// <summary>The family name ScottPlot knows the font by (for a label's font name).</summary>
    public string Family { get; }

    /// <summary>The font's own family name, for messages ("DejaVu Sans", "Droid Sans Fallback").</summary>
    public string Name { get; }

    /// <summary>The typeface that draws (owned by ScottPlot's cache: not disposed).</summary>
    public SKTypeface Typeface { get; }

    /// <summary>Whether the font has a glyph for every character of <paramref name="text"/> (control characters such as line breaks aside).</summary>
    public bool Covers(string text) => Covers(Typeface, text);

    /// <summary>The characters of <paramref name="text"/> the font has no glyph for, each once, in order of appearance.</summary>
    public string Missing(string text) => Missing(Typeface, text);

    /// <summary>Whether <paramref name="typeface"/> has a glyph for every character of <paramref name="text"/> (control characters aside).</summary>
    public static bool Covers(SKTypeface typeface, string text) => Missing(typeface, text).Length == 0;

    /// <summary>The characters of <paramref name="text"/> that <paramref name="typeface"/> lacks, each once, in order of appearance.</summary>
    public static string Missing(SKTypeface typeface, string text)
    {
        ArgumentNullException.ThrowIfNull(typeface);
        ArgumentNullException.ThrowIfNull(text);
        StringBuilder? missing = null;
        HashSet<int>? seen = null;
        foreach (var rune in text.EnumerateRunes())
        {
            ReadOnlySpan<int> codePoint = [rune.Value];
            if (!Rune.IsControl(rune) && !typeface.ContainsGlyphs(codePoint) && (seen ??= []).Add(rune.Value))
            {
                (missing ??= new StringBuilder()).Append(rune.ToString());
            }
        }

        return missing?.ToString() ?? string.Empty;
    }
}

/// <summary>
/// A text a chart could not draw as composed, because no one font of the run has all its characters
/// (a Chinese name beside Latin letters or digits when the CJK font has none, say).
/// </summary>
/// <param name="Text">The text as composed for the chart's language.</param>
/// <param name="DrawnAs">What was drawn instead: its English form; or the text itself when nothing covers that either, and then the missing characters are boxes (<see cref="Boxes"/>).</param>
/// <param name="Lacking">For each font of the run, its name and the characters of <paramref name="Text"/> it lacks.</param>
/// <param name="Boxes">Whether what was drawn still has characters its font lacks.</param>
public sealed record FontGap(string Text, string DrawnAs, ImmutableArray<FontLack> Lacking, bool Boxes);

/// <summary>The characters of a text that one font lacks.</summary>
/// <param name="Font">The font's family name.</param>
/// <param name="Missing">The characters, each once.</param>
public sealed record FontLack(string Font, string Missing);

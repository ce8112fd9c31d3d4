using System.Collections.Immutable;
using System.Text;
using ScottPlot;

namespace Simulation.Runner.Charts;

/// <summary>
/// How charts are drawn: pixel size, the names' language and the fonts. Build it with
/// <see cref="ChartFonts.Configure"/>, which finds the fonts once; the default draws English with the
/// machine's sans font and needs no CJK font.
/// </summary>
public sealed record ChartOptions
{
    /// <summary>English, 1200 × 700, the default sans font.</summary>
    public static ChartOptions Default { get; } = new();

    /// <summary>Width of a single chart in pixels (small multiples scale from it).</summary>
    public int Width { get; init; } = 1200;

    /// <summary>Height of a single chart in pixels.</summary>
    public int Height { get; init; } = 700;

    /// <summary>The names shown. Chinese is honoured only when <see cref="CanDrawCjk"/>.</summary>
    public ChartLanguage Language { get; init; } = ChartLanguage.English;

    /// <summary>
    /// The family a chart's texts are drawn in unless it lacks some of a text's characters (registered
    /// with ScottPlot), or null for ScottPlot's default. A text it cannot draw whole takes the first of
    /// <see cref="Faces"/> that can.
    /// </summary>
    public string? FontName { get; init; }

    /// <summary>Whether one of <see cref="Faces"/> draws Chinese; without it, Chinese text is rewritten (see <see cref="ChartText.Drawable"/>).</summary>
    public bool CanDrawCjk { get; init; }

    /// <summary>
    /// The fonts a text may be drawn in, most preferred first: each text goes to the first that has all
    /// its characters (a label takes one font). Empty: no check, every text in <see cref="FontName"/>.
    /// </summary>
    public ImmutableArray<ChartFace> Faces { get; init; } = [];

    /// <summary>
    /// Told of each text a chart cannot draw as composed (see <see cref="FontGap"/>), on the thread that
    /// renders the chart; null to ignore them. A chart still renders: with the text's English form, or
    /// with boxes where no font has a character at all.
    /// </summary>
    public Action<FontGap>? OnFontGap { get; init; }

    /// <summary>The language actually drawn: Chinese only with a CJK font.</summary>
    public ChartLanguage EffectiveLanguage => Language == ChartLanguage.Chinese && CanDrawCjk ? ChartLanguage.Chinese : ChartLanguage.English;

    /// <summary>The first of <see cref="Faces"/> that has every character of <paramref name="text"/>, or null when none has.</summary>
    public ChartFace? FaceFor(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var face in Faces)
        {
            if (face.Covers(text))
            {
                return face;
            }
        }

        return null;
    }

    /// <summary>Reports <paramref name="text"/> to <see cref="OnFontGap"/>, with what each face lacks of it.</summary>
    internal void Report(string text, string drawnAs, bool boxes) =>
        OnFontGap?.Invoke(new FontGap(text, drawnAs, [.. Faces.Select(f => new FontLack(f.Name, f.Missing(text)))], boxes));
}

/// <summary>The outcome of <see cref="ChartFonts.Configure"/>: the options to draw with and, when Chinese was asked for but cannot be drawn, the one message to log.</summary>
/// <param name="Options">Options for every chart of the run.</param>
/// <param name="CjkFontPath">The CJK font file used, if any.</param>
/// <param name="Message">Null, or a single line explaining the fallback to English names.</param>
public sealed record ChartFontSetup(ChartOptions Options, string? CjkFontPath, string? Message);

/// <summary>
/// Chooses and registers fonts once per run. ScottPlot's default on Linux is a serif face and has no
/// CJK font, so a sans family is picked explicitly, and for Chinese a CJK font file is located and
/// registered. A CJK font that also has Latin letters and digits (Noto Sans CJK, WenQuanYi) draws
/// every text; one without them (Debian's Droid Sans Fallback) draws only the texts the sans font
/// cannot, so that no Latin letter is ever drawn in it. Not thread safe with itself (it registers fonts
/// globally): call it once at start-up.
/// </summary>
public static class ChartFonts
{
    /// <summary>The family name the first located CJK font is registered under; another file gets a number after it.</summary>
    public const string CjkFamily = "Simulation CJK";

    private const int ShownCharacters = 30;

    private static readonly string[] SansFamilies = ["DejaVu Sans", "Liberation Sans", "Noto Sans", "Helvetica Neue", "Helvetica", "Arial", "Segoe UI"];
    private static readonly object Gate = new();

    // Path → family. One family per file: ScottPlot caches a typeface by family name, so two files
    // under one name would both draw as whichever was resolved first.
    private static readonly Dictionary<string, string> Registered = new(StringComparer.Ordinal);

    /// <summary>
    /// Options for <paramref name="requested"/>. For Chinese, looks for a CJK font with
    /// <paramref name="locator"/> (default: <see cref="CjkFont"/>'s standard places); when none is found,
    /// the options draw English names and <see cref="ChartFontSetup.Message"/> says so once.
    /// </summary>
    public static ChartFontSetup Configure(ChartLanguage requested, CjkFont? locator = null, int width = 1200, int height = 700)
    {
        string? sans = SansFamily();
        string sansFamily = sans ?? Fonts.Default;
        var sansFace = new ChartFace(sansFamily, Fonts.GetTypeface(sansFamily, false, false)); // cached by ScottPlot: not disposed
        var options = new ChartOptions { Width = width, Height = height, Language = requested, FontName = sans, Faces = [sansFace] };
        if (requested != ChartLanguage.Chinese)
        {
            return new ChartFontSetup(options, null, null);
        }

        string? path = (locator ?? new CjkFont()).Locate();
        if (path is null)
        {
            return new ChartFontSetup(options with { Language = ChartLanguage.English }, null,
                "No CJK font found (install fonts-noto-cjk or fonts-wqy-microhei); charts use English names.");
        }

        string family;
        lock (Gate)
        {
            // Once per file: ScottPlot's resolver list is a plain list, read by every render that misses its cache.
            if (!Registered.TryGetValue(path, out family!))
            {
                family = Registered.Count == 0 ? CjkFamily : $"{CjkFamily} {Registered.Count + 1}";
                Registered.Add(path, family);
                Fonts.AddFontFile(family, path);
            }
        }

        var cjk = new ChartFace(family, Fonts.GetTypeface(family, false, false));

        // A CJK font with Latin letters draws the whole chart in one face; one without them comes second,
        // for the texts the sans font cannot draw.
        bool latin = cjk.Covers(CjkFont.LatinProbe);
        return new ChartFontSetup(options with
        {
            FontName = latin ? family : sans,
            Faces = latin ? [cjk, sansFace] : [sansFace, cjk],
            CanDrawCjk = true,
        }, path, null);
    }

    /// <summary>The first installed sans-serif family, or null to keep ScottPlot's default.</summary>
    public static string? SansFamily()
    {
        foreach (string family in SansFamilies)
        {
            // GetTypeface falls back to some face for an unknown family: check the name that comes back.
            var typeface = Fonts.GetTypeface(family, false, false); // cached by ScottPlot: not disposed here
            if (typeface is not null && string.Equals(typeface.FamilyName, family, StringComparison.OrdinalIgnoreCase))
            {
                return family;
            }
        }

        return null;
    }

    /// <summary>
    /// The one line to log for a run's font gaps (each with the chart it was found in, in the order the
    /// charts are listed), or null when there are none: how many texts in how many charts, the first,
    /// which characters each font lacks, what was drawn instead, and which package to install.
    /// </summary>
    public static string? Warning(IEnumerable<(string Chart, FontGap Gap)> gaps)
    {
        ArgumentNullException.ThrowIfNull(gaps);
        var list = gaps.ToList();
        if (list.Count == 0)
        {
            return null;
        }

        int texts = list.Select(g => g.Gap.Text).Distinct(StringComparer.Ordinal).Count();
        int charts = list.Select(g => g.Chart).Distinct(StringComparer.Ordinal).Count();
        int boxed = list.Where(g => g.Gap.Boxes).Select(g => g.Gap.Text).Distinct(StringComparer.Ordinal).Count();
        var lacks = list.SelectMany(g => g.Gap.Lacking)
            .GroupBy(l => l.Font, StringComparer.Ordinal)
            .Select(g => (Font: g.Key, Missing: Characters(g.SelectMany(l => l.Missing.EnumerateRunes()))))
            .Where(l => l.Missing.Length > 0)
            .ToList();
        var (chart, first) = list[0];
        string lacking = lacks.Count == 0 ? string.Empty : ": " + string.Join("; ", lacks.Select(l => $"{l.Font} lacks {l.Missing}"));
        string drawn = boxed == 0 ? "they are drawn with English names"
            : boxed == texts ? "their missing characters are drawn as boxes"
            : $"they are drawn with English names, and {Reports.Numbers.Count(boxed, "text")} with boxes for missing characters";
        string install = list.Any(g => ChartText.HasCjk(g.Gap.Text))
            ? "install a CJK font that has Latin letters and digits too (fonts-noto-cjk or fonts-wqy-microhei) to draw them whole"
            : "install a font that has those characters (e.g. fonts-dejavu-core)";
        return $"Charts: no one font on this machine has every character of {Reports.Numbers.Count(texts, "text")} in {Reports.Numbers.Count(charts, "chart")} "
            + $"(first \"{Flat(first.Text)}\" in {chart}){lacking}; {drawn}; {install}.";
    }

    /// <summary>Distinct visible characters in code-point order, quoted, cut with "…" after <see cref="ShownCharacters"/>.</summary>
    private static string Characters(IEnumerable<Rune> runes)
    {
        var distinct = runes.Where(r => !Rune.IsWhiteSpace(r) && !Rune.IsControl(r)).Distinct().Order().ToList();
        if (distinct.Count == 0)
        {
            return string.Empty;
        }

        return "\"" + string.Concat(distinct.Take(ShownCharacters)) + (distinct.Count > ShownCharacters ? "…" : string.Empty) + "\"";
    }

    /// <summary>A text on one line (a chart's axis title may have several).</summary>
    private static string Flat(string text) => text.ReplaceLineEndings(" ");
}

using ScottPlot;

namespace Simulation.Runner.Charts;

/// <summary>
/// How charts are drawn: pixel size, the names' language and the font. Build it with
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

    /// <summary>The font family every text uses (registered with ScottPlot), or null for ScottPlot's default.</summary>
    public string? FontName { get; init; }

    /// <summary>Whether <see cref="FontName"/> draws Chinese; without it, Chinese text is rewritten (see <see cref="ChartText.Drawable"/>).</summary>
    public bool CanDrawCjk { get; init; }

    /// <summary>The language actually drawn: Chinese only with a CJK font.</summary>
    public ChartLanguage EffectiveLanguage => Language == ChartLanguage.Chinese && CanDrawCjk ? ChartLanguage.Chinese : ChartLanguage.English;
}

/// <summary>The outcome of <see cref="ChartFonts.Configure"/>: the options to draw with and, when Chinese was asked for but cannot be drawn, the one message to log.</summary>
/// <param name="Options">Options for every chart of the run.</param>
/// <param name="CjkFontPath">The CJK font file used, if any.</param>
/// <param name="Message">Null, or a single line explaining the fallback to English names.</param>
public sealed record ChartFontSetup(ChartOptions Options, string? CjkFontPath, string? Message);

/// <summary>
/// Chooses and registers fonts once per run. ScottPlot's default on Linux is a serif face and has no
/// CJK font, so a sans family is picked explicitly, and for Chinese a CJK font file is located and
/// registered. Not thread safe with itself (it registers fonts globally): call it once at start-up.
/// </summary>
public static class ChartFonts
{
    /// <summary>The family name a located CJK font is registered under.</summary>
    public const string CjkFamily = "Simulation CJK";

    private static readonly string[] SansFamilies = ["DejaVu Sans", "Liberation Sans", "Noto Sans", "Helvetica Neue", "Helvetica", "Arial", "Segoe UI"];
    private static readonly object Gate = new();
    private static readonly HashSet<string> Registered = new(StringComparer.Ordinal);

    /// <summary>
    /// Options for <paramref name="requested"/>. For Chinese, looks for a CJK font with
    /// <paramref name="locator"/> (default: <see cref="CjkFont"/>'s standard places); when none is found,
    /// the options draw English names and <see cref="ChartFontSetup.Message"/> says so once.
    /// </summary>
    public static ChartFontSetup Configure(ChartLanguage requested, CjkFont? locator = null, int width = 1200, int height = 700)
    {
        var options = new ChartOptions { Width = width, Height = height, Language = requested, FontName = SansFamily() };
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

        lock (Gate)
        {
            // Once per file: ScottPlot's resolver list is a plain list, read by every render that misses its cache.
            if (Registered.Add(path))
            {
                Fonts.AddFontFile(CjkFamily, path);
            }
        }

        return new ChartFontSetup(options with { FontName = CjkFamily, CanDrawCjk = true }, path, null);
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
}

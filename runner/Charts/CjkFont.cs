using System.Collections.Immutable;
using SkiaSharp;

namespace Simulation.Runner.Charts;

/// <summary>
/// Finds a font file that can draw Chinese. ScottPlot's Skia build on Linux finds no CJK font by
/// itself (it draws boxes), so the file is looked for explicitly: first the known files
/// (<see cref="DefaultFiles"/>: Debian's fonts-noto-cjk and fonts-wqy-microhei/zenhei, macOS PingFang /
/// Hiragino / STHeiti, Windows Microsoft YaHei / SimHei / SimSun), then a bounded search of the font
/// folders (<see cref="DefaultDirectories"/>) for files named like those. A candidate counts only if
/// Skia can load it and it has glyphs for common Chinese characters; one that has Latin letters and
/// digits too (<see cref="LatinProbe"/>) is preferred to one without them, wherever it comes in the
/// order: Debian's fonts-droid-fallback (which ghostscript pulls in) has Chinese and no Latin letters,
/// and must not be the only font of a chart. Immutable and thread safe.
/// </summary>
public sealed class CjkFont
{
    /// <summary>Characters a usable font must draw (cluster names and 亿元).</summary>
    public const string ProbeText = "智能终端新能源亿元万";

    /// <summary>Latin letters and digits: a CJK font that has them all can draw a whole chart by itself.</summary>
    public const string LatinProbe = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>Known CJK font files, most preferred first.</summary>
    public static ImmutableArray<string> DefaultFiles { get; } =
    [
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
        "/usr/share/fonts/adobe-source-han-sans/SourceHanSansCN-Regular.otf",
        "/System/Library/Fonts/PingFang.ttc",
        "/System/Library/Fonts/Hiragino Sans GB.ttc",
        "/System/Library/Fonts/STHeiti Light.ttc",
        "/Library/Fonts/Arial Unicode.ttf",
        @"C:\Windows\Fonts\msyh.ttc",
        @"C:\Windows\Fonts\simhei.ttf",
        @"C:\Windows\Fonts\simsun.ttc",
    ];

    /// <summary>Folders searched (recursively, bounded) when no known file exists.</summary>
    public static ImmutableArray<string> DefaultDirectories { get; } =
    [
        "/usr/share/fonts",
        "/usr/local/share/fonts",
        Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".fonts"),
        Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".local", "share", "fonts"),
        "/System/Library/Fonts",
        "/Library/Fonts",
        @"C:\Windows\Fonts",
    ];

    private static readonly string[] NameHints = ["notosanscjk", "notoserifcjk", "sourcehansans", "wqy", "pingfang", "hiragino", "stheiti", "msyh", "simhei", "simsun", "droidsansfallback", "ukai", "uming"];

    /// <summary>A locator over the default files and folders of Linux, macOS and Windows.</summary>
    public CjkFont()
        : this(DefaultFiles, DefaultDirectories)
    {
    }

    /// <summary>A locator over the given files (tried first, in order) and folders (searched for CJK-named font files).</summary>
    public CjkFont(IEnumerable<string> files, IEnumerable<string> directories)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(directories);
        Files = files.ToImmutableArray();
        Directories = directories.ToImmutableArray();
    }

    /// <summary>The files tried first.</summary>
    public ImmutableArray<string> Files { get; }

    /// <summary>The folders searched next.</summary>
    public ImmutableArray<string> Directories { get; }

    /// <summary>
    /// The path of the first usable CJK font that also has Latin letters and digits; else of the first
    /// usable one without them (to be combined with a Latin font); null when there is none.
    /// </summary>
    public string? Locate()
    {
        string? withoutLatin = null;
        foreach (string file in Candidates())
        {
            var (cjk, latin) = Probe(file);
            if (cjk && latin)
            {
                return file;
            }

            if (cjk)
            {
                withoutLatin ??= file;
            }
        }

        return withoutLatin;
    }

    /// <summary>The known files, then the font folders' files named like CJK fonts, in order.</summary>
    private IEnumerable<string> Candidates()
    {
        foreach (string file in Files)
        {
            yield return file;
        }

        foreach (string dir in Directories)
        {
            if (!Directory.Exists(dir))
            {
                continue;
            }

            List<string> found;
            try
            {
                found = Directory.EnumerateFiles(dir, "*", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 4, IgnoreInaccessible = true })
                    .Where(f => f.EndsWith(".ttc", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".ttf", StringComparison.OrdinalIgnoreCase)
                        || f.EndsWith(".otf", StringComparison.OrdinalIgnoreCase))
                    .Where(f => NameHints.Any(h => Path.GetFileName(f).Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal)
                        .Contains(h, StringComparison.OrdinalIgnoreCase)))
                    .Order(StringComparer.Ordinal)
                    .ToList();
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            foreach (string file in found)
            {
                yield return file;
            }
        }
    }

    /// <summary>Whether Skia can load the file and it draws <see cref="ProbeText"/>.</summary>
    public static bool IsUsable(string path) => Probe(path).Cjk;

    /// <summary>Whether Skia can load the file and it draws both <see cref="ProbeText"/> and <see cref="LatinProbe"/>.</summary>
    public static bool DrawsLatin(string path)
    {
        var (cjk, latin) = Probe(path);
        return cjk && latin;
    }

    private static (bool Cjk, bool Latin) Probe(string path)
    {
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            return (false, false);
        }

        try
        {
            using var typeface = SKTypeface.FromFile(path);
            return typeface is null ? (false, false) : (typeface.ContainsGlyphs(ProbeText), typeface.ContainsGlyphs(LatinProbe));
        }
        catch (IOException)
        {
            return (false, false);
        }
    }
}

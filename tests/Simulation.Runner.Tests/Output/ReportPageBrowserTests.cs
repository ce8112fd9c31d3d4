using Microsoft.Extensions.Logging.Abstractions;

namespace Simulation.Runner.Tests.Output;

/// <summary>
/// A fact that needs Chromium: where none is installed it is skipped, saying how to install one, so
/// that the README's test command passes on a fresh machine with only the .NET SDK; where
/// <see cref="HeadlessBrowser.RequireVariable"/> is 1 (.ci/run sets it, after installing Chromium) it
/// runs and fails without one.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (HeadlessBrowser.Find() is null && Environment.GetEnvironmentVariable(HeadlessBrowser.RequireVariable) != "1")
        {
            Skip = "no Chromium on PATH (chromium, chromium-browser, google-chrome): install one (Debian: `apt-get install chromium`) to open the report in a real browser; .ci/run does, and requires it";
        }
    }
}

/// <summary>
/// The report's pages in a real browser (headless Chromium), at a desktop and a phone width: every image
/// loads, every link reaches a file of the report (or a heading of the page), no table is wider than the
/// screen outside its scrolling box, the page itself is no wider than the screen, no interval in a table
/// breaks across lines, and the console stays free of errors. The report is a small one generated here;
/// SIMULATION_BROWSER_REPORT=DIR checks an existing one instead (e.g. output/standard), and
/// SIMULATION_BROWSER_SCREENSHOTS=DIR saves a picture of each page at each width there.
/// </summary>
public sealed class ReportPageBrowserTests : IDisposable
{
    private static readonly int[] Widths = [1280, 390];
    private static readonly string[] Pages = ["index.html", "baseline/index.html"];
    private readonly string root = Directory.CreateTempSubdirectory("report-page-browser-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    /// <summary>Evaluated in the page once it is complete: what the assertions below need, as JSON.</summary>
    private const string Check = """
        (() => {
          const root = document.documentElement;
          const rect = e => e.getBoundingClientRect();
          return {
            viewport: window.innerWidth,
            pageWidth: root.scrollWidth,
            navigationShown: [...document.querySelectorAll('nav')].some(n => n.offsetParent !== null),
            images: [...document.images].map(i => ({ src: i.getAttribute('src'), loaded: i.complete && i.naturalWidth > 0, right: rect(i).right })),
            links: [...document.querySelectorAll('[href],[src]')].map(e => {
              const raw = e.getAttribute('href') ?? e.getAttribute('src');
              return { tag: e.tagName.toLowerCase(), raw, url: e.href || e.src,
                       anchorFound: raw.startsWith('#') ? document.getElementById(decodeURIComponent(raw.slice(1))) !== null : null };
            }),
            tables: [...document.querySelectorAll('table')].map(t => {
              const box = t.closest('.table-scroll');
              return { text: t.rows[0]?.textContent.trim().slice(0, 60) ?? '', inBox: box !== null,
                       overflowX: box ? getComputedStyle(box).overflowX : '', boxWidth: box ? box.clientWidth : t.offsetWidth,
                       left: rect(box ?? t).left, right: rect(box ?? t).right, tableWidth: t.offsetWidth, tableRight: rect(t).right };
            }),
            brokenIntervals: [...document.querySelectorAll('td .nw')].filter(s => s.getClientRects().length > 1).map(s => s.textContent),
          };
        })()
        """;

    [BrowserFact]
    public async Task Html_StudyAndScenarioPage_AtDesktopAndPhoneWidth_ImagesLoadLinksResolveTablesScroll()
    {
        string chromium = HeadlessBrowser.Find()
            ?? throw new Xunit.Sdk.XunitException("This test opens the report in a real browser and found no Chromium on PATH (chromium, chromium-browser, google-chrome). "
                + $"Install it (Debian: `apt-get install chromium`; .ci/run does), or unset {HeadlessBrowser.RequireVariable} to skip the test.");
        string report = Environment.GetEnvironmentVariable("SIMULATION_BROWSER_REPORT") is { Length: > 0 } existing
            ? Path.GetFullPath(existing, TestPaths.RepositoryRoot)
            : Generate();
        string? screenshots = Environment.GetEnvironmentVariable("SIMULATION_BROWSER_SCREENSHOTS") is { Length: > 0 } s ? Directory.CreateDirectory(s).FullName : null;

        var problems = new List<string>();
        await using (var browser = await HeadlessBrowser.Start(chromium))
        {
            foreach (string page in Pages)
            {
                foreach (int width in Widths)
                {
                    string? picture = screenshots is null ? null : Path.Combine(screenshots, $"{page.Replace("/index.html", "", StringComparison.Ordinal).Replace(".html", "", StringComparison.Ordinal)}-{width}.png");
                    var result = await browser.Open(new Uri(Path.Combine(report, page)), width, Check, picture);
                    problems.AddRange(Problems(report, page, width, result).Select(p => $"{page} at {width} px: {p}"));
                }
            }

            // Printed on A4 (794 CSS px): no navigation, every image and table within the page, nothing cut off by a scrolling box.
            var printed = await browser.Open(new Uri(Path.Combine(report, Pages[0])), PrintWidth, Check, screenshots is null ? null : Path.Combine(screenshots, "index-print.png"), "print");
            problems.AddRange(Printed(printed).Select(p => $"{Pages[0]} printed: {p}"));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private const int PrintWidth = 794;

    private static IEnumerable<string> Printed(HeadlessBrowser.PageResult result)
    {
        var v = result.Value;
        if (v["navigationShown"]!.GetValue<bool>())
        {
            yield return "the table of contents is printed";
        }

        foreach (var image in v["images"]!.AsArray().Where(i => i!["right"]!.GetValue<double>() > PrintWidth))
        {
            yield return $"image {image!["src"]} is wider than the page";
        }

        foreach (var table in v["tables"]!.AsArray().Select(t => t!).Where(t => t["overflowX"]!.GetValue<string>() != "visible" || t["tableRight"]!.GetValue<double>() > PrintWidth))
        {
            yield return $"table \"{table["text"]}\" is cut off (it ends at {table["tableRight"]} px, its box's overflow is {table["overflowX"]})";
        }
    }

    /// <summary>A small report (the tiny study: two scenarios, two sweeps, two goal seeks, an analysed baseline) written by the run command.</summary>
    private string Generate()
    {
        string report = Path.Combine(root, "report");
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = Simulation.Runner.Cli.Run(["run", TestPaths.Data("tiny-study.yaml"), "--out", report, "--no-progress", "--paths", "300"],
            output, error, NullLogger.Instance, CancellationToken.None);
        Assert.True(code == ExitCodes.Ok, error.ToString());
        return report;
    }

    private static IEnumerable<string> Problems(string report, string page, int width, HeadlessBrowser.PageResult result)
    {
        var v = result.Value;
        double viewport = v["viewport"]!.GetValue<double>();
        if (viewport != width)
        {
            yield return $"the viewport is {viewport} px wide, not {width} (the emulation did not apply)";
        }

        if (v["pageWidth"]!.GetValue<double>() > viewport)
        {
            yield return $"the page is {v["pageWidth"]} px wide: it scrolls sideways";
        }

        foreach (string error in result.Errors)
        {
            yield return "console: " + error;
        }

        var images = v["images"]!.AsArray();
        if (images.Count == 0)
        {
            yield return "no images (the page should show its charts)";
        }

        foreach (var image in images.Where(i => !i!["loaded"]!.GetValue<bool>()))
        {
            yield return $"image {image!["src"]} did not load";
        }

        // A link the page's Markdown spells out (a dataset's cited source) may leave the report; nothing generated may.
        string markdown = File.ReadAllText(Path.Combine(report, Path.GetDirectoryName(page) ?? string.Empty, "report.md"));
        string folder = Path.TrimEndingDirectorySeparator(report) + Path.DirectorySeparatorChar;
        foreach (var link in v["links"]!.AsArray().Select(l => l!))
        {
            string raw = link["raw"]!.GetValue<string>(), url = link["url"]!.GetValue<string>();
            if (raw.StartsWith('#'))
            {
                if (!link["anchorFound"]!.GetValue<bool>())
                {
                    yield return $"link {raw}: no element with that id";
                }
            }
            else if (url.StartsWith("file:", StringComparison.Ordinal))
            {
                string path = new Uri(url).LocalPath;
                if (!path.StartsWith(folder, StringComparison.Ordinal))
                {
                    yield return $"link {raw}: outside the report folder";
                }
                else if (!File.Exists(path))
                {
                    yield return $"link {raw}: no such file in the report";
                }
            }
            else if (link["tag"]!.GetValue<string>() != "a" || !markdown.Contains(raw, StringComparison.Ordinal))
            {
                yield return $"{link["tag"]} {raw}: not a file of the report (a report works offline)";
            }
        }

        var tables = v["tables"]!.AsArray();
        if (tables.Count == 0)
        {
            yield return "no tables";
        }

        foreach (var table in tables.Select(t => t!))
        {
            string which = $"table \"{table["text"]}\"";
            if (!table["inBox"]!.GetValue<bool>() || table["overflowX"]!.GetValue<string>() is not ("auto" or "scroll"))
            {
                yield return $"{which} is not inside a box that scrolls sideways";
            }
            else if (table["boxWidth"]!.GetValue<double>() > viewport || table["left"]!.GetValue<double>() < 0 || table["right"]!.GetValue<double>() > viewport)
            {
                yield return $"{which}: its box ({table["left"]}–{table["right"]} px) does not fit the {viewport} px screen";
            }
        }

        foreach (var interval in v["brokenIntervals"]!.AsArray())
        {
            yield return $"the interval \"{interval}\" breaks across lines";
        }
    }
}

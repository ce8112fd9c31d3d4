using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Simulation.Runner.Output;

/// <summary>
/// Renders a page of the report (the study's report.md, or a scenario's) to HTML that works offline
/// from the report folder, opened from disk (file://) or served: no script, font or style from
/// elsewhere. Markdig renders the Markdown (headings get ids from its AutoIdentifiers); on top of
/// that, working on Markdig's syntax tree rather than on HTML: a table of contents after the title
/// (every h2, each with its h3s in one compact line) and the report's pages; every image a link to
/// the full-size PNG; a code span that names a file of the report (`comparison.csv`,
/// `baseline/samples.csv`) a link to it; a link to a page's report.md a link to its index.html; every
/// table inside a horizontally scrolling box. The one step on the HTML itself keeps each interval in
/// a table cell ("88.8% (95% CI 88.6–88.9%)", "+0.31 pp (95% CI +0.29 to +0.34)") on one line.
/// </summary>
internal static partial class ReportPage
{
    /// <summary>A page of the report to render.</summary>
    /// <param name="Title">The browser's title for it (its h1 is in the Markdown).</param>
    /// <param name="Folder">Where the page lies in the report: "" for the study's page, "&lt;scenario&gt;/" for a scenario's.</param>
    /// <param name="Files">Every file of the report, '/'-separated from its root: a code span naming one becomes a link.</param>
    /// <param name="Pages">The report's pages for the navigation at the top, the study's first; empty for none.</param>
    public sealed record Page(string Title, string Folder, IReadOnlySet<string> Files, IReadOnlyList<PageLink> Pages);

    /// <summary>A page in the navigation: its short label, its full name (a tooltip) and its path from the report's root.</summary>
    public sealed record PageLink(string Label, string Name, string Path);

    /// <summary>The Markdown file of a page, and the HTML file it is rendered to.</summary>
    public const string MarkdownFile = "report.md", HtmlFile = "index.html";

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    /// <summary>The page's HTML: the same every time for the same Markdown and page (culture-independent).</summary>
    public static string Html(string markdown, Page page)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        ArgumentNullException.ThrowIfNull(page);
        var document = Markdig.Markdown.Parse(markdown, Pipeline);
        AddLinks(document, page);

        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        if (renderer.ObjectRenderers.Find<HtmlTableRenderer>() is { } tables)
        {
            renderer.ObjectRenderers.Replace<HtmlTableRenderer>(new ScrollingTableRenderer(tables));
        }

        renderer.Render(document);
        writer.Flush();
        string body = KeepIntervalsTogether(writer.ToString());

        // The contents follow the title (the first h1), or open the page when it has none.
        string navigation = Navigation(document, page);
        int h1 = body.IndexOf("</h1>\n", StringComparison.Ordinal);
        body = h1 < 0 ? navigation + body : body.Insert(h1 + "</h1>\n".Length, navigation);
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>"
            + WebUtility.HtmlEncode(page.Title) + "</title>\n<style>\n" + Style + "</style>\n</head>\n<body>\n" + body + "</body>\n</html>\n";
    }

    /// <summary>
    /// The page's style: readable at any width (tables scroll inside their box, images shrink), and printable.
    /// On a phone the text cells of a table of four columns or more (not the right-aligned numbers) are at
    /// least 8rem wide, and the table scrolls, rather than squeezing its text into columns a word wide
    /// beside intervals that do not wrap.
    /// </summary>
    private const string Style =
        "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','Noto Sans CJK SC',sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b;overflow-wrap:break-word}\n"
        + "h1,h2,h3{line-height:1.25}\n"
        + "nav.toc{border:1px solid #ddd;background:#fafafa;padding:.5rem 1rem;margin:1rem 0}nav.toc p{margin:.25rem 0}nav.toc .pages a,nav.toc .pages strong{white-space:nowrap}\n"
        + "nav.toc ol{margin:.25rem 0;padding-left:1.5rem}nav.toc ul.sub{margin:0 0 .25rem;padding:0;list-style:none;font-size:.85rem;color:#555}\n"
        + "nav.toc ul.sub li{display:inline}nav.toc ul.sub li+li::before{content:\" · \"}\n"
        + ".table-scroll{overflow-x:auto;margin:1rem 0}\n"
        + "table{border-collapse:collapse;font-size:.9rem}th,td{border:1px solid #ccc;padding:.25rem .5rem;vertical-align:top}th{background:#f3f3f3}\n"
        + ".nw{white-space:nowrap}\n"
        + "a.figure{display:inline-block;max-width:100%}\n"
        + "img{max-width:100%;height:auto;border:1px solid #eee;margin:.5rem 0;vertical-align:top}code{background:#f5f5f5;padding:0 .2rem}pre{overflow-x:auto}\n"
        + "@media (max-width:40rem){body{margin:1rem auto;padding:0 .75rem}table{font-size:.8rem}table:has(th:nth-child(4)) td:not([style*=right]){min-width:8rem}nav.toc ul.sub{display:none}}\n"
        + "@media print{nav.toc{display:none}body{max-width:none;margin:0;padding:0;font-size:10pt;color:#000}"
        + ".table-scroll{overflow:visible}table{font-size:8pt}a{color:inherit;text-decoration:none}"
        + "img{max-width:100%;border:0}a.figure,img,tr,figure{break-inside:avoid;page-break-inside:avoid}h2,h3{break-after:avoid;page-break-after:avoid}}\n";

    /// <summary>
    /// Links the page's images to their PNGs and its code spans naming report files to those files, and
    /// points links at a page's report.md to its index.html (report.md links to report.md, so that it
    /// reads well on its own).
    /// </summary>
    private static void AddLinks(MarkdownDocument document, Page page)
    {
        foreach (var link in document.Descendants<LinkInline>().ToList())
        {
            if (link.Url is not { } url || !IsLocal(url))
            {
                continue;
            }

            if (link.IsImage)
            {
                if (!InsideLink(link))
                {
                    Wrap(link, url).GetAttributes().AddClass("figure");
                }
            }
            else
            {
                int hash = url.IndexOf('#', StringComparison.Ordinal);
                string path = hash < 0 ? url : url[..hash];
                if (path == MarkdownFile || path.EndsWith("/" + MarkdownFile, StringComparison.Ordinal))
                {
                    link.Url = path[..^MarkdownFile.Length] + HtmlFile + (hash < 0 ? string.Empty : url[hash..]);
                }
            }
        }

        foreach (var code in document.Descendants<CodeInline>().ToList())
        {
            if (!InsideLink(code) && FileLink(code.Content, page) is { } href)
            {
                Wrap(code, href);
            }
        }
    }

    /// <summary>The relative link to the report file a code span names (from the page's folder, else from the root), or null.</summary>
    internal static string? FileLink(string named, Page page)
    {
        ArgumentNullException.ThrowIfNull(named);
        ArgumentNullException.ThrowIfNull(page);
        if (named.Length == 0 || named.Any(char.IsWhiteSpace))
        {
            return null;
        }

        foreach (string path in new[] { page.Folder + named, named })
        {
            if (page.Files.Contains(path))
            {
                return Relative(page.Folder, path);
            }
        }

        return null;
    }

    /// <summary>A path from the report's root as seen from a page in <paramref name="folder"/> ("" or "a/").</summary>
    internal static string Relative(string folder, string path) =>
        path.StartsWith(folder, StringComparison.Ordinal)
            ? path[folder.Length..]
            : string.Concat(Enumerable.Repeat("../", folder.Count(c => c == '/'))) + path;

    private static bool IsLocal(string url) =>
        url.Length > 0 && !url.StartsWith('#') && !url.StartsWith('/') && !url.Contains(':', StringComparison.Ordinal);

    private static bool InsideLink(Inline inline)
    {
        for (var parent = inline.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is LinkInline)
            {
                return true;
            }
        }

        return false;
    }

    private static LinkInline Wrap(Inline inline, string url)
    {
        var link = new LinkInline(url, string.Empty);
        inline.ReplaceBy(link, copyChildren: false);
        link.AppendChild(inline);
        return link;
    }

    /// <summary>The navigation: the report's pages (this one not a link), then a list of the h2 sections, each with its h3s on one line.</summary>
    private static string Navigation(MarkdownDocument document, Page page)
    {
        var nav = new StringBuilder("<nav class=\"toc\" aria-label=\"Contents\">\n");
        if (page.Pages.Count > 1)
        {
            nav.Append("<p class=\"pages\">Pages: ");
            for (int i = 0; i < page.Pages.Count; i++)
            {
                var p = page.Pages[i];
                nav.Append(i == 0 ? string.Empty : " · ");
                string label = WebUtility.HtmlEncode(p.Label), name = WebUtility.HtmlEncode(p.Name);
                nav.Append(p.Path == page.Folder + HtmlFile
                    ? $"<strong title=\"{name}\" aria-current=\"page\">{label}</strong>"
                    : $"<a href=\"{WebUtility.HtmlEncode(Relative(page.Folder, p.Path))}\" title=\"{name}\">{label}</a>");
            }

            nav.Append("</p>\n");
        }

        var headings = document.Descendants<HeadingBlock>().Where(h => h.Level is 2 or 3 && h.GetAttributes().Id is not null).ToList();
        if (headings.Count > 0)
        {
            nav.Append("<ol>\n");
            bool open = false, sub = false;
            foreach (var heading in headings)
            {
                string item = $"<a href=\"#{WebUtility.HtmlEncode(heading.GetAttributes().Id)}\">{WebUtility.HtmlEncode(PlainText(heading.Inline))}</a>";
                if (heading.Level == 3 && open)
                {
                    nav.Append(sub ? "<li>" : "\n<ul class=\"sub\"><li>").Append(item).Append("</li>");
                    sub = true;
                    continue;
                }

                nav.Append(sub ? "</ul>" : string.Empty).Append(open ? "</li>\n" : string.Empty).Append("<li>").Append(item);
                open = true;
                sub = false;
            }

            nav.Append(sub ? "</ul>" : string.Empty).Append("</li>\n</ol>\n");
        }

        return nav.Append("</nav>\n").ToString();
    }

    /// <summary>A heading's text without its Markdown: literals and code spans as written.</summary>
    private static string PlainText(ContainerInline? inline)
    {
        var text = new StringBuilder();
        for (var child = inline?.FirstChild; child is not null; child = child.NextSibling)
        {
            text.Append(child switch
            {
                LiteralInline literal => literal.Content.ToString(),
                CodeInline code => code.Content,
                HtmlEntityInline entity => entity.Transcoded.ToString(),
                LineBreakInline => " ",
                ContainerInline container => PlainText(container),
                _ => string.Empty,
            });
        }

        return text.ToString();
    }

    /// <summary>Each interval in a table cell ("88.8% (95% CI 88.6–88.9%)", "+0.31 pp (95% CI +0.29 to +0.34)", "15,582 (14,154–16,956)") in a span that does not wrap.</summary>
    internal static string KeepIntervalsTogether(string html) =>
        TableCell().Replace(html, cell => Interval().Replace(cell.Value, m => "<span class=\"nw\">" + m.Value + "</span>"));

    [GeneratedRegex(@"<td\b[^>]*>.*?</td>", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex TableCell();

    /// <summary>A number (with % or pp) followed by a bracket that starts with a number or "95% CI": the bracket holds no tag.</summary>
    [GeneratedRegex(@"(?<![\w.,])[+\-−]?\d[\d,]*(?:\.\d+)?(?: ?(?:%|pp))? \((?:95% CI )?[+\-−]?\d[^()<>]*\)", RegexOptions.CultureInvariant)]
    private static partial Regex Interval();

    /// <summary>Markdig's table, inside a box that scrolls sideways when the table is wider than the page.</summary>
    private sealed class ScrollingTableRenderer(HtmlTableRenderer table) : HtmlObjectRenderer<Table>
    {
        protected override void Write(HtmlRenderer renderer, Table obj)
        {
            renderer.EnsureLine();
            renderer.WriteLine("<div class=\"table-scroll\">");
            ((IMarkdownObjectRenderer)table).Write(renderer, obj);
            renderer.EnsureLine();
            renderer.WriteLine("</div>");
        }
    }
}

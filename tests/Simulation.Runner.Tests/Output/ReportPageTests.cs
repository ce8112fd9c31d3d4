using Simulation.Runner.Output;

namespace Simulation.Runner.Tests.Output;

/// <summary>A report page's HTML: contents, links to the report's files and pages, scrolling tables, intervals kept whole (the browser test checks how it shows).</summary>
public class ReportPageTests
{
    private const string Markdown = """
        # A study

        Intro naming `comparison.csv`, `baseline/summary.json`, `missing.csv` and `baseline`.

        ## Targets by scenario

        ![Targets](charts/targets.png)

        | Scenario | Probability | vs baseline (paired) |
        | --- | --: | --: |
        | [Faster](faster/report.md) `faster` | 31.0% (95% CI 30.1–31.9%) | +1.2 pp (95% CI +0.8 to +1.6) |

        Table: `comparison.csv`. Outside a table 31.0% (95% CI 30.1–31.9%) may wrap.

        ### A detail

        ## Clusters

        A source: https://example.org/a_b.html

        """;

    private static readonly HashSet<string> Files = new(StringComparer.Ordinal)
    {
        "comparison.csv", "charts/targets.png", "baseline/summary.json", "baseline/clusters.csv", "faster/report.md", "faster/index.html", "index.html", "report.md",
    };

    private static ReportPage.Page Study => new("A study", string.Empty, Files,
        [new("Study", "A study", "index.html"), new("faster", "Faster", "faster/index.html")]);

    [Fact]
    public void Html_StudyPage_ContentsAfterTheTitle_LinkingEachSectionAndPage()
    {
        string html = ReportPage.Html(Markdown, Study);

        int title = html.IndexOf("<h1 id=\"a-study\">A study</h1>\n<nav class=\"toc\"", StringComparison.Ordinal);
        Assert.True(title > 0, html);
        Assert.Contains("Pages: <strong title=\"A study\" aria-current=\"page\">Study</strong> · <a href=\"faster/index.html\" title=\"Faster\">faster</a>", html, StringComparison.Ordinal);
        Assert.Contains("<li><a href=\"#targets-by-scenario\">Targets by scenario</a>\n<ul class=\"sub\"><li><a href=\"#a-detail\">A detail</a></li></ul></li>\n<li><a href=\"#clusters\">Clusters</a></li>\n</ol>", html, StringComparison.Ordinal);
        Assert.Contains("<h2 id=\"targets-by-scenario\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_FilesImagesAndPages_BecomeRelativeLinks_OnlyToFilesOfTheReport()
    {
        string html = ReportPage.Html(Markdown, Study);

        Assert.Contains("<a href=\"comparison.csv\"><code>comparison.csv</code></a>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"baseline/summary.json\"><code>baseline/summary.json</code></a>", html, StringComparison.Ordinal);
        Assert.Contains("<code>missing.csv</code> and <code>baseline</code>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"charts/targets.png\" class=\"figure\"><img src=\"charts/targets.png\" alt=\"Targets\" /></a>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"faster/index.html\">Faster</a> <code>faster</code>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://example.org/a_b.html\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Html_Tables_ScrollInABox_IntervalsInCellsDoNotWrap_AndThePagePrints()
    {
        string html = ReportPage.Html(Markdown, Study);

        Assert.Contains("<div class=\"table-scroll\">\n<table>", html, StringComparison.Ordinal);
        Assert.Contains("</table>\n</div>\n", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"nw\">31.0% (95% CI 30.1–31.9%)</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"nw\">+1.2 pp (95% CI +0.8 to +1.6)</span>", html, StringComparison.Ordinal);
        Assert.Contains("Outside a table 31.0% (95% CI 30.1–31.9%) may wrap.", html, StringComparison.Ordinal);
        Assert.Contains(".table-scroll{overflow-x:auto", html, StringComparison.Ordinal);
        Assert.Contains("@media print{nav.toc{display:none}", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_ScenarioPage_LinksUpToTheStudyAndAcrossToOtherFolders()
    {
        var page = Study with { Folder = "faster/" };
        string html = ReportPage.Html("# Faster\n\n[Back](../report.md), `clusters.csv`, `baseline/clusters.csv`, `comparison.csv`.\n", page);

        Assert.Contains("<a href=\"../index.html\">Back</a>", html, StringComparison.Ordinal);
        Assert.Contains("<code>clusters.csv</code>,", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"../baseline/clusters.csv\"><code>baseline/clusters.csv</code></a>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"../comparison.csv\"><code>comparison.csv</code></a>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"../index.html\" title=\"A study\">Study</a> · <strong title=\"Faster\" aria-current=\"page\">faster</strong>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "a.csv", "a.csv")]
    [InlineData("x/", "x/a.csv", "a.csv")]
    [InlineData("x/", "a.csv", "../a.csv")]
    [InlineData("x/", "y/charts/a.png", "../y/charts/a.png")]
    public void Relative_FromAPagesFolder(string folder, string path, string expected) => Assert.Equal(expected, ReportPage.Relative(folder, path));
}

using Simulation.Runner.Reports;

namespace Simulation.Runner.Tests.Reports;

public class MarkdownTableTests
{
    [Fact]
    public void ToString_HeaderAlignmentAndRows_LfTerminated()
    {
        var table = new MarkdownTable(["Scenario", "P"], [ColumnAlignment.Left, ColumnAlignment.Right]).AddRow("base", "31.2%");
        Assert.Equal("| Scenario | P |\n| --- | --: |\n| base | 31.2% |\n", table.ToString());
    }

    [Fact]
    public void AddRow_Pipe_IsEscaped()
    {
        var table = new MarkdownTable(["a"]).AddRow("A|B");
        Assert.Equal("| a |\n| --- |\n| A\\|B |\n", table.ToString());
    }

    [Fact]
    public void AddRow_BackslashBeforePipe_KeepsBoth() =>
        Assert.Equal("C:\\\\x\\\\\\|y", MarkdownTable.EscapeText("C:\\x\\|y"));

    [Fact]
    public void AddRow_MarkdownPunctuation_IsEscaped() =>
        Assert.Equal("R&D \\*core\\* \\_x\\_ \\[a\\](b) \\<b\\> \\`c\\`", MarkdownTable.EscapeText("R&D *core* _x_ [a](b) <b> `c`"));

    [Fact]
    public void EscapeTextKeepingAddresses_AddressesAsWritten_TheRestEscaped_SpacesKept() =>
        Assert.Equal("https://a.org/jp_sz/p_1.html (see \\_x\\_; \\*not\\* a link) and http://b.org/x_y",
            MarkdownTable.EscapeTextKeepingAddresses(" https://a.org/jp_sz/p_1.html (see _x_; *not* a link) and http://b.org/x_y\n"));

    [Fact]
    public void AddRow_LineBreaks_BecomeSpaces() => Assert.Equal("one two three", MarkdownTable.EscapeText("one\ntwo\r\nthree\n"));

    [Fact]
    public void AddMarkdownRow_Markdown_OnlyPipesEscaped()
    {
        var table = new MarkdownTable(["x", "y"], [ColumnAlignment.Center, ColumnAlignment.Left]).AddMarkdownRow("[a|b](c.md)", "**1**");
        Assert.Equal("| x | y |\n| :-: | --- |\n| [a\\|b](c.md) | **1** |\n", table.ToString());
    }

    [Fact]
    public void AddRow_WrongCellCount_Throws() => Assert.Throws<ArgumentException>(() => new MarkdownTable(["a", "b"]).AddRow("only one"));

    [Fact]
    public void Constructor_AlignmentCountMismatch_Throws() =>
        Assert.Throws<ArgumentException>(() => new MarkdownTable(["a", "b"], [ColumnAlignment.Left]));
}

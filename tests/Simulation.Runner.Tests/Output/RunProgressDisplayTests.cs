using Simulation.Engine;
using Simulation.Runner.Output;
using Spectre.Console;

namespace Simulation.Runner.Tests.Output;

public class RunProgressDisplayTests
{
    [Theory]
    [InlineData(80)]
    [InlineData(60)]
    [InlineData(120)]
    public void Bar_LongTitle_NeverWiderThanTheConsole(int width)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.Yes,
        });
        console.Profile.Width = width;
        console.Profile.Capabilities.Interactive = true;

        RunProgressDisplay.Bar(console, "standard: 13 scenarios × 2,000,000 paths, shard 3/4 of a very long study name", p =>
        {
            p!.Report(new RunProgress(123_456, 2_600_000));
            Thread.Sleep(250);
            return 0;
        });

        // Strip the cursor controls of the live display; what is left are the lines drawn. Each must be
        // the whole bar on one line (the title, the percentage and the rate), never a wrapped remainder.
        var lines = System.Text.RegularExpressions.Regex.Replace(writer.ToString(), @"\x1b\[[0-9;?]*[A-Za-z]", "\n")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Trim().Length > 0).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, l =>
        {
            Assert.True(l.StartsWith("standard: 13 scena", StringComparison.Ordinal), $"a line that is not a whole bar: [{l}]");
            Assert.Contains("%", l, StringComparison.Ordinal);
            Assert.True(l.TrimEnd().Length < width, $"{l.TrimEnd().Length} columns at width {width}: {l}");
        });
    }

    [Theory]
    [InlineData("short", 80, "short", 40)]
    [InlineData("standard: 13 scenarios × 200,000 paths", 80, "standard: 13 scenarios × 200,000 paths", 9)]
    [InlineData("standard: 13 scenarios × 200,000 paths, shard 3/4", 80, "standard: 13 scenarios × 200,000 paths…", 8)]
    public void Fit_ShrinksTheBarFirst_ThenCutsTheTitle(string title, int width, string expectedTitle, int expectedBar) =>
        Assert.Equal((expectedTitle, expectedBar), RunProgressDisplay.Fit(title, width));
}

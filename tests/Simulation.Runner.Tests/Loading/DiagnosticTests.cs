using Simulation.Runner.Loading;

namespace Simulation.Runner.Tests.Loading;

public sealed class DiagnosticTests
{
    [Fact]
    public void Format_WithDisplayPath_IsFileLineColumnMessage() =>
        Assert.Equal("a.yaml:3:7: oops", new Diagnostic("/full/a.yaml", 3, 7, "oops").Format(_ => "a.yaml"));

    [Fact]
    public void SortAndDeduplicate_Mixed_SortsByFileOrderLineColumnAndDropsRepeats()
    {
        var sorted = Diagnostic.SortAndDeduplicate(
        [
            new Diagnostic("/b", 5, 1, "x"),
            new Diagnostic("/a", 9, 1, "y"),
            new Diagnostic("/b", 2, 3, "z"),
            new Diagnostic("/b", 5, 1, "x"),
        ]);

        Assert.Equal(["/b:2:3: z", "/b:5:1: x", "/a:9:1: y"], sorted.Select(d => d.ToString()));
    }
}

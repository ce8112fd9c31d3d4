using Simulation.Runner.Loading;

namespace Simulation.Runner.Tests.Loading;

public sealed class SourceMapTests
{
    [Fact]
    public void Append_KeyWithSlashAndTilde_EscapesAndSplitUnescapes()
    {
        string pointer = SourceMap.Append(SourceMap.Append(string.Empty, "a/b"), "c~d");

        Assert.Equal("/a~1b/c~0d", pointer);
        Assert.Equal(["a/b", "c~d"], SourceMap.Split(pointer));
    }

    [Theory]
    [InlineData("/levers/subsidy/years", "/levers/subsidy")]
    [InlineData("/levers", "")]
    [InlineData("", "")]
    public void Parent_Pointer_DropsTheLastSegment(string pointer, string parent) =>
        Assert.Equal(parent, SourceMap.Parent(pointer));
}

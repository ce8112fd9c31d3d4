using System.Text;
using System.Text.Json.Nodes;
using Simulation.Runner.Loading;

namespace Simulation.Runner.Tests.Loading;

public sealed class YamlTreeReaderTests
{
    private static YamlDocument Read(string yaml) => YamlTreeReader.Read(Encoding.UTF8.GetBytes(yaml), "/x.yaml");

    [Fact]
    public void Read_Mapping_KeepsKeyOrderAndRecordsValueAndKeyPositions()
    {
        var doc = Read("kind: dataset\nclusters:\n  b: { base-value: 1 }\n  a:\n    - 1\n    - 2\n");

        Assert.Empty(doc.Diagnostics);
        Assert.Equal(["b", "a"], doc.Root!["clusters"]!.AsObject().Select(p => p.Key));
        Assert.True(doc.Map.TryGetValue("/clusters/b/base-value", out var v));
        Assert.Equal(new SourcePosition(3, 20), v);
        Assert.True(doc.Map.TryGetKey("/clusters/a", out var k));
        Assert.Equal(new SourcePosition(4, 3), k);
        Assert.True(doc.Map.TryGetValue("/clusters/a/1", out var item));
        Assert.Equal(new SourcePosition(6, 7), item);
    }

    [Theory]
    [InlineData("~", null)]
    [InlineData("null", null)]
    [InlineData("", null)]
    [InlineData("true", "true")]
    [InlineData("False", "false")]
    [InlineData("42", "42")]
    [InlineData("-7", "-7")]
    [InlineData("0x1F", "31")]
    [InlineData("0o17", "15")]
    [InlineData("2.5", "2.5")]
    [InlineData("1e3", "1000")]
    [InlineData(".5", "0.5")]
    [InlineData("yes", "\"yes\"")]
    [InlineData("2024-01-01", "\"2024-01-01\"")]
    public void Read_PlainScalar_ResolvesByTheYaml12CoreSchema(string scalar, string? json)
    {
        var doc = Read($"v: {scalar}\n");

        Assert.Empty(doc.Diagnostics);
        var node = doc.Root!["v"];
        Assert.Equal(json, node?.ToJsonString());
    }

    [Theory]
    [InlineData("'42'")]
    [InlineData("\"true\"")]
    [InlineData("!!str 42")]
    public void Read_QuotedOrTaggedScalar_IsAString(string scalar)
    {
        var doc = Read($"v: {scalar}\n");

        Assert.Equal(System.Text.Json.JsonValueKind.String, doc.Root!["v"]!.GetValueKind());
    }

    [Theory]
    [InlineData(".nan")]
    [InlineData("-.inf")]
    [InlineData("1e400")]
    public void Read_NonFiniteNumber_IsReported(string scalar)
    {
        var doc = Read($"kind: dataset\nv: {scalar}\n");

        var d = Assert.Single(doc.Diagnostics);
        Assert.Contains("not a finite number", d.Message, StringComparison.Ordinal);
        Assert.Equal((2, 4), (d.Line, d.Column));
        Assert.Null(doc.Root);
    }

    [Fact]
    public void Read_Aliases_ExpandToCopies()
    {
        var doc = Read("a: &x { mean: 1, sd: 2 }\nb: *x\n");

        Assert.Empty(doc.Diagnostics);
        Assert.True(JsonNode.DeepEquals(doc.Root!["a"], doc.Root["b"]));
        Assert.True(doc.Map.TryGetValue("/b/sd", out var p));
        Assert.Equal(2, p.Line);
    }

    [Fact]
    public void Read_UnknownAlias_IsReported()
    {
        var doc = Read("a: *nope\n");

        Assert.Contains("unknown alias `*nope`", Assert.Single(doc.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Utf8Bom_IsAccepted()
    {
        var doc = YamlTreeReader.Read([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("kind: dataset\n")], "/x.yaml");

        Assert.Empty(doc.Diagnostics);
    }

    [Fact]
    public void Read_CommentsOnly_IsEmpty()
    {
        var doc = Read("# nothing here\n\n");

        Assert.Contains("the file is empty", Assert.Single(doc.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TopLevelScalar_IsReported()
    {
        var doc = Read("hello\n");

        Assert.Contains("expected a mapping with `kind` at the top, found `hello`", Assert.Single(doc.Diagnostics).Message, StringComparison.Ordinal);
    }
}

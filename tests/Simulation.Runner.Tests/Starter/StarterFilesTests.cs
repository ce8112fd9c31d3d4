using System.Text.Json;
using Microsoft.Extensions.FileSystemGlobbing;
using Simulation.Runner.Starter;

namespace Simulation.Runner.Tests.Starter;

/// <summary>What `simulate init` carries: the repository's own files, byte for byte, in a layout where their relative paths hold.</summary>
public sealed class StarterFilesTests
{
    private const string Modeline = "# yaml-language-server: $schema=";

    /// <summary>The repository file a starter file is embedded from.</summary>
    private static string Source(string relativePath) => relativePath switch
    {
        "study.yaml" => Path.Combine(TestPaths.RepositoryRoot, "scenarios", "starter.yaml"),
        "README.md" => Path.Combine(TestPaths.RepositoryRoot, "runner", "Starter", "README.md"),
        ".vscode/settings.json" => Path.Combine(TestPaths.RepositoryRoot, "runner", "Starter", "vscode-settings.json"),
        _ => Path.Combine(TestPaths.RepositoryRoot, "scenarios", relativePath),
    };

    [Fact]
    public void All_HoldsTheDatasetTheStudiesEveryStandardScenarioTheSchemasAndTheEditorSettings()
    {
        var expected = new[]
        {
            ".vscode/settings.json", "README.md", "data/shenzhen-2023.yaml", "data/shenzhen-facts.md",
            "schema/scenario.schema.json", "schema/summary.schema.json", "standard.yaml", "study.yaml",
        }.Concat(Directory.GetFiles(Path.Combine(TestPaths.RepositoryRoot, "scenarios", "standard"), "*.yaml").Select(f => "standard/" + Path.GetFileName(f)));

        Assert.Equal(expected.Order(StringComparer.Ordinal), StarterFiles.All.Select(f => f.RelativePath));
    }

    [Fact]
    public void All_EmbeddedContent_IsTheRepositoryFileByteForByte()
    {
        foreach (var file in StarterFiles.All)
        {
            byte[] embedded = StarterFiles.Read(file);
            byte[] repository = File.ReadAllBytes(Source(file.RelativePath));
            Assert.True(embedded.AsSpan().SequenceEqual(repository), $"{file.RelativePath} differs from {Source(file.RelativePath)}");
        }
    }

    [Fact]
    public void All_YamlModelines_PointAtTheSchemaInTheStarterLayout()
    {
        var yaml = StarterFiles.All.Where(f => f.RelativePath.EndsWith(".yaml", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(yaml);
        foreach (var file in yaml)
        {
            string first = new StreamReader(StarterFiles.Open(file)).ReadLine() ?? "";
            Assert.StartsWith(Modeline, first, StringComparison.Ordinal);
            string folder = Path.GetDirectoryName(file.RelativePath)!;
            string schema = Path.GetRelativePath("/", Path.GetFullPath(Path.Combine("/", folder, first[Modeline.Length..]))).Replace('\\', '/');
            Assert.Equal("schema/scenario.schema.json", schema);
        }
    }

    [Fact]
    public void VsCodeSettings_MapEveryYamlFileToTheScenarioSchema()
    {
        var settings = StarterFiles.All.Single(f => f.RelativePath == ".vscode/settings.json");
        using var json = JsonDocument.Parse(StarterFiles.Read(settings));
        var mapping = json.RootElement.GetProperty("yaml.schemas").EnumerateObject().Single();

        Assert.Equal("schema/scenario.schema.json", mapping.Name.StartsWith("./", StringComparison.Ordinal) ? mapping.Name[2..] : mapping.Name);
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddIncludePatterns(mapping.Value.EnumerateArray().Select(p => p.GetString()!));
        foreach (var file in StarterFiles.All.Where(f => f.RelativePath.EndsWith(".yaml", StringComparison.Ordinal)))
        {
            Assert.True(matcher.Match(file.RelativePath).HasMatches, $"{file.RelativePath} is not mapped to the schema");
        }
    }

    [Fact]
    public void StudyFile_IsTheRepositoryStarterStudy_WithABaselineAndOnePolicy()
    {
        string study = File.ReadAllText(Source(StarterFiles.StudyFile));

        Assert.Contains("id: starter\n", study, StringComparison.Ordinal);
        Assert.Contains("  - standard/baseline.yaml\n  - standard/double-subsidy.yaml\n", study, StringComparison.Ordinal);
    }
}

namespace Simulation.Engine.Tests;

/// <summary>The engine is pure: MathNet.Numerics and the BCL only, and no hidden I/O, clock or global randomness.</summary>
public class ArchitectureTests
{
    [Fact]
    public void Engine_ReferencesOnlyMathNetAndTheBcl()
    {
        var references = typeof(Simulator).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        var foreign = references.Where(n => !(n == "MathNet.Numerics" || n == "netstandard" || n == "mscorlib" || n.StartsWith("System", StringComparison.Ordinal)
            || n.StartsWith("Microsoft.Win32.Primitives", StringComparison.Ordinal))).ToList();
        Assert.Empty(foreign);
    }

    [Theory]
    [InlineData("Random.Shared")]
    [InlineData("new Random(")]
    [InlineData("new System.Random(")]
    [InlineData("DateTime.Now")]
    [InlineData("DateTime.UtcNow")]
    [InlineData("Stopwatch")]
    [InlineData("Console.")]
    [InlineData("System.IO")]
    [InlineData("File.")]
    public void EngineSources_DoNotUse(string forbidden)
    {
        var offenders = EngineSources().Where(f => File.ReadAllText(f).Contains(forbidden, StringComparison.Ordinal)).ToList();
        Assert.Empty(offenders);
    }

    private static List<string> EngineSources()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Simulation.sln")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        var files = Directory.EnumerateFiles(Path.Combine(dir.FullName, "engine"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(files);
        return files;
    }
}

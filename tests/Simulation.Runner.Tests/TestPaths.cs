namespace Simulation.Runner.Tests;

/// <summary>Where test files are: next to the test assembly, and the repository root above it.</summary>
internal static class TestPaths
{
    public static string BadInput => Path.Combine(AppContext.BaseDirectory, "BadInput");

    public static string TestData => Path.Combine(AppContext.BaseDirectory, "TestData");

    public static string Data(string name) => Path.Combine(TestData, name);

    /// <summary>The folder holding Simulation.sln, found by walking up from the test assembly.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Simulation.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("Simulation.sln not found above the test assembly");
        }
    }
}

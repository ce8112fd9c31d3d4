using Simulation.Runner.Reports;

namespace Simulation.Runner.Tests.Reports;

/// <summary>
/// Golden-file comparison: the expected bytes live in tests/Simulation.Runner.Tests/Golden/&lt;name&gt;,
/// found by walking up from the test binaries to the folder holding Simulation.sln (so nothing needs
/// copying to the output folder). On a mismatch the actual text is written next to it as
/// &lt;name&gt;.received.&lt;ext&gt; (ignored by git) and the test fails; to accept, review the difference
/// and run the tests with ACCEPT_GOLDEN=1, which overwrites the golden files.
/// </summary>
internal static class Golden
{
    public const string AcceptVariable = "ACCEPT_GOLDEN";

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Simulation.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Simulation.sln above {AppContext.BaseDirectory}.");
    }

    public static string Folder => Path.Combine(RepositoryRoot(), "tests", "Simulation.Runner.Tests", "Golden");

    public static void Verify(string name, string actual)
    {
        byte[] bytes = ReportFile.Utf8NoBom.GetBytes(actual);
        string path = Path.Combine(Folder, name);
        string received = Path.Combine(Folder, Path.GetFileNameWithoutExtension(name) + ".received" + Path.GetExtension(name));
        if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
        {
            File.Delete(received);
            return;
        }

        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            File.WriteAllBytes(path, bytes);
            File.Delete(received);
            return;
        }

        File.WriteAllBytes(received, bytes);
        string what = File.Exists(path) ? $"The output differs from the golden file {path}." : $"The golden file {path} does not exist yet.";
        Assert.Fail($"{what}\nThe actual output is in {received}; compare with "
            + $"`git diff --no-index {path} {received}`.\nIf the change is intended, accept it with `{AcceptVariable}=1 dotnet test` "
            + "(or copy the received file over the golden one) and commit the golden file.");
    }
}

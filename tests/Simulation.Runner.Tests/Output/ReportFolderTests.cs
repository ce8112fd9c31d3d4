using Simulation.Runner.Output;

namespace Simulation.Runner.Tests.Output;

public sealed class ReportFolderTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "report-folder-tests-" + Guid.NewGuid().ToString("N"));

    public ReportFolderTests() => Directory.CreateDirectory(root);

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Commit_NewReport_AppearsWhole()
    {
        string target = Path.Combine(root, "out");
        using (var report = ReportFolder.Create(target))
        {
            report.WriteText("a/b.csv", "x\n");
            Assert.False(Directory.Exists(target));
            report.Commit();
        }

        Assert.Equal("x\n", File.ReadAllText(Path.Combine(target, "a", "b.csv")));
        Assert.Single(Directory.EnumerateFileSystemEntries(root));
    }

    [Fact]
    public void Dispose_WithoutCommit_LeavesThePreviousReportIntact()
    {
        string target = Path.Combine(root, "out");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "old.csv"), "old");
        File.WriteAllText(Path.Combine(target, "run.json"), "{}"); // a report
        using (var report = ReportFolder.Create(target))
        {
            report.WriteText("new.csv", "new");

            // Interrupted here: no Commit.
        }

        Assert.Equal("old", File.ReadAllText(Path.Combine(target, "old.csv")));
        Assert.False(File.Exists(Path.Combine(target, "new.csv")));
        Assert.Single(Directory.EnumerateFileSystemEntries(root));
    }

    [Fact]
    public void Create_OverAFolderThatIsNoReport_Refuses()
    {
        string target = Path.Combine(root, "notes");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "mine.txt"), "keep");

        var ex = Assert.Throws<IOException>(() => ReportFolder.Create(target));

        Assert.Contains("holds files but no report", ex.Message, StringComparison.Ordinal);
        Assert.Equal("keep", File.ReadAllText(Path.Combine(target, "mine.txt")));
    }

    [Fact]
    public void Commit_OverExistingReport_ReplacesItWhole()
    {
        string target = Path.Combine(root, "out");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "stale.csv"), "old");
        File.WriteAllText(Path.Combine(target, "run.json"), "{}"); // a report
        using (var report = ReportFolder.Create(target))
        {
            report.WriteText("fresh.csv", "new");
            report.Commit();
        }

        Assert.False(File.Exists(Path.Combine(target, "stale.csv")));
        Assert.Equal("new", File.ReadAllText(Path.Combine(target, "fresh.csv")));
        Assert.Single(Directory.EnumerateFileSystemEntries(root));
    }

    [Fact]
    public void Compare_ChangedTableOrMissingChart_IsListed()
    {
        string a = Path.Combine(root, "a"), b = Path.Combine(root, "b");
        foreach (string d in new[] { a, b })
        {
            Directory.CreateDirectory(Path.Combine(d, "charts"));
            File.WriteAllText(Path.Combine(d, "run.json"), "{\"study\": \"s\", \"timings_seconds\": {\"simulate\": " + d.Length + "}}");
            File.WriteAllBytes(Path.Combine(d, "charts", "fan.png"), Simulation.Runner.Charts.ChartStamp.Write(Png, "sha256:fan"));
            File.WriteAllText(Path.Combine(d, "same.csv"), "1\n");
        }

        Assert.Empty(ReportComparer.Compare(a, b));

        File.WriteAllText(Path.Combine(a, "same.csv"), "2\n");
        File.WriteAllBytes(Path.Combine(b, "charts", "fan.png"), Png);
        File.WriteAllText(Path.Combine(a, "extra.json"), "{}");
        var problems = ReportComparer.Compare(a, b);
        Assert.Equal(["charts/fan.png: not a chart this report made (it carries no fingerprint of what it shows)", "extra.json: new, not in the committed report", "same.csv: differs"], problems);
    }

    /// <summary>The shape of a PNG (signature, a header chunk's bytes, more), enough for the stamp.</summary>
    private static byte[] Png => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, .. "IHDR"u8, .. new byte[13 + 4], 1, 2, 3];
}

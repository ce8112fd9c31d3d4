namespace Simulation.Runner.Output;

/// <summary>
/// Compares a freshly generated report with a committed one: every table and summary byte for byte
/// (run.json excepted: it records timings), and every chart present and non-empty. A committed report
/// may leave out the recorded paths (samples.csv, tens of megabytes): each is checked through the
/// SHA-256 its summary.json records, which is compared byte for byte with the rest.
/// </summary>
internal static class ReportComparer
{
    private static readonly string[] ExactExtensions = [".csv", ".json", ".md", ".html"];

    /// <summary>The differences, as lines naming each file; empty when the committed report is current.</summary>
    public static IReadOnlyList<string> Compare(string fresh, string committed)
    {
        var problems = new List<string>();
        if (!Directory.Exists(committed))
        {
            return [$"{committed}: no committed report to compare with"];
        }

        var freshFiles = Files(fresh);
        var committedFiles = Files(committed);
        foreach (string file in freshFiles.Union(committedFiles, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (Path.GetFileName(file) == "run.json")
            {
                continue;
            }

            string a = Path.Combine(fresh, file), b = Path.Combine(committed, file);
            if (!committedFiles.Contains(file))
            {
                if (Path.GetFileName(file) != Reports.AnalysisTables.SamplesFile)
                {
                    problems.Add($"{file}: new, not in the committed report");
                }
            }
            else if (!freshFiles.Contains(file))
            {
                problems.Add($"{file}: in the committed report but no longer produced");
            }
            else if (ExactExtensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase))
            {
                if (!File.ReadAllBytes(a).AsSpan().SequenceEqual(File.ReadAllBytes(b)))
                {
                    problems.Add($"{file}: differs");
                }
            }
            else if (new FileInfo(b).Length == 0)
            {
                problems.Add($"{file}: empty in the committed report");
            }
        }

        return problems;
    }

    private static HashSet<string> Files(string root) =>
        Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
                .ToHashSet(StringComparer.Ordinal)
            : [];
}

using System.Text.Json.Nodes;

namespace Simulation.Runner.Output;

/// <summary>
/// Compares a freshly generated report with a committed one: every table and summary byte for byte;
/// run.json without what may differ between machines and runs (timings, threads, runtime, the build's
/// commit); and every chart by the fingerprint of what it shows, which the PNG carries
/// (<see cref="Charts.ChartStamp"/>) — not by its pixels, which depend on the machine's fonts. A
/// committed report may leave out the recorded paths (samples.csv, tens of megabytes): each is checked
/// through the SHA-256 its summary.json records, which is compared byte for byte with the rest.
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
            else if (Path.GetFileName(file) == "run.json")
            {
                try
                {
                    problems.AddRange(RunJsonDifferences(File.ReadAllText(a), File.ReadAllText(b)).Select(key => $"{file}: {key} differs"));
                }
                catch (System.Text.Json.JsonException)
                {
                    problems.Add($"{file}: not the JSON of a run manifest");
                }
            }
            else if (ExactExtensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase))
            {
                if (!File.ReadAllBytes(a).AsSpan().SequenceEqual(File.ReadAllBytes(b)))
                {
                    problems.Add($"{file}: differs");
                }
            }
            else if (string.Equals(Path.GetExtension(file), ".png", StringComparison.OrdinalIgnoreCase))
            {
                string? expected = Charts.ChartStamp.Read(File.ReadAllBytes(a));
                string? found = Charts.ChartStamp.Read(File.ReadAllBytes(b));
                if (found is null)
                {
                    problems.Add($"{file}: not a chart this report made (it carries no fingerprint of what it shows)");
                }
                else if (found != expected)
                {
                    problems.Add($"{file}: shows other data or settings than the fresh chart"
                        + (ChartWithFingerprint(fresh, freshFiles, found, file) is { } other ? $": it shows what {other} should" : ""));
                }
            }
            else if (new FileInfo(b).Length == 0)
            {
                problems.Add($"{file}: empty in the committed report");
            }
        }

        return problems;
    }

    /// <summary>run.json's keys that may differ between two runs of the same inputs: not compared.</summary>
    internal static readonly string[] RunJsonVolatileKeys = ["timings_seconds", "threads", "runtime", "engine_build"];

    /// <summary>The keys of two run.json texts that differ, leaving out <see cref="RunJsonVolatileKeys"/>; a changed input names its file.</summary>
    internal static IEnumerable<string> RunJsonDifferences(string fresh, string committed)
    {
        var a = JsonNode.Parse(fresh)!.AsObject();
        var b = JsonNode.Parse(committed)!.AsObject();
        foreach (string key in a.Select(kv => kv.Key).Union(b.Select(kv => kv.Key), StringComparer.Ordinal).Except(RunJsonVolatileKeys, StringComparer.Ordinal))
        {
            if (key == "inputs" && a[key] is JsonObject ai && b[key] is JsonObject bi)
            {
                foreach (string input in ai.Select(kv => kv.Key).Union(bi.Select(kv => kv.Key), StringComparer.Ordinal).Order(StringComparer.Ordinal))
                {
                    if (!JsonNode.DeepEquals(ai[input], bi[input]))
                    {
                        yield return $"the hash of input {input}";
                    }
                }
            }
            else if (!JsonNode.DeepEquals(a[key], b[key]))
            {
                yield return key;
            }
        }
    }

    /// <summary>A chart of the report in <paramref name="root"/>, other than <paramref name="except"/>, whose fingerprint is <paramref name="fingerprint"/>, if any.</summary>
    private static string? ChartWithFingerprint(string root, IEnumerable<string> files, string fingerprint, string except) =>
        files.Where(f => f != except && string.Equals(Path.GetExtension(f), ".png", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .FirstOrDefault(f => Charts.ChartStamp.Read(File.ReadAllBytes(Path.Combine(root, f))) == fingerprint);

    private static HashSet<string> Files(string root) =>
        Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
                .ToHashSet(StringComparer.Ordinal)
            : [];
}

using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Simulation.Runner.Charts;

namespace Simulation.Runner.Tests.Commands;

/// <summary>The run command end to end on the tiny study: exit codes, atomic output, byte-reproducibility.</summary>
public sealed class RunCommandTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "run-command-tests-" + Guid.NewGuid().ToString("N"));

    public RunCommandTests() => Directory.CreateDirectory(root);

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static (int Code, string Out, string Err) Cli(params string[] args) => Cli(CancellationToken.None, args);

    private static (int Code, string Out, string Err) Cli(CancellationToken token, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = Simulation.Runner.Cli.Run(args, output, error, NullLogger.Instance, token);
        return (code, output.ToString(), error.ToString());
    }

    private string Out(string name) => Path.Combine(root, name);

    private static Dictionary<string, byte[]> Snapshot(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != "run.json")
            .ToDictionary(f => Path.GetRelativePath(folder, f), File.ReadAllBytes);

    /// <summary>The same files; tables, summaries and the report byte for byte, charts present and non-empty (the --check contract).</summary>
    private static void AssertSameBytes(Dictionary<string, byte[]> a, Dictionary<string, byte[]> b)
    {
        Assert.Equal(a.Keys.Order(StringComparer.Ordinal), b.Keys.Order(StringComparer.Ordinal));
        foreach (var (file, bytes) in a)
        {
            if (file.EndsWith(".png", StringComparison.Ordinal))
            {
                Assert.True(bytes.Length > 0 && b[file].Length > 0, $"{file} is empty");
                Assert.NotNull(ChartStamp.Read(bytes));
                Assert.Equal(ChartStamp.Read(bytes), ChartStamp.Read(b[file]));
            }
            else
            {
                Assert.True(bytes.AsSpan().SequenceEqual(b[file]), $"{file} differs");
            }
        }
    }

    [Fact]
    public void Run_TinyStudy_WritesTheWholeReport()
    {
        var (code, output, err) = Cli("run", TestPaths.Data("tiny-study.yaml"), "--out", Out("a"), "--no-progress", "--paths", "300");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(string.Empty, err);
        Assert.Contains("baseline", output, StringComparison.Ordinal);
        foreach (string file in new[] { "report.md", "index.html", "comparison.csv", "run.json", "sweep-budget.csv", "sweep-delay.csv",
            "baseline/summary.json", "baseline/clusters.csv", "baseline/bands.csv", "baseline/targets.csv",
            "baseline/samples.csv", "baseline/sensitivity.csv" })
        {
            Assert.True(File.Exists(Path.Combine(Out("a"), file)), file);
        }

        Assert.DoesNotContain(Directory.EnumerateDirectories(root), d => Path.GetFileName(d).StartsWith('.'));
    }

    [Fact]
    public void Run_AnyThreadCountOrCulture_ByteIdenticalReport()
    {
        Assert.Equal(ExitCodes.Ok, Cli("run", TestPaths.Data("tiny-study.yaml"), "--out", Out("one"), "--no-progress", "--paths", "300", "--threads", "1").Code);
        var culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("de-DE");
            Assert.Equal(ExitCodes.Ok, Cli("run", TestPaths.Data("tiny-study.yaml"), "--out", Out("three"), "--no-progress", "--paths", "300", "--threads", "3").Code);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
        }

        AssertSameBytes(Snapshot(Out("one")), Snapshot(Out("three")));
    }

    [Fact]
    public void Check_CurrentReport_ExitsZero_StaleReport_ExitsFiveListingFiles()
    {
        string[] run = ["run", TestPaths.Data("tiny-study.yaml"), "--no-progress", "--paths", "300"];
        Assert.Equal(ExitCodes.Ok, Cli([.. run, "--out", Out("committed")]).Code);
        Assert.Equal(ExitCodes.Ok, Cli([.. run, "--check", Out("committed")]).Code);

        File.AppendAllText(Path.Combine(Out("committed"), "baseline", "clusters.csv"), "tampered\n");
        var (code, _, err) = Cli([.. run, "--check", Out("committed")]);
        Assert.Equal(ExitCodes.Stale, code);
        Assert.Contains("baseline/clusters.csv: differs", err, StringComparison.Ordinal);
        Assert.DoesNotContain(Directory.EnumerateDirectories(root), d => Path.GetFileName(d).StartsWith('.'));
    }

    [Fact]
    public void Run_TinyStudy_APageForEachMainScenario_LinkedFromTheStudy_AndCheckedByteForByte()
    {
        string[] run = ["run", TestPaths.Data("tiny-study.yaml"), "--no-progress", "--paths", "300"];
        Assert.Equal(ExitCodes.Ok, Cli([.. run, "--out", Out("pages")]).Code);

        foreach (string id in new[] { "baseline", "no-subsidy" })
        {
            Assert.True(File.Exists(Path.Combine(Out("pages"), id, "report.md")), id);
            Assert.Contains("<a href=\"../index.html\">A tiny study</a>", File.ReadAllText(Path.Combine(Out("pages"), id, "index.html")), StringComparison.Ordinal);
        }

        Assert.DoesNotContain(Directory.EnumerateFiles(Out("pages"), "index.html", SearchOption.AllDirectories), f => f.Contains("--", StringComparison.Ordinal));
        string study = File.ReadAllText(Path.Combine(Out("pages"), "index.html"));
        Assert.Contains("<a href=\"no-subsidy/index.html\">", study, StringComparison.Ordinal);
        Assert.Contains("<a href=\"sweep-budget.csv\"><code>sweep-budget.csv</code></a>", study, StringComparison.Ordinal);

        File.AppendAllText(Path.Combine(Out("pages"), "no-subsidy", "index.html"), "\n");
        var (code, _, err) = Cli([.. run, "--check", Out("pages")]);
        Assert.Equal(ExitCodes.Stale, code);
        Assert.Contains("no-subsidy/index.html: differs", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ASwappedChart_OrOneWithoutItsFingerprint_ExitsFive_WhateverItsPixels()
    {
        string[] run = ["run", TestPaths.Data("tiny-study.yaml"), "--no-progress", "--paths", "300"];
        Assert.Equal(ExitCodes.Ok, Cli([.. run, "--out", Out("committed")]).Code);
        string charts = Path.Combine(Out("committed"), "charts");
        File.Copy(Path.Combine(charts, "differences.png"), Path.Combine(charts, "targets.png"), overwrite: true);

        var (code, _, err) = Cli([.. run, "--check", Out("committed")]);
        Assert.Equal(ExitCodes.Stale, code);
        Assert.Contains("charts/targets.png: shows other data or settings than the fresh chart: it shows what charts/differences.png should", err, StringComparison.Ordinal);
        Assert.DoesNotContain("charts/differences.png", err.Replace("what charts/differences.png should", "", StringComparison.Ordinal), StringComparison.Ordinal);

        // A chart drawn by anything else (here: the same picture with its fingerprint chunk cut out).
        byte[] png = File.ReadAllBytes(Path.Combine(charts, "differences.png"));
        int chunk = 12 + System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(33));
        File.WriteAllBytes(Path.Combine(charts, "differences.png"), [.. png.AsSpan(0, 33), .. png.AsSpan(33 + chunk)]);
        (code, _, err) = Cli([.. run, "--check", Out("committed")]);
        Assert.Equal(ExitCodes.Stale, code);
        Assert.Contains("charts/differences.png: not a chart this report made", err, StringComparison.Ordinal);
    }

    /// <summary>A test scenario file's name: line, unquoted.</summary>
    private static string TinyName(string file) =>
        File.ReadLines(TestPaths.Data(file)).First(l => l.StartsWith("name:", StringComparison.Ordinal))["name:".Length..].Trim().Trim('"');

    [Fact]
    public void Run_IntoAFolderHoldingAnotherStudysReport_IsRefusedBeforeSimulating_UnlessForced()
    {
        string[] pair = ["run", TestPaths.Data("tiny-baseline.yaml"), TestPaths.Data("tiny-no-subsidy.yaml"), "--no-progress", "--paths", "100"];
        Assert.Equal(ExitCodes.Ok, Cli([.. pair, "--out", Out("shared")]).Code);
        var before = Snapshot(Out("shared"));
        Assert.StartsWith("# " + TinyName("tiny-baseline.yaml") + " vs " + TinyName("tiny-no-subsidy.yaml") + "\n", File.ReadAllText(Path.Combine(Out("shared"), "report.md")), StringComparison.Ordinal);

        var (code, output, err) = Cli("run", TestPaths.Data("tiny-baseline.yaml"), "--out", Out("shared"), "--no-progress", "--paths", "100");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains("holds the report of study `baseline-vs-no-subsidy` (2 scenarios: baseline, no-subsidy), not of this run (study `baseline` (1 scenario: baseline))", err, StringComparison.Ordinal);
        Assert.Contains("nothing was changed: give --out DIR for another folder, or --force", err, StringComparison.Ordinal);
        AssertSameBytes(before, Snapshot(Out("shared")));

        // The same study again replaces its report without asking; --force replaces another's, saying so first.
        Assert.Equal(ExitCodes.Ok, Cli([.. pair, "--out", Out("shared")]).Code);
        (code, _, err) = Cli("run", TestPaths.Data("tiny-baseline.yaml"), "--out", Out("shared"), "--no-progress", "--paths", "100", "--force");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("--force: this run replaces it when it finishes", err, StringComparison.Ordinal);
        Assert.Contains("\"study\": \"baseline\"", File.ReadAllText(Path.Combine(Out("shared"), "run.json")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "base" }, "base")]
    [InlineData(new[] { "base", "policy-a" }, "base-vs-policy-a")]
    [InlineData(new[] { "base", "policy-a", "policy-b" }, "base-vs-policy-a-vs-policy-b")]
    public void AdHocStudyId_NamesEveryScenario_SoComparisonsWithOneBaselineDoNotCollide(string[] ids, string expected) =>
        Assert.Equal(expected, Simulation.Runner.Commands.RunCommand.AdHocStudyId(ids));

    [Fact]
    public void AdHocStudyId_OfManyScenarios_IsShortAndStillTellsSetsApart()
    {
        string[] many = [.. Enumerable.Range(0, 12).Select(i => $"policy-number-{i}")];
        string id = Simulation.Runner.Commands.RunCommand.AdHocStudyId(many);
        Assert.Matches(@"\Apolicy-number-0-vs-11-scenarios-[0-9a-f]{8}\z", id);
        Assert.NotEqual(id, Simulation.Runner.Commands.RunCommand.AdHocStudyId([.. many[..^1], "policy-number-99"]));
    }

    [Fact]
    public void Check_ComparesRunJsonsInputsAndEngine_NotItsTimingsThreadsOrRuntime()
    {
        string[] run = ["run", TestPaths.Data("tiny-study.yaml"), "--no-progress", "--paths", "300"];
        Assert.Equal(ExitCodes.Ok, Cli([.. run, "--out", Out("committed")]).Code);
        string manifest = Path.Combine(Out("committed"), "run.json");
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(manifest))!.AsObject();
        json["timings_seconds"] = new System.Text.Json.Nodes.JsonObject { ["simulate"] = 99.0 };
        json["threads"] = 64;
        json["runtime"] = ".NET 99";
        json["engine_build"] = "0.0.0+elsewhere";
        File.WriteAllText(manifest, json.ToJsonString());
        Assert.Equal(ExitCodes.Ok, Cli([.. run, "--check", Out("committed")]).Code);

        var inputs = json["inputs"]!.AsObject();
        string input = inputs.First().Key;
        inputs[input] = "sha256:" + new string('0', 64);
        json["engine_version"] = "0.0.1";
        File.WriteAllText(manifest, json.ToJsonString());
        var (code, _, err) = Cli([.. run, "--check", Out("committed")]);
        Assert.Equal(ExitCodes.Stale, code);
        Assert.Contains($"run.json: the hash of input {input} differs", err, StringComparison.Ordinal);
        Assert.Contains("run.json: engine_version differs", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ACommittedReportWithoutItsRecordedPaths_IsCurrent_TheirHashStillChecked()
    {
        // The standard report commits summary.json (with samples.csv's SHA-256) but not samples.csv itself.
        string[] run = ["run", TestPaths.Data("tiny-study.yaml"), "--no-progress", "--paths", "300"];
        Assert.Equal(ExitCodes.Ok, Cli([.. run, "--out", Out("committed")]).Code);
        string samples = Path.Combine(Out("committed"), "baseline", "samples.csv");
        string summary = Path.Combine(Out("committed"), "baseline", "summary.json");
        string hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(samples)));
        Assert.Contains(hash, File.ReadAllText(summary), StringComparison.Ordinal);
        File.Delete(samples);
        Assert.Equal(ExitCodes.Ok, Cli([.. run, "--check", Out("committed")]).Code);

        File.WriteAllText(summary, File.ReadAllText(summary).Replace(hash, new string('0', 64), StringComparison.Ordinal));
        var (code, _, err) = Cli([.. run, "--check", Out("committed")]);
        Assert.Equal(ExitCodes.Stale, code);
        Assert.Contains("baseline/summary.json: differs", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_AnalysedBaseline_ReportSaysWhatDrivesEachTargetAndWhenItIsMet()
    {
        Assert.Equal(ExitCodes.Ok, Cli("run", TestPaths.Data("tiny-study.yaml"), "--out", Out("analysed"), "--no-progress", "--paths", "2000").Code);
        string report = File.ReadAllText(Path.Combine(Out("analysed"), "report.md"));
        Assert.Contains("## What drives each target: ", report, StringComparison.Ordinal);
        Assert.Contains("## When is it met: ", report, StringComparison.Ordinal);
        Assert.Contains("baseline/sensitivity.csv", report, StringComparison.Ordinal);
        foreach (string chart in System.Text.RegularExpressions.Regex.Matches(report, @"\]\((baseline/charts/(tornado|discovery)-[^)]+\.png)\)").Select(m => m.Groups[1].Value))
        {
            Assert.True(File.Exists(Path.Combine(Out("analysed"), chart)), chart);
        }

        Assert.Contains("tornado-", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ToAPrecision_StopsWhenEveryIntervalIsNarrowEnough_OnAnyThreadCount()
    {
        var (code, output, err) = Cli("run", TestPaths.Data("tiny-study.yaml"), "--out", Out("p1"), "--no-progress", "--precision", "4pp", "--threads", "1");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(string.Empty, err);
        Assert.Contains("every target and paired difference within ±4 pp at ", output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, Cli("run", TestPaths.Data("tiny-study.yaml"), "--out", Out("p2"), "--no-progress", "--precision", "4pp", "--threads", "2").Code);
        AssertSameBytes(Snapshot(Out("p1")), Snapshot(Out("p2")));

        var manifest = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(Out("p1"), "run.json")))!;
        Assert.Equal(4.0, manifest["precision_pp"]!.GetValue<double>());
        int paths = manifest["paths"]!.GetValue<int>();
        Assert.True(paths >= Engine.Simulator.PrecisionRoundBlocks * 1024 && paths % 1024 == 0, $"{paths} paths is not a whole number of blocks");
        string report = File.ReadAllText(Path.Combine(Out("p1"), "report.md"));
        Assert.Contains("- Paths chosen by the precision asked for: every target's and paired difference's 95% interval within ±4 pp", report, StringComparison.Ordinal);
        Assert.DoesNotContain("Warning", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ToAPrecisionBeyondTheMostPaths_WarnsOnTheConsoleAndAtTheTopOfTheReport()
    {
        var (code, _, err) = Cli("run", TestPaths.Data("tiny-study.yaml"), "--out", Out("capped"), "--no-progress", "--precision", "0.1pp", "--max-paths", "3000");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("simulate: WARNING: stopped at the most paths, 3,000, before every statistic reached ±0.1 pp", err, StringComparison.Ordinal);
        string report = File.ReadAllText(Path.Combine(Out("capped"), "report.md"));
        Assert.Contains("> **Warning: this run stopped at its most paths, 3,000,", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ShardOfARunToAPrecision_RefusedAsUsage()
    {
        var (code, _, err) = Cli("run", TestPaths.Data("tiny-study.yaml"), "--out", Out("shard"), "--no-progress", "--precision", "1pp", "--shard", "0/2");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("shards need a fixed number of paths", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Cancelled_ExitsOneThirtyAndLeavesThePreviousReport()
    {
        Assert.Equal(ExitCodes.Ok, Cli("run", TestPaths.Data("tiny-study.yaml"), "--out", Out("kept"), "--no-progress", "--paths", "300").Code);
        var before = Snapshot(Out("kept"));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        var (code, _, _) = Cli(cancelled.Token, "run", TestPaths.Data("tiny-study.yaml"), "--out", Out("kept"), "--no-progress", "--paths", "5000");

        Assert.Equal(ExitCodes.Cancelled, code);
        AssertSameBytes(before, Snapshot(Out("kept")));
        Assert.DoesNotContain(Directory.EnumerateDirectories(root), d => Path.GetFileName(d).StartsWith('.'));
    }

    [Theory]
    [InlineData(new[] { "run", "--paths", "0", "X.yaml" }, ExitCodes.Usage)]
    [InlineData(new[] { "run", "--threads", "-1", "X.yaml" }, ExitCodes.Usage)]
    [InlineData(new[] { "run", "--lang", "fr", "X.yaml" }, ExitCodes.Usage)]
    [InlineData(new[] { "run", "missing-file.yaml" }, ExitCodes.InputOutput)]
    [InlineData(new[] { "run" }, ExitCodes.Usage)]
    [InlineData(new[] { "run", "X.yaml", "--pathz", "3" }, ExitCodes.Usage)]
    [InlineData(new[] { "validate", "X.yaml", "--lang", "zh" }, ExitCodes.Usage)]
    [InlineData(new[] { "run", "X.yaml", "--paths", "100", "--precision", "1pp" }, ExitCodes.Usage)]
    [InlineData(new[] { "run", "X.yaml", "--precision", "1%" }, ExitCodes.Usage)]
    [InlineData(new[] { "run", "X.yaml", "--precision", "0pp" }, ExitCodes.Usage)]
    [InlineData(new[] { "run", "X.yaml", "--max-paths", "0" }, ExitCodes.Usage)]
    public void Run_Misuse_ExitCode(string[] args, int expected) => Assert.Equal(expected, Cli(args).Code);

    [Theory]
    [InlineData("run", "--paths", "abc", "--paths expects a whole number, found `abc`")]
    [InlineData("run", "--paths", "1.5", "--paths expects a whole number, found `1.5`")]
    [InlineData("run", "--seed", "-1", "--seed expects a whole number from 0 to 18446744073709551615, found `-1`")]
    [InlineData("run", "--threads", "two", "--threads expects a whole number, found `two`")]
    [InlineData("bench", "--repeat", "x", "--repeat expects a whole number, found `x`")]
    public void Run_NumberOptionNotANumber_SaysSoInWords(string command, string option, string value, string message)
    {
        var (code, _, err) = Cli(command, option, value, "X.yaml");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(message, err, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_InvalidScenario_ExitsThreeWithLocation()
    {
        var (code, _, err) = Cli("run", Path.Combine(TestPaths.BadInput, "misspelt-key.yaml"), "--out", Out("bad"));
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("misspelt-key.yaml:", err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Out("bad")));
    }

    [Fact]
    public void Run_TwoScenariosWithOneId_ExitsThreeNamingBothFiles()
    {
        string copy = Path.Combine(root, "copy.yaml");
        File.WriteAllText(copy, File.ReadAllText(TestPaths.Data("tiny-no-subsidy.yaml"))
            .Replace("extends: tiny-baseline.yaml", "extends: " + TestPaths.Data("tiny-baseline.yaml").Replace('\\', '/'), StringComparison.Ordinal));

        var (code, _, err) = Cli("run", TestPaths.Data("tiny-no-subsidy.yaml"), copy, "--out", Out("same"), "--paths", "100");

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("tiny-no-subsidy.yaml` and `" + copy + "` have the same id `no-subsidy`", err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Out("same")));
    }

    [Fact]
    public void Run_ScenariosDefiningOneTargetIdTwoWays_ExitsThreeNamingTheFile()
    {
        string other = Path.Combine(root, "other.yaml");
        File.WriteAllText(other, "kind: scenario\nid: other\nextends: " + TestPaths.Data("tiny-baseline.yaml").Replace('\\', '/') +
            "\ntargets:\n  alpha-big:\n    cluster: { id: alpha, value: 9000 }\n");

        var (code, _, err) = Cli("run", TestPaths.Data("tiny-baseline.yaml"), other, "--out", Out("two-goals"), "--paths", "100");

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.StartsWith("simulate: " + other + ": target `alpha-big` differs from scenario `baseline`'s target of that id in its value (9000 here, 10000 there): ", err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Out("two-goals")));
    }

    [Fact]
    public void Run_IntoAFolderWithAReport_SaysItReplacedIt()
    {
        string[] args = ["run", TestPaths.Data("tiny-baseline.yaml"), "--out", Out("again"), "--paths", "1", "--no-progress"];

        var first = Cli(args);
        File.WriteAllText(Path.Combine(Out("again"), "notes.txt"), "mine");
        var second = Cli(args);

        Assert.Equal((ExitCodes.Ok, ExitCodes.Ok), (first.Code, second.Code));
        Assert.Contains("report.md: 1 scenario × 1 path simulated in", first.Out, StringComparison.Ordinal);
        Assert.Contains("report.md (replacing the report that was there): 1 scenario × 1 path simulated in", second.Out, StringComparison.Ordinal);
        Assert.Contains("also removes 1 file it did not write: notes.txt", second.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_IntoAFolderOfOtherFiles_RefusesAndKeepsThem()
    {
        // A report replaces its folder whole: a folder that is not a report must not be deleted by it.
        Directory.CreateDirectory(Out("notes"));
        File.WriteAllText(Path.Combine(Out("notes"), "mine.txt"), "keep me");

        var (code, _, err) = Cli("run", TestPaths.Data("tiny-baseline.yaml"), "--out", Out("notes"), "--paths", "1", "--no-progress");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("holds files but no report (no run.json)", err, StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(Out("notes"), "mine.txt")));
    }

    [Fact]
    public void Run_UnwritableOutput_ExitsFourNamingThePath()
    {
        string blocker = Path.Combine(root, "file-not-folder");
        File.WriteAllText(blocker, "x");
        var (code, output, err) = Cli("run", TestPaths.Data("tiny-study.yaml"), "--out", Path.Combine(blocker, "report"), "--no-progress", "--paths", "100");
        Assert.Equal(ExitCodes.InputOutput, code);
        Assert.Equal($"simulate: --out `{Path.Combine(blocker, "report")}` cannot be a folder, as `{blocker}` above it is a file: name a new or empty folder, or one holding an earlier report\n",
            err.ReplaceLineEndings("\n"));
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public void Run_OutNamingAFile_RefusedBeforeTheInputIsEvenLoaded()
    {
        // Noticed only when the report was written, it cost the whole run: now it comes before the input's own
        // problems (this input is invalid, exit 3 if it were loaded) and leaves the file as it was.
        string file = Out("results.txt");
        File.WriteAllText(file, "mine");

        var (code, output, err) = Cli("run", Path.Combine(TestPaths.BadInput, "misspelt-key.yaml"), "--out", file, "--no-progress");

        Assert.Equal(ExitCodes.InputOutput, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains($"simulate: --out `{file}` is a file, not a folder (a report is a folder of files): name a new or empty folder, or one holding an earlier report",
            err, StringComparison.Ordinal);
        Assert.DoesNotContain("levesr", err, StringComparison.Ordinal);
        Assert.Equal("mine", File.ReadAllText(file));
    }

    [Fact]
    public void Run_CheckAgainstAFile_RefusedBeforeRunning()
    {
        string file = Out("report.md");
        File.WriteAllText(file, "# not a report folder");

        var (code, output, err) = Cli("run", TestPaths.Data("tiny-study.yaml"), "--check", file, "--no-progress");

        Assert.Equal(ExitCodes.InputOutput, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains($"simulate: --check `{file}` is a file, not a folder (a report is a folder of files): --check compares with the folder of a report, such as output/standard",
            err, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ScenarioFiles_FormAStudyWithTheFirstAsBaseline()
    {
        var (code, _, err) = Cli("run", TestPaths.Data("tiny-baseline.yaml"), TestPaths.Data("tiny-no-subsidy.yaml"), "--out", Out("pair"), "--no-progress", "--paths", "200");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(string.Empty, err);
        string comparison = File.ReadAllText(Path.Combine(Out("pair"), "comparison.csv"));
        Assert.Contains("no-subsidy", comparison, StringComparison.Ordinal);
    }

    [Fact]
    public void MemoryProblem_StudyBeyondTheMemoryAvailable_RefusedWithTheSizes()
    {
        var study = Simulation.Runner.Loading.ScenarioLoader.LoadFile(TestPaths.Data("tiny-study.yaml")).Study!;
        long statistics = study.Scenarios.Sum(s => Simulation.Engine.Statistics.ScenarioAccumulator.BytesFor(s.Scenario));

        Assert.Null(Simulation.Runner.Commands.RunCommand.MemoryProblem(study, threads: 2, availableBytes: 1L << 30));
        string? problem = Simulation.Runner.Commands.RunCommand.MemoryProblem(study, threads: 2, availableBytes: statistics);
        Assert.NotNull(problem);
        Assert.StartsWith("study `tiny-study` is too large for this machine: its 8 scenarios would need about ", problem, StringComparison.Ordinal);
        Assert.Contains("run the sweep in parts", problem, StringComparison.Ordinal);
    }
}

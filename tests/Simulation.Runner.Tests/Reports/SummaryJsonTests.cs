using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Simulation.Engine.Model;
using Simulation.Engine.Statistics;
using Simulation.Runner.Reports;

namespace Simulation.Runner.Tests.Reports;

public class SummaryJsonTests
{
    private static ScenarioResult Scenario => ReportFixtures.ScenarioResult;

    [Fact]
    public void Render_TinyScenario_MatchesGolden() => Golden.Verify("scenario.summary.json", SummaryJson.Render(Scenario));

    [Fact]
    public void Render_SweepVariant_MatchesGolden()
    {
        var study = ReportFixtures.StudyResult;
        Golden.Verify("study.chips-trend-0.07.summary.json", SummaryJson.Render(study.Scenarios[2], study.Study.Scenarios[2].Sweep));
    }

    [Fact]
    public void Render_EveryScenarioOfTheStudy_IsValidAgainstTheSchema()
    {
        var schema = JsonSchema.FromText(SummaryJson.Schema());
        var study = ReportFixtures.StudyResult;
        for (int i = 0; i < study.Scenarios.Length; i++)
        {
            string? hash = study.Scenarios[i].Analysis is { } a ? AnalysisTables.Sha256(AnalysisTables.Samples(a.Sample)) : null;
            AssertValid(schema, SummaryJson.Render(study.Scenarios[i], study.Study.Scenarios[i].Sweep, hash));
        }

        AssertValid(schema, SummaryJson.Render(Scenario));
    }

    [Theory]
    [InlineData("format_version")]
    [InlineData("clusters/0/milestones/0/quantiles")]
    [InlineData("targets/0/probability/method")]
    public void Schema_SummaryMissingARequiredKey_IsRejected(string pointer)
    {
        var schema = JsonSchema.FromText(SummaryJson.Schema());
        var node = JsonNode.Parse(SummaryJson.Render(Scenario))!;
        string[] parts = pointer.Split('/');
        JsonNode parent = node;
        foreach (string part in parts[..^1])
        {
            parent = int.TryParse(part, out int i) ? parent[i]! : parent[part]!;
        }

        parent.AsObject().Remove(parts[^1]);
        Assert.False(schema.Evaluate(node, new EvaluationOptions { OutputFormat = OutputFormat.List }).IsValid);
    }

    [Fact]
    public void Schema_Embedded_IsTheFileInScenariosSchema()
    {
        string onDisk = File.ReadAllText(Path.Combine(Golden.RepositoryRoot(), "scenarios", "schema", "summary.schema.json"), Encoding.UTF8);
        Assert.Equal(onDisk, SummaryJson.Schema());
        using var doc = JsonDocument.Parse(onDisk);
        Assert.Equal("http://json-schema.org/draft-07/schema#", doc.RootElement.GetProperty("$schema").GetString());
    }

    [Fact]
    public void RenderUtf8_Bytes_HaveNoBomNoCrAndEndWithLf()
    {
        byte[] bytes = SummaryJson.RenderUtf8(Scenario);
        Assert.False(bytes.AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }));
        Assert.DoesNotContain((byte)'\r', bytes);
        Assert.Equal((byte)'\n', bytes[^1]);
        Assert.Equal(SummaryJson.Render(Scenario), ReportFile.Utf8NoBom.GetString(bytes));
    }

    [Fact]
    public void Render_ChineseNames_AreWrittenAsIs()
    {
        string json = SummaryJson.Render(Scenario);
        Assert.Contains("\"name_zh\": \"半导体与集成电路\"", json, StringComparison.Ordinal);
        Assert.Contains("\"label\": \"CNY 100 million (亿元)\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Numbers_RoundTripToTheResultsBits()
    {
        using var doc = JsonDocument.Parse(SummaryJson.Render(Scenario));
        var root = doc.RootElement;
        Assert.Equal(Scenario.Seed, root.GetProperty("seed").GetUInt64());
        Assert.Equal(Scenario.Paths, root.GetProperty("paths").GetInt64());
        Assert.Equal(Scenario.RelativeAccuracy, root.GetProperty("relative_accuracy").GetDouble());
        var clusters = root.GetProperty("clusters");
        for (int c = 0; c < Scenario.Clusters.Length; c++)
        {
            var expected = Scenario.Clusters[c];
            var actual = clusters[c];
            Assert.Equal(expected.ClusterId, actual.GetProperty("id").GetString());
            for (int m = 0; m < expected.Milestones.Length; m++)
            {
                var em = expected.Milestones[m];
                var am = actual.GetProperty("milestones")[m];
                Assert.Equal(em.Mean, am.GetProperty("mean").GetDouble());
                Assert.Equal(em.Sd, am.GetProperty("sd").GetDouble());
                Assert.Equal(em.Quantiles, am.GetProperty("quantiles").EnumerateArray().Select(e => e.GetDouble()));
                Assert.Equal(em.Thresholds.Select(t => t.Probability.Successes),
                    am.GetProperty("thresholds").EnumerateArray().Select(e => e.GetProperty("probability").GetProperty("successes").GetInt64()));
            }

            Assert.Equal(expected.Years.Length, actual.GetProperty("bands").GetArrayLength());
        }

        Assert.Equal(Scenario.Targets.Select(t => t.Probability.Upper),
            root.GetProperty("targets").EnumerateArray().Select(e => e.GetProperty("probability").GetProperty("ci_high").GetDouble()));
    }

    [Fact]
    public void Render_LargeSeed_IsWrittenAsAnExactInteger()
    {
        var result = Scenario with { Seed = ulong.MaxValue };
        using var doc = JsonDocument.Parse(SummaryJson.Render(result));
        Assert.Equal(ulong.MaxValue, doc.RootElement.GetProperty("seed").GetUInt64());
        AssertValid(JsonSchema.FromText(SummaryJson.Schema()), SummaryJson.Render(result));
    }

    [Fact]
    public void Render_NonFiniteNumber_Throws()
    {
        var result = Scenario with { RelativeAccuracy = double.NaN };
        Assert.Throws<InvalidOperationException>(() => SummaryJson.Render(result));
    }

    [Fact]
    public void Render_NoSweep_WritesAnEmptySweepList()
    {
        using var doc = JsonDocument.Parse(SummaryJson.Render(Scenario));
        Assert.Equal(0, doc.RootElement.GetProperty("sweep").GetArrayLength());
        using var variant = JsonDocument.Parse(SummaryJson.Render(Scenario, [new SweepPoint("s", "levers.x", 1.5)]));
        Assert.Equal(1.5, variant.RootElement.GetProperty("sweep")[0].GetProperty("value").GetDouble());
    }

    [Fact]
    public void JsonNumbers_AreTheCsvNumberFormat()
    {
        // The summary writes doubles with Utf8JsonWriter and the CSV tables with Numbers.Format: both
        // must be the same shortest round-trip text, checked over fixed and scrambled bit patterns.
        var values = new List<double> { 0.1, 1.0 / 3, 1e20, 1e-5, 2000, 1e8, 1e16, -0.0, double.Epsilon, double.MaxValue, 1.5e-7 };
        ulong state = 20231128;
        for (int i = 0; i < 20000; i++)
        {
            ulong z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            double v = BitConverter.UInt64BitsToDouble(z & 0x7FEF_FFFF_FFFF_FFFFUL);
            values.Add(v);
            values.Add((z >> 11) * (1.0 / (1UL << 53)) * Math.Pow(10, (int)(z % 30) - 10));
        }

        foreach (double v in values)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteNumberValue(v);
            }

            Assert.Equal(Numbers.Format(v), Encoding.UTF8.GetString(buffer.WrittenSpan));
        }
    }

    private static void AssertValid(JsonSchema schema, string json)
    {
        var results = schema.Evaluate(JsonNode.Parse(json), new EvaluationOptions { OutputFormat = OutputFormat.List });
        string errors = string.Join("\n", results.Details.Where(d => d.HasErrors)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}")));
        Assert.True(results.IsValid, errors);
    }
}

using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Simulation.Engine.Analysis;
using Simulation.Engine.Model;
using Simulation.Engine.Statistics;

namespace Simulation.Runner.Reports;

/// <summary>
/// summary.json: everything about one scenario's result, machine-readable, described by
/// scenarios/schema/summary.schema.json (draft-07; embedded in the runner as
/// <see cref="SchemaResourceName"/>).
/// </summary>
/// <remarks>
/// Bytes: UTF-8 without BOM, two-space indentation, LF line endings and a final LF, keys in a fixed
/// order, snake_case keys (as the CSV headers), text escaped only where JSON requires it (quotes,
/// backslashes, control characters), so Chinese names and "&amp;" read as written; the file is data,
/// not meant to be pasted into HTML unescaped. Doubles are written by
/// <see cref="Utf8JsonWriter.WriteNumberValue(double)"/>, which on .NET is the shortest round-trip
/// form and identical to <see cref="Numbers.Format(double)"/> (a test holds them together); integers are plain integers, the seed included (it may exceed
/// 2⁵³: read it as an unsigned 64-bit integer, not a double). Lists follow dataset cluster order,
/// milestone order, year order and scenario target order; quantile arrays line up with
/// <c>quantile_levels</c>.
/// </remarks>
internal static class SummaryJson
{
    /// <summary>The value of the top-level <c>format</c> key.</summary>
    public const string FormatName = "simulation-scenario-summary";

    /// <summary>The value of the top-level <c>format_version</c> key; raised when a key changes meaning or goes.</summary>
    public const int FormatVersion = 1;

    /// <summary>The manifest name of the embedded schema.</summary>
    public const string SchemaResourceName = "Simulation.Runner.schema.summary.schema.json";

    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The summary as a string (ends with a line feed).</summary>
    public static string Render(ScenarioResult result, IReadOnlyList<SweepPoint>? sweep = null, string? samplesSha256 = null) =>
        Encoding.UTF8.GetString(RenderUtf8(result, sweep, samplesSha256));

    /// <summary>The summary as UTF-8 bytes without BOM (ends with a line feed).</summary>
    /// <param name="result">The scenario's result.</param>
    /// <param name="sweep">Its sweep coordinates if it is a sweep variant (written as <c>sweep</c>; empty otherwise).</param>
    /// <param name="samplesSha256">The SHA-256 of the scenario's samples.csv, when it was analysed.</param>
    public static byte[] RenderUtf8(ScenarioResult result, IReadOnlyList<SweepPoint>? sweep = null, string? samplesSha256 = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Analysis is not null && samplesSha256 is null)
        {
            throw new ArgumentException("An analysed scenario's summary records the hash of its samples.csv.", nameof(samplesSha256));
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            Write(w, result, sweep ?? [], samplesSha256);
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The JSON Schema of summary.json, from the runner's embedded resources.</summary>
    public static string Schema()
    {
        using var stream = typeof(SummaryJson).Assembly.GetManifestResourceStream(SchemaResourceName)
            ?? throw new InvalidOperationException($"The embedded resource `{SchemaResourceName}` is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static void Write(Utf8JsonWriter w, ScenarioResult r, IReadOnlyList<SweepPoint> sweep, string? samplesSha256)
    {
        var scenario = r.Scenario;
        var dataset = scenario.Dataset;
        w.WriteStartObject();
        w.WriteString("format", FormatName);
        w.WriteNumber("format_version", FormatVersion);

        w.WriteStartObject("scenario");
        w.WriteString("id", scenario.Id);
        w.WriteString("name", scenario.Name);
        w.WriteString("description", scenario.Description);
        w.WriteEndObject();

        w.WriteStartArray("sweep");
        foreach (var p in sweep)
        {
            w.WriteStartObject();
            w.WriteString("sweep", p.SweepId);
            w.WriteString("lever", p.LeverPath);
            Number(w, "value", p.Value);
            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartObject("dataset");
        w.WriteString("id", dataset.Id);
        w.WriteString("name", dataset.Name);
        w.WriteNumber("base_year", dataset.BaseYear);
        w.WriteString("measure", dataset.Measure);
        w.WriteString("price_basis", dataset.PriceBasis);
        w.WriteStartObject("unit");
        w.WriteString("currency", dataset.Unit.Currency);
        Number(w, "scale", dataset.Unit.Scale);
        w.WriteString("label", dataset.Unit.Label);
        w.WriteEndObject();
        w.WriteEndObject();

        w.WriteNumber("horizon", scenario.Horizon);
        w.WriteStartArray("milestones");
        foreach (int m in scenario.Milestones)
        {
            w.WriteNumberValue(m);
        }

        w.WriteEndArray();
        Numbers(w, "thresholds", scenario.Thresholds);
        w.WriteNumber("seed", r.Seed);
        w.WriteNumber("paths", r.Paths);
        Numbers(w, "quantile_levels", r.QuantileLevels);
        Number(w, "relative_accuracy", r.RelativeAccuracy);
        w.WriteNumber("out_of_range", r.OutOfRange);

        w.WriteStartArray("clusters");
        foreach (var c in r.Clusters)
        {
            int index = dataset.IndexOf(c.ClusterId);
            if (index < 0)
            {
                throw new InvalidOperationException($"Cluster `{c.ClusterId}` is not in dataset `{dataset.Id}`.");
            }

            var info = dataset.Clusters[index];
            w.WriteStartObject();
            w.WriteString("id", c.ClusterId);
            w.WriteString("name", info.NameEn);
            w.WriteString("name_zh", info.NameZh);
            w.WriteString("group", info.Group);
            Number(w, "base_value", info.BaseValue);
            w.WriteStartArray("milestones");
            foreach (var m in c.Milestones)
            {
                w.WriteStartObject();
                w.WriteNumber("year", m.Year);
                Number(w, "mean", m.Mean);
                Number(w, "sd", m.Sd);
                Numbers(w, "quantiles", m.Quantiles);
                w.WriteStartArray("thresholds");
                foreach (var t in m.Thresholds)
                {
                    w.WriteStartObject();
                    Number(w, "threshold", t.Threshold);
                    Probability(w, "probability", t.Probability);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("bands");
            foreach (var y in c.Years)
            {
                w.WriteStartObject();
                w.WriteNumber("year", y.Year);
                Numbers(w, "quantiles", y.Quantiles);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartArray("targets");
        foreach (var t in r.Targets)
        {
            w.WriteStartObject();
            w.WriteString("id", t.Target.Id);
            w.WriteString("name", t.Target.Name);
            w.WriteNumber("year", t.Target.Year);
            Probability(w, "probability", t.Probability);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (r.Analysis is { } analysis)
        {
            WriteAnalysis(w, analysis, samplesSha256!);
        }
        else
        {
            w.WriteNull("analysis");
        }

        w.WriteEndObject();
    }

    /// <summary>The sample's columns and hash, each outcome's top five inputs, the dependent inputs and each discovery's chosen box.</summary>
    private static void WriteAnalysis(Utf8JsonWriter w, ScenarioAnalysis a, string samplesSha256)
    {
        var layout = a.Sample.Layout;
        w.WriteStartObject("analysis");
        w.WriteStartObject("sample");
        w.WriteString("file", AnalysisTables.SamplesFile);
        w.WriteNumber("paths", a.Sample.Paths);
        w.WriteString("sha256", samplesSha256);
        w.WriteStartArray("inputs");
        foreach (var input in layout.Inputs)
        {
            w.WriteStartObject();
            w.WriteString("name", input.Name);
            w.WriteString("label", input.Label);
            w.WriteString("kind", AnalysisTables.KindName(input.Kind));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("outcomes");
        foreach (var outcome in layout.Outcomes)
        {
            w.WriteStartObject();
            w.WriteString("name", outcome.Name);
            w.WriteString("label", outcome.Label);
            w.WriteString("kind", outcome.Kind == OutcomeKind.Met ? "met" : "value");
            w.WriteNumber("year", outcome.Year);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();

        if (a.Sensitivity.IsEmpty)
        {
            w.WriteNull("sensitivity");
        }
        else
        {
            w.WriteStartObject("sensitivity");
            w.WriteString("file", AnalysisTables.SensitivityFile);
            w.WriteStartArray("outcomes");
            foreach (var o in a.Sensitivity)
            {
                w.WriteStartObject();
                w.WriteString("outcome", layout.Outcomes[o.Outcome].Name);
                w.WriteBoolean("constant", o.IsConstant);
                Group(w, "overall", o.Overall);
                OptionalNumber(w, "index_sum", o.IsConstant ? null : o.IndexSum);
                w.WriteStartArray("top");
                foreach (int j in o.Ranking.Take(5))
                {
                    var e = o.Effects[j];
                    w.WriteStartObject();
                    w.WriteString("input", layout.Inputs[j].Name);
                    Estimate(w, "index", e.Index);
                    Group(w, "low", e.Low);
                    Group(w, "high", e.High);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteStartArray("dependent_inputs");
        foreach (var pair in a.Correlated)
        {
            w.WriteStartObject();
            w.WriteString("first", layout.Inputs[pair.First].Name);
            w.WriteString("second", layout.Inputs[pair.Second].Name);
            Number(w, "spearman", pair.Correlation);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("discoveries");
        foreach (var d in a.Discoveries)
        {
            w.WriteStartObject();
            w.WriteString("id", d.Discovery.Id);
            w.WriteString("outcome", Analyzer.OutcomeName(d.Discovery));
            w.WriteNumber("cases", d.Cases);
            w.WriteNumber("paths", d.Paths);
            w.WriteString("note", d.Note);
            w.WriteString("rule", d.Rule);
            w.WriteNumber("chosen_step", d.ChosenStep);
            w.WriteString("file", d.Chosen is null ? null : AnalysisTables.DiscoveryFile(d.Discovery.Id));
            Box(w, "box", d.Chosen, layout);
            Box(w, "pruned", d.Pruned, layout);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Box(Utf8JsonWriter w, string name, PrimBox? box, SampleLayout layout)
    {
        if (box is null)
        {
            w.WriteNull(name);
            return;
        }

        w.WriteStartObject(name);
        w.WriteNumber("step", box.Step);
        w.WriteNumber("paths", box.Paths);
        w.WriteNumber("cases", box.Cases);
        Number(w, "coverage", box.Coverage);
        Number(w, "density", box.Density);
        Number(w, "mass", box.Mass);
        w.WriteStartObject("holdout");
        w.WriteNumber("paths", box.Holdout.Paths);
        w.WriteNumber("cases", box.Holdout.Cases);
        OptionalNumber(w, "coverage", double.IsNaN(box.Holdout.Coverage) ? null : box.Holdout.Coverage);
        OptionalNumber(w, "density", double.IsNaN(box.Holdout.Density) ? null : box.Holdout.Density);
        OptionalNumber(w, "mass", double.IsNaN(box.Holdout.Mass) ? null : box.Holdout.Mass);
        w.WriteEndObject();
        w.WriteStartArray("limits");
        foreach (var limit in box.Limits)
        {
            w.WriteStartObject();
            w.WriteString("input", layout.Inputs[limit.Input].Name);
            OptionalNumber(w, "lower", limit.Lower);
            OptionalNumber(w, "upper", limit.Upper);
            OptionalNumber(w, "qp_lower", limit.Lower is null || double.IsNaN(limit.QuasiPLower) ? null : limit.QuasiPLower);
            OptionalNumber(w, "qp_upper", limit.Upper is null || double.IsNaN(limit.QuasiPUpper) ? null : limit.QuasiPUpper);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Estimate(Utf8JsonWriter w, string name, Estimate e)
    {
        w.WriteStartObject(name);
        OptionalNumber(w, "estimate", double.IsNaN(e.Value) ? null : e.Value);
        OptionalNumber(w, "ci_low", double.IsNaN(e.Lower) ? null : e.Lower);
        OptionalNumber(w, "ci_high", double.IsNaN(e.Upper) ? null : e.Upper);
        w.WriteEndObject();
    }

    private static void Group(Utf8JsonWriter w, string name, GroupReading g)
    {
        w.WriteStartObject(name);
        w.WriteNumber("paths", g.Paths);
        Estimate(w, "reading", g.Reading);
        w.WriteEndObject();
    }

    private static void OptionalNumber(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v)
        {
            Number(w, name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void Probability(Utf8JsonWriter w, string name, Proportion p)
    {
        w.WriteStartObject(name);
        Number(w, "estimate", p.Estimate);
        Number(w, "ci_low", p.Lower);
        Number(w, "ci_high", p.Upper);
        Number(w, "standard_error", p.StandardError);
        w.WriteString("method", p.Method);
        w.WriteNumber("successes", p.Successes);
        w.WriteNumber("paths", p.Trials);
        w.WriteEndObject();
    }

    private static void Numbers(Utf8JsonWriter w, string name, IEnumerable<double> values)
    {
        w.WriteStartArray(name);
        foreach (double v in values)
        {
            w.WriteNumberValue(Finite(v, name));
        }

        w.WriteEndArray();
    }

    private static void Number(Utf8JsonWriter w, string name, double value)
    {
        w.WriteNumber(name, Finite(value, name));
    }

    private static double Finite(double value, string name) =>
        double.IsFinite(value)
            ? value
            : throw new InvalidOperationException($"`{name}` is {Reports.Numbers.Format(value)}: JSON has no such number.");
}

using System.Reflection;

namespace Simulation.Runner.Starter;

/// <summary>One file of the starter folder: its path there ('/' separators) and the embedded resource holding it.</summary>
/// <param name="RelativePath">Where the file goes in the starter folder, e.g. <c>standard/baseline.yaml</c>.</param>
/// <param name="ResourceName">The manifest resource name in the runner assembly.</param>
public sealed record StarterFile(string RelativePath, string ResourceName);

/// <summary>
/// The files <c>simulate init</c> writes, all embedded in the runner (so the .NET tool and the
/// single-file executables carry them): the Shenzhen dataset and its facts file, the standard study
/// and its scenarios, the starter study, both JSON Schemas, VS Code settings and a README. The
/// scenario files keep the repository's layout under scenarios/, so their <c>extends</c> paths and
/// <c># yaml-language-server: $schema=…</c> modelines are right in the starter folder as they are.
/// </summary>
public static class StarterFiles
{
    /// <summary>The prefix of the logical names of the starter resources (Simulation.Runner.csproj).</summary>
    public const string ResourcePrefix = "starter/";

    /// <summary>The study that <c>simulate run study.yaml</c> runs in the starter folder (scenarios/starter.yaml).</summary>
    public const string StudyFile = "study.yaml";

    /// <summary>The JSON Schemas, embedded once for validation and the summary (their names come from the schema folder).</summary>
    private static readonly StarterFile[] Schemas =
    [
        new("schema/scenario.schema.json", "Simulation.Runner.schema.scenario.schema.json"),
        new("schema/summary.schema.json", Reports.SummaryJson.SchemaResourceName),
    ];

    private static Assembly Assembly => typeof(StarterFiles).Assembly;

    /// <summary>Every file of the starter folder, in ordinal order of path.</summary>
    public static IReadOnlyList<StarterFile> All { get; } =
        [.. Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(n => new StarterFile(n[ResourcePrefix.Length..], n))
            .Concat(Schemas)
            .OrderBy(f => f.RelativePath, StringComparer.Ordinal)];

    /// <summary>Opens the embedded content of <paramref name="file"/>.</summary>
    /// <exception cref="InvalidOperationException">The resource is missing from the assembly (a build mistake).</exception>
    public static Stream Open(StarterFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return Assembly.GetManifestResourceStream(file.ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource `{file.ResourceName}` is missing from the runner.");
    }

    /// <summary>The content of <paramref name="file"/>, as embedded.</summary>
    public static byte[] Read(StarterFile file)
    {
        using var stream = Open(file);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

using Simulation.Engine.Statistics;

namespace Simulation.Runner.Output;

/// <summary>Renders the study's charts into the report folder and says where they are (filled in when the chart renderer lands).</summary>
internal static class StudyCharts
{
    /// <summary>Relative paths of the charts written, for the report.</summary>
    public sealed record Index(
        string? TargetProbabilities,
        string? PairedDifferences,
        IReadOnlyDictionary<string, string> Sweeps,
        IReadOnlyDictionary<string, string> SmallMultiples,
        IReadOnlyDictionary<string, IReadOnlyList<(string Caption, string Path)>> Clusters);

    /// <summary>Writes the charts.</summary>
    public static Index Write(StudyResult result, ReportFolder folder, string lang, List<string> notes, CancellationToken cancellationToken) =>
        new(null, null, new Dictionary<string, string>(), new Dictionary<string, string>(), new Dictionary<string, IReadOnlyList<(string, string)>>());
}

using Simulation.Engine.Model;

namespace Simulation.Runner.Loading;

/// <summary>How loading a file ended.</summary>
public enum LoadStatus
{
    /// <summary>The file and everything it refers to are valid; the records are set.</summary>
    Valid,

    /// <summary>The file or one it refers to is invalid; <see cref="LoadResult.Diagnostics"/> says why (exit code 3).</summary>
    Invalid,

    /// <summary>The file named by the caller could not be read (exit code 4).</summary>
    IoError,
}

/// <summary>A scenario with the run settings its file states (paths, seed), or the defaults.</summary>
public sealed record LoadedScenario(Scenario Scenario, RunOptions Options);

/// <summary>The outcome of loading one dataset, scenario or study file.</summary>
/// <param name="Path">The full path of the file.</param>
/// <param name="Status">Valid, invalid or unreadable.</param>
/// <param name="Kind">dataset, scenario or study, when the file got that far.</param>
/// <param name="Dataset">The dataset (of a dataset file, or of a scenario).</param>
/// <param name="Scenario">The scenario of a scenario file.</param>
/// <param name="Study">The study of a study file, sweeps expanded.</param>
/// <param name="Diagnostics">Every problem, sorted by file, line and column, without duplicates.</param>
/// <param name="IoError">Why the file could not be read, for <see cref="LoadStatus.IoError"/>.</param>
public sealed record LoadResult(
    string Path,
    LoadStatus Status,
    string? Kind,
    Dataset? Dataset,
    LoadedScenario? Scenario,
    Study? Study,
    IReadOnlyList<Diagnostic> Diagnostics,
    string? IoError)
{
    /// <summary>True when the file is valid.</summary>
    public bool IsValid => Status == LoadStatus.Valid;
}

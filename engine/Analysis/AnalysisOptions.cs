using System.Collections.Immutable;
using Simulation.Engine.Model;

namespace Simulation.Engine.Analysis;

/// <summary>
/// What a study asks of its recorded paths: which scenarios record their first paths, how many,
/// whether to rank the inputs that drive each outcome (<see cref="Sensitivity"/>), and which
/// conditions to explain with PRIM (<see cref="Discovery"/>).
/// </summary>
/// <param name="Paths">Paths to record per analysed scenario: the first this many (at most the run's paths; fewer when the run has fewer).</param>
/// <param name="Scenarios">The analysed scenarios, each with its discoveries.</param>
/// <param name="Sensitivity">Whether to estimate first-order indices and the low/high-fifth readings.</param>
/// <param name="Prim">PRIM's settings.</param>
public sealed record AnalysisOptions(int Paths, ImmutableArray<ScenarioAnalysisSpec> Scenarios, bool Sensitivity, PrimOptions Prim)
{
    /// <summary>The default sample: the first 20,000 paths.</summary>
    public const int DefaultPaths = 20_000;

    /// <summary>The rows recorded in a run of <paramref name="options"/>: <see cref="Paths"/>, at most the run's paths.</summary>
    public int SamplePaths(RunOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Math.Min(Paths, options.Paths);
    }

    /// <summary>The spec of the scenario with this id, or null when it is not analysed.</summary>
    public ScenarioAnalysisSpec? For(string scenarioId) => Scenarios.FirstOrDefault(s => s.ScenarioId == scenarioId);
}

/// <summary>One analysed scenario.</summary>
/// <param name="ScenarioId">The scenario.</param>
/// <param name="Discoveries">The conditions PRIM explains, in order.</param>
public sealed record ScenarioAnalysisSpec(string ScenarioId, ImmutableArray<Discovery> Discoveries)
{
    /// <summary>The study's own conditions (discoveries that are not one of the scenario's targets), recorded after the targets.</summary>
    public IEnumerable<Target> Conditions => Discoveries.Where(d => !d.IsTarget).Select(d => d.Condition);
}

/// <summary>A condition to explain: one of the scenario's targets, or a condition of the study's own in the target language.</summary>
/// <param name="Id">Names its outputs (<c>discovery-&lt;id&gt;.csv</c>).</param>
/// <param name="Condition">The condition, as a target (year and condition) of the scenario's dataset.</param>
/// <param name="IsTarget">True when it is the scenario's target of that id.</param>
/// <param name="MinCoverage">Overrides <see cref="PrimOptions.MinCoverage"/> for this discovery.</param>
/// <param name="Step">Overrides the choice rule: the box at this step of the peeling trajectory.</param>
public sealed record Discovery(string Id, Target Condition, bool IsTarget, double? MinCoverage = null, int? Step = null);

/// <summary>PRIM's settings (Friedman and Fisher 1999, as the EMA Workbench runs it).</summary>
/// <param name="PeelAlpha">Share of the box's paths each peel removes, in (0, 0.5).</param>
/// <param name="PasteAlpha">Share of the box's paths each paste adds back, in (0, 0.5).</param>
/// <param name="MinMass">Peeling stops before the box holds fewer than this share of all paths.</param>
/// <param name="MinCoverage">The chosen box: the densest on the trajectory whose coverage is at least this.</param>
public sealed record PrimOptions(double PeelAlpha = 0.05, double PasteAlpha = 0.05, double MinMass = 0.05, double MinCoverage = 0.5)
{
    /// <summary>A box limit whose quasi-p-value is at least this may be noise: the pruned box drops it.</summary>
    public const double Significance = 0.05;

    /// <summary>The defaults.</summary>
    public static PrimOptions Default { get; } = new();
}

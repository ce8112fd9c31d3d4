namespace Simulation.Runner.Loading;

/// <summary>How an extending file's values merge into the ones it inherits, by path (object keys from the document's root).</summary>
public interface IMergeRules
{
    /// <summary>True when an object at <paramref name="path"/> replaces the inherited one whole instead of merging into it.</summary>
    bool ReplacesWhole(IReadOnlyList<string> path);

    /// <summary>
    /// The keys of the same object that the last key of <paramref name="path"/> excludes: giving it
    /// drops those it inherits (a target's <c>count</c> drops an inherited <c>total</c>).
    /// </summary>
    IReadOnlyList<string> Rivals(IReadOnlyList<string> path);
}

using System.Text.Json.Nodes;

namespace Simulation.Runner.Loading;

/// <summary>A YAML file read into a JSON tree with its source map, or the problems that stopped it.</summary>
/// <param name="File">Full path of the file.</param>
/// <param name="Root">The top-level mapping, or null when the file could not be read as one.</param>
/// <param name="Map">Where each node came from.</param>
/// <param name="Diagnostics">Problems found while reading (duplicate keys, non-finite numbers, syntax errors...).</param>
public sealed record YamlDocument(string File, JsonObject? Root, SourceMap Map, IReadOnlyList<Diagnostic> Diagnostics);

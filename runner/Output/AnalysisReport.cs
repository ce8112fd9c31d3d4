using System.Globalization;
using System.Text;
using Simulation.Engine.Analysis;
using Simulation.Engine.Statistics;
using Simulation.Runner.Reports;

namespace Simulation.Runner.Output;

/// <summary>
/// The report's two analysis sections for one analysed scenario: "What drives each target" (first-order
/// indices, the low and high fifths, a tornado per target, each cluster's main drivers) and "When is it
/// met" (PRIM's chosen box in a sentence, its limits with quasi-p-values, the trajectory and box charts).
/// </summary>
internal static class AnalysisReport
{
    /// <summary>Quasi-p-values at or above this are called noise.</summary>
    private const double Significance = PrimOptions.Significance;

    /// <summary>Inputs named per target in the text and its table.</summary>
    private const int Named = 3, Tabled = 5;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Both sections of <paramref name="result"/>'s analysis.</summary>
    public static string Markdown(ScenarioResult result, StudyCharts.AnalysisIndex charts, AnalysisOptions options)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(charts);
        ArgumentNullException.ThrowIfNull(options);
        var md = new StringBuilder();
        if (!result.Analysis!.Sensitivity.IsEmpty)
        {
            Drivers(md, result, charts);
        }

        if (!result.Analysis.Discoveries.IsEmpty)
        {
            Discoveries(md, result, charts, options.Prim);
        }

        return md.ToString();
    }

    private static string Count(long n) => n.ToString("N0", Invariant);

    private static void Drivers(StringBuilder md, ScenarioResult result, StudyCharts.AnalysisIndex charts)
    {
        var a = result.Analysis!;
        var layout = a.Sample.Layout;
        string id = result.Scenario.Id;
        md.Append("## What drives each target: ").Append(MarkdownTable.EscapeText(result.Scenario.Name)).Append("\n\n");
        md.Append("From the first ").Append(Count(a.Sample.Paths)).Append(" paths of `").Append(id).Append("`, with the ")
          .Append(layout.Inputs.Length.ToString(Invariant)).Append(" uncertain inputs recorded on each (`").Append(id).Append('/').Append(AnalysisTables.SamplesFile)
          .Append("`). An input's **first-order index S** is the share of an outcome's variance it explains on its own, Var(E[Y | input]) / Var(Y): ")
          .Append("estimated from the sample by the correlation ratio over up to 100 bins of the input, corrected for its upward bias, with a grouped-jackknife ")
          .Append("95% interval (Plischke, Borgonovo and Smith 2013; `docs/model.md`). The bars and the table read the target's chance on the paths where ")
          .Append("the input is in its lowest fifth and in its highest (for a flag: 0 and 1). Recorded per path: each cluster's drawn trend and its annual shocks ")
          .Append("summed over the years, each event's firings and first year, each lever's drawn parameters; not recorded, and so in no index: what is drawn ")
          .Append("anew each year or project (an event's size when it fires, the subsidy's projects, the size of each attracted project). Every index is in `")
          .Append(id).Append('/').Append(AnalysisTables.SensitivityFile).Append("`.\n\n");

        if (!a.Correlated.IsEmpty)
        {
            // Pairs of one owner (an event's firings and first year) move together by construction: name the others first.
            string Pair(InputCorrelation c) =>
                $"{MarkdownTable.EscapeText(layout.Inputs[c.First].Label)} and {MarkdownTable.EscapeText(layout.Inputs[c.Second].Label)} (ρ = {c.Correlation.ToString("+0.00;-0.00", Invariant)})";
            var across = a.Correlated.Where(c => layout.Inputs[c.First].Owner != layout.Inputs[c.Second].Owner)
                .OrderByDescending(c => Math.Abs(c.Correlation)).ThenBy(c => c.First).ThenBy(c => c.Second).ToList();
            var within = a.Correlated.Where(c => layout.Inputs[c.First].Owner == layout.Inputs[c.Second].Owner).ToList();
            md.Append("**The inputs are not all independent.** ").Append(a.Correlated.Length.ToString(Invariant))
              .Append(a.Correlated.Length == 1 ? " pair moves" : " pairs move").Append(" together in the sample (|Spearman ρ| ≥ ")
              .Append(Analyzer.CorrelationNote.ToString("0.0#", Invariant)).Append(')');
            if (across.Count > 0)
            {
                md.Append(", such as ").Append(AnalysisText.List([.. across.Take(3).Select(Pair)]))
                  .Append(across.Count > 3 ? $" ({across.Count.ToString(Invariant)} pairs of inputs of different clusters, events or levers in all)" : string.Empty);
            }

            if (within.Count > 0)
            {
                md.Append(across.Count > 0 ? ", and " : ": ").Append(within.Count.ToString(Invariant))
                  .Append(within.Count == 1 ? " pair of one event's or lever's own inputs" : " pairs of one event's or lever's own inputs")
                  .Append(" (an event's firings and its first year move together by construction, ρ from ")
                  .Append(within.Min(c => c.Correlation).ToString("+0.00;-0.00", Invariant)).Append(" to ")
                  .Append(within.Max(c => c.Correlation).ToString("+0.00;-0.00", Invariant)).Append(')');
            }

            md.Append(". Their indices overlap: each counts what its input explains together with the inputs it moves with, so the indices of dependent ")
              .Append("inputs must not be added up, and a high index may belong to the partner. Every pair is in `").Append(id).Append("/summary.json`.\n\n");
        }

        foreach (var o in a.Sensitivity.Where(o => layout.Outcomes[o.Outcome].Kind == OutcomeKind.Met))
        {
            var outcome = layout.Outcomes[o.Outcome];
            md.Append("### ").Append(MarkdownTable.EscapeText(outcome.Label)).Append(" (").Append(outcome.Year.ToString(Invariant)).Append(")\n\n");
            long met = (long)Math.Round(o.Overall.Reading.Value * o.Overall.Paths);
            if (o.IsConstant)
            {
                md.Append(met == 0 ? "Met on none" : "Met on every one").Append(" of the ").Append(Count(o.Overall.Paths))
                  .Append(" sampled paths: nothing varies, so there is nothing to rank.\n\n");
                continue;
            }

            if (o.Effects.IsEmpty)
            {
                md.Append("Met on ").Append(Format.Percent(o.Overall.Reading.Value)).Append(" of the ").Append(Count(o.Overall.Paths))
                  .Append(" sampled paths; the scenario draws no uncertain input once per path, so nothing recorded can explain it.\n\n");
                continue;
            }

            if (charts.Tornadoes.TryGetValue(outcome.Name, out string? chart))
            {
                md.Append("![What drives ").Append(MarkdownTable.EscapeText(outcome.Label)).Append("](").Append(chart).Append(")\n\n");
            }

            var named = o.Ranking.Take(Named).Select(j =>
            {
                var e = o.Effects[j];
                return $"**{MarkdownTable.EscapeText(layout.Inputs[j].Label)}**, S = {AnalysisText.Index(e.Index)}: "
                    + $"met on {Format.Percent(e.Low.Reading.Value)} of paths with it in its lowest fifth, {Format.Percent(e.High.Reading.Value)} in its highest";
            }).ToList();
            md.Append("Met on ").Append(Format.Percent(o.Overall.Reading.Value)).Append(" of the ").Append(Count(o.Overall.Paths))
              .Append(" sampled paths (").Append(Count(met)).Append("). The largest indices: ").Append(string.Join("; ", named)).Append(". ")
              .Append("All ").Append(o.Effects.Length.ToString(Invariant)).Append(" indices sum to ").Append(o.IndexSum.ToString("0.00", Invariant))
              .Append(o.IndexSum < 0.9
                  ? ": the rest of its variance comes from inputs acting together (interactions) and from the draws not recorded."
                  : a.Correlated.IsEmpty ? "." : ", some of it counted twice through dependent inputs.");
            if (Math.Min(met, o.Overall.Paths - met) < 50)
            {
                md.Append(" Only ").Append(Count(Math.Min(met, o.Overall.Paths - met))).Append(met < o.Overall.Paths - met ? " paths meet it" : " paths miss it")
                  .Append(", so these indices are rough: read their intervals.");
            }

            md.Append("\n\n");
            var table = new MarkdownTable(["Input", "S (95% CI)", "P(met), lowest fifth", "P(met), highest fifth"]);
            foreach (int j in o.Ranking.Take(Tabled))
            {
                var e = o.Effects[j];
                table.AddRow(layout.Inputs[j].Label, AnalysisText.Index(e.Index),
                    Format.ProbabilityBracketed(e.Low.Reading.Value, e.Low.Reading.Lower, e.Low.Reading.Upper) + " of " + Count(e.Low.Paths),
                    Format.ProbabilityBracketed(e.High.Reading.Value, e.High.Reading.Lower, e.High.Reading.Upper) + " of " + Count(e.High.Paths));
            }

            md.Append(table.ToString()).Append('\n');
        }

        int last = result.Scenario.Milestones[^1];
        var values = a.Sensitivity.Where(o => !o.IsConstant && layout.Outcomes[o.Outcome] is { Kind: OutcomeKind.Value } v && v.Year == last).ToList();
        if (values.Count > 0)
        {
            md.Append("### Each cluster's value in ").Append(last.ToString(Invariant)).Append("\n\n")
              .Append("The three inputs with the largest first-order index on each cluster's ").Append(last.ToString(Invariant))
              .Append(" value (every milestone is in `").Append(id).Append('/').Append(AnalysisTables.SensitivityFile).Append("`):\n\n");
            var table = new MarkdownTable(["Cluster", "First", "Second", "Third", "Sum of all indices"]);
            foreach (var o in values)
            {
                var cells = o.Ranking.Take(3).Select(j => $"{layout.Inputs[j].Label} ({o.Effects[j].Index.Value.ToString("0.00", Invariant)})").ToList();
                while (cells.Count < 3)
                {
                    cells.Add(string.Empty);
                }

                table.AddRow(result.Scenario.Dataset.Clusters[layout.Outcomes[o.Outcome].ClusterIndex].NameEn, cells[0], cells[1], cells[2],
                    o.IndexSum.ToString("0.00", Invariant));
            }

            md.Append(table.ToString()).Append('\n');
        }
    }

    private static void Discoveries(StringBuilder md, ScenarioResult result, StudyCharts.AnalysisIndex charts, PrimOptions prim)
    {
        var a = result.Analysis!;
        var layout = a.Sample.Layout;
        string id = result.Scenario.Id;
        md.Append("## When is it met: ").Append(MarkdownTable.EscapeText(result.Scenario.Name)).Append("\n\n");
        md.Append("Scenario discovery with PRIM (Friedman and Fisher 1999; Bryant and Lempert 2010), as the EMA Workbench runs it, on the same ")
          .Append(Count(a.Sample.Paths)).Append(" recorded paths: each step peels ").Append(Format.Percent(prim.PeelAlpha))
          .Append(" of the box's paths off one end of one input, keeping the peel that gains most density per path removed, until the box would hold less than ")
          .Append(Format.Percent(prim.MinMass)).Append(" of the paths; the chosen box is then pasted (limits moved back out by up to ")
          .Append(Format.Percent(prim.PasteAlpha)).Append(" while that raises its density). **Coverage**: the share of the paths that meet the target that lie in the box; ")
          .Append("**density**: the share of the box's paths that meet it. A limit's **quasi-p-value** is a one-sided binomial test of the box against the box ")
          .Append("without that limit: small means the limit matters, ").Append(Significance.ToString("0.00", Invariant)).Append(" or more that it may be noise.\n\n");

        foreach (var d in a.Discoveries)
        {
            string name = d.Discovery.Condition.Name;
            md.Append("### ").Append(MarkdownTable.EscapeText(name)).Append(" (").Append(d.Discovery.Condition.Year.ToString(Invariant)).Append(")\n\n");
            if (d.Chosen is not { } box)
            {
                md.Append(MarkdownTable.EscapeText(Capitalised(d.Note ?? "nothing to explain"))).Append(".\n\n");
                continue;
            }

            double baseRate = (double)d.Cases / d.Paths;
            var pruned = d.Pruned!;
            var dropped = box.Limits.Where(l => !pruned.Limits.Any(p => p.Input == l.Input && p.Lower == l.Lower && p.Upper == l.Upper)).ToList();
            string Phrase(BoxLimit l) => AnalysisText.Condition(layout.Inputs[l.Input], l.Lower, l.Upper, result.Scenario.Horizon);
            md.Append("Met on ").Append(Format.Percent(baseRate)).Append(" of the ").Append(Count(d.Paths)).Append(" sampled paths");
            if (pruned.Limits.IsEmpty)
            {
                md.Append(box.Limits.IsEmpty
                    ? "; PRIM found no box of paths on which it is met markedly more often."
                    : $"; PRIM's box of {Count(box.Paths)} paths, on which it is met {Format.Percent(box.Density)}, rests only on limits that may be noise (each of quasi-p ≥ {Significance.ToString("0.00", Invariant)}): read it as a hint, not a finding.");
            }
            else
            {
                md.Append("; on the paths where ").Append(MarkdownTable.EscapeText(AnalysisText.List([.. pruned.Limits.OrderBy(l => l.QuasiP).ThenBy(l => l.Input).Select(Phrase)])))
                  .Append(", it is met on ").Append(Format.Percent(pruned.Density)).Append(". These paths hold ").Append(Format.Percent(pruned.Coverage))
                  .Append(" of the paths that meet it (coverage) and are ").Append(Format.Percent(pruned.Mass)).Append(" of all paths.");
                if (dropped.Count > 0)
                {
                    md.Append(" PRIM's box also limited ").Append(dropped.Count == 1 ? "one more input" : dropped.Count.ToString(Invariant) + " more inputs")
                      .Append(dropped.Count <= 3 ? " (" + MarkdownTable.EscapeText(AnalysisText.List([.. dropped.Select(Phrase)])) + ")" : string.Empty)
                      .Append(", which raised its density to ").Append(Format.Percent(box.Density)).Append(" at a coverage of ").Append(Format.Percent(box.Coverage))
                      .Append(", but ").Append(dropped.Count == 1 ? "that limit" : "each of those limits").Append(" may be noise (quasi-p ≥ ")
                      .Append(Significance.ToString("0.00", Invariant)).Append(") and is left out here.");
                }
            }

            if (d.Note is { } note)
            {
                md.Append(' ').Append(MarkdownTable.EscapeText(Capitalised(note))).Append('.');
            }

            md.Append(" PRIM's box is ").Append(MarkdownTable.EscapeText(d.Rule)).Append(" (step ").Append(d.ChosenStep.ToString(Invariant)).Append(" of ")
              .Append((d.Trajectory.Length - 1).ToString(Invariant)).Append("), pasted.\n\n");

            if (!box.Limits.IsEmpty)
            {
                var table = new MarkdownTable(["Input", "Kept", "Sampled range", "Quasi-p in PRIM's box", "Kept after pruning"]);
                foreach (var l in box.Limits.OrderBy(l => l.QuasiP).ThenBy(l => l.Input))
                {
                    var input = layout.Inputs[l.Input];
                    var values = a.Sample.Input(l.Input);
                    var after = pruned.Limits.FirstOrDefault(p => p.Input == l.Input);
                    table.AddRow(input.Label, Kept(input, l), AnalysisText.Value(input, values.Min()) + " to " + AnalysisText.Value(input, values.Max()),
                        AnalysisText.QuasiP(l.QuasiP), after is null ? "dropped" : Kept(input, after) + ", qp " + AnalysisText.QuasiP(after.QuasiP));
                }

                md.Append(table.ToString()).Append('\n');
            }

            if (charts.Discoveries.TryGetValue(d.Discovery.Id, out var files))
            {
                foreach (var (caption, path) in new[] { ("Peeling trajectory", files.Trajectory), ("Chosen box", files.Box) })
                {
                    if (path is not null)
                    {
                        md.Append("![").Append(caption).Append(", ").Append(MarkdownTable.EscapeText(name)).Append("](").Append(path).Append(")\n\n");
                    }
                }
            }

            md.Append("Table: `").Append(id).Append('/').Append(AnalysisTables.DiscoveryFile(d.Discovery.Id)).Append("`.\n\n");
        }
    }

    /// <summary>The range a limit keeps, in the input's terms: "≥ 9.8%", "≤ 2", "2 to 5".</summary>
    private static string Kept(SampleInput input, BoxLimit l) => (l.Lower, l.Upper) switch
    {
        ({ } lo, null) => "≥ " + AnalysisText.LimitValue(input, lo, lower: true),
        (null, { } hi) => "≤ " + AnalysisText.LimitValue(input, hi, lower: false),
        ({ } lo, { } hi) => AnalysisText.LimitValue(input, lo, lower: true) + " to " + AnalysisText.LimitValue(input, hi, lower: false),
        _ => "all",
    };

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}

using System.Globalization;
using System.Text;
using Simulation.Engine.Analysis;
using Simulation.Engine.Statistics;
using Simulation.Runner.Charts;
using Simulation.Runner.Reports;

namespace Simulation.Runner.Output;

/// <summary>
/// The report's two analysis sections for one analysed scenario: "What drives each target" (first-order
/// indices, the low and high groups, a tornado per target, each cluster's main drivers) and "When is it
/// met" (PRIM's pruned box in a sentence, checked on held-out paths, its limits with quasi-p-values, the
/// trajectory and box charts).
/// </summary>
internal static class AnalysisReport
{
    /// <summary>Quasi-p-values at or above this are called noise.</summary>
    private const double Significance = PrimOptions.Significance;

    /// <summary>Inputs named per target in the text and its table.</summary>
    private const int Named = 3, Tabled = 5;

    /// <summary>Fewer cases (or non-cases) than this make the text warn that the numbers are rough.</summary>
    private const int FewPaths = 50;

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

        Discoveries(md, result, charts, options);
        return md.ToString();
    }

    private static string Count(long n) => n.ToString("N0", Invariant);

    private static string Heading(SampleOutcome outcome) => MarkdownTable.EscapeText(AnalysisChartData.WithYear(outcome.Label, outcome.Year));

    private static void Drivers(StringBuilder md, ScenarioResult result, StudyCharts.AnalysisIndex charts)
    {
        var a = result.Analysis!;
        var layout = a.Sample.Layout;
        string id = result.Scenario.Id;
        int horizon = result.Scenario.Horizon;
        md.Append("## What drives each target: ").Append(MarkdownTable.EscapeText(result.Scenario.Name)).Append("\n\n");
        md.Append("From the first ").Append(Count(a.Sample.Paths)).Append(" paths of `").Append(id).Append("`, with the ")
          .Append(layout.Inputs.Length.ToString(Invariant)).Append(" uncertain inputs recorded on each (`").Append(id).Append('/').Append(AnalysisTables.SamplesFile)
          .Append("`). An input's **first-order index S** is the share of an outcome's variance it explains on its own, Var(E[Y | input]) / Var(Y): ")
          .Append("estimated from the sample by the correlation ratio over up to 100 bins of the input, corrected for its upward bias, with a grouped-jackknife ")
          .Append("95% interval (Plischke, Borgonovo and Smith 2013; `docs/model.md`). Inputs are ranked by S; the bars and tables show the target's chance ")
          .Append("where the input is low (its lowest fifth) and high (its highest fifth; for a count, a year or a flag, the values those fifths fall on, in brackets). ")
          .Append("S weighs the input's whole range, so an input can rank high with short bars, when its effect lies in its middle or its estimate is noisy: read the intervals.\n\n")
          .Append("Recorded per path: each cluster's drawn trend; its annual shocks, summed over each period up to a year an outcome is read in (")
          .Append(string.Join(", ", layout.ShockPeriods.Select(p => p.From == p.To ? p.From.ToString(Invariant) : $"{p.From.ToString(Invariant)}–{p.To.ToString(Invariant)}")))
          .Append(") and divided by √years, so that each is in standard deviations (sd): +1 sd is a path a standard deviation luckier than usual over that period; ")
          .Append("each event's firings and first year; each lever's drawn parameters. Not recorded, and so in no index: what is drawn anew each year or project ")
          .Append("(an event's size when it fires, the subsidy's projects, the size of each attracted project). Every index is in `")
          .Append(id).Append('/').Append(AnalysisTables.SensitivityFile).Append("`.\n\n");

        if (!a.Correlated.IsEmpty)
        {
            // Pairs of one owner (an event's firings and first year) move together by construction: name the others first.
            string Pair(InputCorrelation c) =>
                $"{MarkdownTable.EscapeText(layout.Inputs[c.First].Label)} and {MarkdownTable.EscapeText(layout.Inputs[c.Second].Label)} (ρ = {c.Correlation.ToString("+0.00;\u22120.00", Invariant)})";
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
                  .Append(within.Count == 1 ? " pair of one cluster's, event's or lever's own inputs" : " pairs of one cluster's, event's or lever's own inputs")
                  .Append(" (an event's firings and its first year move together by construction; ρ from ")
                  .Append(within.Min(c => c.Correlation).ToString("+0.00;\u22120.00", Invariant)).Append(" to ")
                  .Append(within.Max(c => c.Correlation).ToString("+0.00;\u22120.00", Invariant)).Append(')');
            }

            md.Append(". Their indices overlap: each counts what its input explains together with the inputs it moves with, so the indices of dependent ")
              .Append("inputs must not be added up, and a high index may belong to the partner. Every pair is in `").Append(id).Append("/summary.json`.\n\n");
        }

        var dependent = a.Correlated.SelectMany(c => new[] { c.First, c.Second }).ToHashSet();
        var seen = new List<(double[] Values, SampleOutcome Outcome)>();
        foreach (var o in a.Sensitivity.Where(o => layout.Outcomes[o.Outcome].Kind == OutcomeKind.Met))
        {
            var outcome = layout.Outcomes[o.Outcome];
            md.Append("### ").Append(Heading(outcome)).Append("\n\n");
            long met = (long)Math.Round(o.Overall.Reading.Value * o.Overall.Paths);
            if (o.IsConstant)
            {
                md.Append(met == 0 ? "Met on none" : "Met on every one").Append(" of the ").Append(Count(o.Overall.Paths))
                  .Append(" sampled paths: nothing varies, so there is nothing to rank.\n\n");
                continue;
            }

            var values = a.Sample.Outcome(o.Outcome);
            if (seen.FirstOrDefault(s => s.Values.AsSpan().SequenceEqual(values)) is { Outcome: { } same })
            {
                md.Append("Met on exactly the same ").Append(Count(met)).Append(" sampled paths as ").Append(MarkdownTable.EscapeText(same.Label))
                  .Append(" (`").Append(same.Name).Append("`): its drivers are the same.\n\n");
                continue;
            }

            seen.Add((values, outcome));
            if (o.Effects.IsEmpty)
            {
                md.Append("Met on ").Append(Format.Percent(o.Overall.Reading.Value)).Append(" of the ").Append(Count(o.Overall.Paths))
                  .Append(" sampled paths; the scenario draws no uncertain input once per path, so nothing recorded can explain it.\n\n");
                continue;
            }

            if (charts.Tornadoes.TryGetValue(outcome.Name, out string? chart))
            {
                md.Append("![What drives ").Append(Heading(outcome)).Append("](").Append(chart).Append(")\n\n");
            }

            var named = o.Ranking.Take(Named).Select(j =>
            {
                var e = o.Effects[j];
                var (low, high) = AnalysisText.Groups(layout.Inputs[j], e.LowValues, e.HighValues, horizon);
                return $"**{MarkdownTable.EscapeText(layout.Inputs[j].Label)}**, S = {AnalysisText.Index(e.Index)}: "
                    + $"met on {Format.Percent(e.Low.Reading.Value)} of paths with it low ({low}), {Format.Percent(e.High.Reading.Value)} with it high ({high})";
            }).ToList();
            md.Append("Met on ").Append(Format.Percent(o.Overall.Reading.Value)).Append(" of the ").Append(Count(o.Overall.Paths))
              .Append(" sampled paths (").Append(Count(met)).Append("). The largest indices: ").Append(string.Join("; ", named)).Append(". ")
              .Append("All ").Append(o.Effects.Length.ToString(Invariant)).Append(" indices sum to ").Append(o.IndexSum.ToString("0.00;\u22120.00", Invariant));
            bool dependentAmongTop = o.Ranking.Take(Tabled).Any(dependent.Contains);
            md.Append(o.IndexSum > 1 && dependentAmongTop
                ? ", more than all of its variance: dependent inputs among the largest count what they share twice."
                : o.IndexSum < 0.9
                    ? ": the rest of its variance comes from inputs acting together (interactions), from the draws not recorded, and from the noise of estimating so many indices at once."
                    : ".");
            long fewest = Math.Min(met, o.Overall.Paths - met);
            if (fewest < FewPaths)
            {
                md.Append(" Only ").Append(Count(fewest)).Append(fewest == met ? " paths meet it" : " paths miss it")
                  .Append(", so these indices are rough: read their intervals.");
            }

            md.Append("\n\n");
            var table = new MarkdownTable(["Input", "S (95% CI)", "P(met), input low", "P(met), input high"]);
            foreach (int j in o.Ranking.Take(Tabled))
            {
                var e = o.Effects[j];
                var (low, high) = AnalysisText.Groups(layout.Inputs[j], e.LowValues, e.HighValues, horizon);
                table.AddRow(layout.Inputs[j].Label, AnalysisText.Index(e.Index),
                    $"{Format.ProbabilityBracketed(e.Low.Reading.Value, e.Low.Reading.Lower, e.Low.Reading.Upper)} of {Count(e.Low.Paths)} ({low})",
                    $"{Format.ProbabilityBracketed(e.High.Reading.Value, e.High.Reading.Lower, e.High.Reading.Upper)} of {Count(e.High.Paths)} ({high})");
            }

            md.Append(table.ToString()).Append('\n');
        }

        int last = result.Scenario.Milestones[^1];
        var clusterValues = a.Sensitivity.Where(o => !o.IsConstant && layout.Outcomes[o.Outcome] is { Kind: OutcomeKind.Value } v && v.Year == last).ToList();
        if (clusterValues.Count > 0)
        {
            md.Append("### Each cluster's value in ").Append(last.ToString(Invariant)).Append("\n\n")
              .Append("The three inputs with the largest first-order index on each cluster's ").Append(last.ToString(Invariant))
              .Append(" value (every milestone is in `").Append(id).Append('/').Append(AnalysisTables.SensitivityFile).Append("`):\n\n");
            var table = new MarkdownTable(["Cluster", "First", "Second", "Third", "Sum of all indices"]);
            foreach (var o in clusterValues)
            {
                var cells = o.Ranking.Take(3).Select(j => $"{layout.Inputs[j].Label} ({o.Effects[j].Index.Value.ToString("0.00;\u22120.00", Invariant)})").ToList();
                while (cells.Count < 3)
                {
                    cells.Add(string.Empty);
                }

                table.AddRow(result.Scenario.Dataset.Clusters[layout.Outcomes[o.Outcome].ClusterIndex].NameEn, cells[0], cells[1], cells[2],
                    o.IndexSum.ToString("0.00;\u22120.00", Invariant));
            }

            md.Append(table.ToString()).Append('\n');
        }
    }

    private static void Discoveries(StringBuilder md, ScenarioResult result, StudyCharts.AnalysisIndex charts, AnalysisOptions options)
    {
        var a = result.Analysis!;
        var layout = a.Sample.Layout;
        string id = result.Scenario.Id;
        var prim = options.Prim;
        var asked = a.Discoveries.Select(d => d.Discovery.IsTarget ? d.Discovery.Condition.Id : null).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var notAsked = result.Scenario.Targets.Where(t => !asked.Contains(t.Id)).Select(t => $"`{t.Id}`").ToList();
        if (a.Discoveries.IsEmpty)
        {
            return;
        }

        md.Append("## When is it met: ").Append(MarkdownTable.EscapeText(result.Scenario.Name)).Append("\n\n");
        md.Append("Scenario discovery with PRIM (Friedman and Fisher 1999; Bryant and Lempert 2010), peeling and pasting as the EMA Workbench does, on the same ")
          .Append(Count(a.Sample.Paths)).Append(" recorded paths. PRIM searches the even-numbered half of them: each step peels ").Append(Format.Percent(prim.PeelAlpha))
          .Append(" of the box's paths off one end of one input, keeping the peel that gains most density per path removed, until the box would hold less than ")
          .Append(Format.Percent(prim.MinMass)).Append(" of them. A box is chosen from this trajectory and pasted (limits moved back out, about ")
          .Append(Format.Percent(prim.PasteAlpha)).Append(" of the paths at a time, while that raises its density). On many inputs PRIM also peels some that only ")
          .Append("fit the noise of the paths it searched, so the box is then **pruned**: the limit with the largest quasi-p-value is dropped while it is ")
          .Append(Significance.ToString("0.00", Invariant)).Append(" or more, the rest retested each time. Every box is then measured on the odd-numbered paths, which PRIM never ")
          .Append("saw: the sentences give those **held-out** numbers. **Coverage**: the share of the paths that meet the target that lie in the box; **density**: the share ")
          .Append("of the box's paths that meet it. A limit's **quasi-p-value** (qp) is a one-sided binomial test of the box against the box without that limit, on the ")
          .Append("searched paths; since the limit was chosen on them too, it is a heuristic that overstates how sure the limit is.");
        if (notAsked.Count > 0)
        {
            md.Append(" The study asks PRIM about ").Append(a.Discoveries.Length == 1 ? "one condition" : a.Discoveries.Length.ToString(Invariant) + " conditions")
              .Append(", not about ").Append(AnalysisText.List(notAsked)).Append(" (list them under `analysis: discover` to add them).");
        }

        md.Append("\n\n");
        foreach (var d in a.Discoveries)
        {
            string name = AnalysisChartData.WithYear(d.Discovery.Condition.Name, d.Discovery.Condition.Year);
            md.Append("### ").Append(MarkdownTable.EscapeText(name)).Append("\n\n");
            if (d.Chosen is not { } box)
            {
                md.Append(MarkdownTable.EscapeText(Capitalised(d.Note ?? "nothing to explain"))).Append(".\n\n");
                continue;
            }

            var pruned = d.Pruned!;
            string Phrase(BoxLimit l) => AnalysisText.Condition(layout.Inputs[l.Input], l.Lower, l.Upper, result.Scenario.Horizon);

            // The sides pruning dropped: each of PRIM's sides the pruned box does not keep.
            var dropped = box.Limits.SelectMany(l =>
            {
                var after = pruned.Limits.FirstOrDefault(p => p.Input == l.Input);
                var sides = new List<BoxLimit>();
                if (l.Lower is not null && after?.Lower != l.Lower)
                {
                    sides.Add(l with { Upper = null });
                }

                if (l.Upper is not null && after?.Upper != l.Upper)
                {
                    sides.Add(l with { Lower = null });
                }

                return sides;
            }).ToList();
            md.Append("Met on ").Append(Format.Percent((double)d.Cases / d.Paths)).Append(" of the ").Append(Count(d.Paths)).Append(" sampled paths");
            if (pruned.Limits.IsEmpty)
            {
                md.Append(box.Limits.IsEmpty
                    ? "; PRIM found no box of paths on which it is met markedly more often."
                    : $"; PRIM's box (on the held-out paths: density {Format.Percent(box.Holdout.Density)}, coverage {Format.Percent(box.Holdout.Coverage)}) rests only on limits that may be noise (each of quasi-p ≥ {Significance.ToString("0.00", Invariant)}): read it as a hint, not a finding.");
            }
            else
            {
                md.Append(". On the held-out paths where ").Append(MarkdownTable.EscapeText(AnalysisText.List([.. pruned.Limits.OrderBy(l => l.QuasiP).ThenBy(l => l.Input).Select(Phrase)])))
                  .Append(", it is met on ").Append(Format.Percent(pruned.Holdout.Density)).Append(". These paths hold ").Append(Format.Percent(pruned.Holdout.Coverage))
                  .Append(" of the held-out paths that meet it (coverage) and are ").Append(Format.Percent(pruned.Holdout.Mass)).Append(" of them (on the searched paths: density ")
                  .Append(Format.Percent(pruned.Density)).Append(", coverage ").Append(Format.Percent(pruned.Coverage)).Append(").");
                if (dropped.Count > 0)
                {
                    md.Append(" PRIM's box also limited ").Append(dropped.Count == 1 ? "one more side" : dropped.Count.ToString(Invariant) + " more sides")
                      .Append(dropped.Count <= 3 ? " (" + MarkdownTable.EscapeText(AnalysisText.List([.. dropped.Select(Phrase)])) + ")" : string.Empty)
                      .Append(", reaching a density of ").Append(Format.Percent(box.Density)).Append(" on the searched paths but ")
                      .Append(Format.Percent(box.Holdout.Density)).Append(" on the held-out ones (coverage ").Append(Format.Percent(box.Holdout.Coverage))
                      .Append("); pruning dropped ").Append(dropped.Count == 1 ? "it" : "them").Append(" as noise.");
                }
            }

            if (d.Note is { } note)
            {
                md.Append(' ').Append(MarkdownTable.EscapeText(Capitalised(note))).Append('.');
            }

            bool pasted = box.Paths != d.Trajectory[d.ChosenStep].Paths;
            md.Append(" PRIM's box is ").Append(MarkdownTable.EscapeText(d.Rule)).Append(", step ").Append(d.ChosenStep.ToString(Invariant)).Append(" of ")
              .Append((d.Trajectory.Length - 1).ToString(Invariant))
              .Append(pasted ? $"; pasting took it from {Count(d.Trajectory[d.ChosenStep].Paths)} to {Count(box.Paths)} searched paths." : "; pasting changed nothing.")
              .Append("\n\n");

            if (!box.Limits.IsEmpty)
            {
                var table = new MarkdownTable(["Input", "Kept by PRIM's box", "Sampled range", "qp in PRIM's box", "Kept after pruning (qp)"]);
                foreach (var l in box.Limits.OrderBy(l => l.QuasiP).ThenBy(l => l.Input))
                {
                    var input = layout.Inputs[l.Input];
                    var values = a.Sample.Input(l.Input);
                    var after = pruned.Limits.FirstOrDefault(p => p.Input == l.Input);
                    table.AddRow(input.Label, Kept(input, l), AnalysisText.Value(input, values.Min()) + " to " + AnalysisText.Value(input, values.Max()),
                        AnalysisText.QuasiP(l.QuasiP), after is null ? "dropped" : $"{Kept(input, after)} ({AnalysisText.QuasiP(after.QuasiP)})");
                }

                md.Append(table.ToString()).Append('\n');
            }

            if (charts.Discoveries.TryGetValue(d.Discovery.Id, out var files))
            {
                foreach (var (caption, path) in new[] { ("Peeling trajectory", files.Trajectory), ("PRIM's box", files.Box) })
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

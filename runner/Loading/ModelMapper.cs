using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using MathNet.Numerics.LinearAlgebra;
using Simulation.Engine.Model;

namespace Simulation.Runner.Loading;

/// <summary>
/// The checks the schema cannot express, and the mapping of a merged, schema-valid document into the
/// engine's immutable records. Every problem is reported through the callback at a JSON pointer.
/// </summary>
internal sealed class ModelMapper(Action<string, string, bool> report)
{
    public const int DefaultHorizon = 2035;
    public const int DefaultPaths = 10_000;
    public const ulong DefaultSeed = 20231128;
    private static readonly int[] DefaultMilestones = [2025, 2035];

    private int errors;

    private int baseYear;
    private int horizon = DefaultHorizon;
    private Dictionary<string, int> clusterIndex = new(StringComparer.Ordinal);

    public int ErrorCount => errors;

    private void Error(string pointer, string message, bool atKey = false)
    {
        errors++;
        report(pointer, message, atKey);
    }

    private static string P(string pointer, string key) => SourceMap.Append(pointer, key);

    private static string P(string pointer, int index) => SourceMap.Append(pointer, index);

    private static string F(double d) => ScenarioSchema.FormatNumber(d);

    /// <summary>Maps the dataset parts of a document. <paramref name="datasetId"/> names the dataset (the most-derived dataset file).</summary>
    public Dataset? MapDataset(JsonObject doc, string datasetId, string datasetName, string ownerDescription, int? horizonForChecks)
    {
        int before = errors;
        if (doc["clusters"] is not JsonObject clusters || clusters.Count == 0)
        {
            Error(doc.ContainsKey("extends") ? "/extends" : string.Empty,
                $"{ownerDescription} has no clusters: does it extend a dataset?");
            return null;
        }

        if (Json.Int(doc, "base-year") is not { } by)
        {
            Error(string.Empty, $"{ownerDescription} has no `base-year`: a dataset states the year of its base values");
            return null;
        }

        baseYear = by;
        horizon = horizonForChecks ?? DefaultHorizon;
        ValueUnit? unit = null;
        if (doc["unit"] is JsonObject u)
        {
            unit = new ValueUnit(Json.Str(u, "currency")!, Json.Num(u, "scale")!.Value, Json.Str(u, "label")!);
        }
        else
        {
            Error(string.Empty, $"{ownerDescription} has no `unit`: say what every value is measured in");
        }

        string? measure = Json.Str(doc, "measure");
        if (measure is null)
        {
            Error(string.Empty, $"{ownerDescription} has no `measure` (output, revenue, scale or value-added)");
        }

        string prices = Json.Str(doc, "prices") ?? "nominal";
        var rateKind = Json.Str(doc, "growth-rates") == "log" ? RateKind.Logarithmic : RateKind.Arithmetic;

        var list = ImmutableArray.CreateBuilder<Cluster>();
        clusterIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (id, node) in clusters)
        {
            clusterIndex[id] = clusterIndex.Count;
        }

        foreach (var (id, node) in clusters)
        {
            string p = P("/clusters", id);
            if (node is not JsonObject c)
            {
                continue;
            }

            var baseValue = Required(c, p, "base-value", $"cluster `{id}`");
            var trend = RequiredDistribution(c, p, "trend", $"cluster `{id}`");
            var volatility = Required(c, p, "volatility", $"cluster `{id}`");
            if (baseValue is null || trend is null || volatility is null)
            {
                continue;
            }

            int? takeOff = Json.Int(c, "take-off-year");
            try
            {
                list.Add(new Cluster(id, Json.Str(c, "name") ?? id, Json.Str(c, "name-zh") ?? string.Empty,
                    Json.Str(c, "group") ?? "ungrouped", baseValue.Value, trend, volatility.Value, rateKind,
                    Json.Num(c, "ceiling"), takeOff, Json.Num(c, "value-added-ratio")));
            }
            catch (ArgumentException e)
            {
                Error(Field(c, p, e), $"cluster `{id}`: {Clean(e)}");
            }
        }

        var correlation = MapCorrelation(doc, list);
        var events = MapEvents(doc);
        if (errors > before || unit is null || measure is null)
        {
            return null;
        }

        var dataset = new Dataset(datasetId, datasetName, baseYear, unit, measure, prices, list.ToImmutable(), correlation, events);
        var observations = MapObservations(doc, dataset, horizonForChecks, ownerDescription);
        return errors > before ? null : dataset with { Observations = observations };
    }

    /// <summary>
    /// The dataset's <c>observations</c>: what was observed (a cluster, a total or a count), in which
    /// measure (the dataset's, or value added converted by each cluster's ratio), and a value or an interval.
    /// </summary>
    private ImmutableArray<Observation> MapObservations(JsonObject doc, Dataset dataset, int? horizonForChecks, string ownerDescription)
    {
        var result = ImmutableArray.CreateBuilder<Observation>();
        if (doc["observations"] is not JsonObject observations)
        {
            return result.ToImmutable();
        }

        int last = horizonForChecks ?? DefaultHorizon;
        foreach (var (id, node) in observations)
        {
            if (node is not JsonObject o)
            {
                continue;
            }

            string p = P("/observations", id);
            int year = Json.Int(o, "year") ?? 0;
            bool ok = year <= last;
            if (!ok)
            {
                Error(P(p, "year"), horizonForChecks is null
                    ? string.Create(CultureInfo.InvariantCulture, $"observation `{id}`: year {year} is after {last}, the default horizon, so no projection reaches it")
                    : string.Create(CultureInfo.InvariantCulture, $"observation `{id}`: year {year} is after {last}, the horizon of {ownerDescription}, so its projection does not reach it; drop the observation there with `observations: {{ {id}: null }}`"));
            }

            string measure = Json.Str(o, "measure") ?? dataset.Measure;
            var quantity = ObservedQuantityOf(o, p, id, dataset, measure);
            double? value = Json.Num(o, "value"), atLeast = Json.Num(o, "at-least"), atMost = Json.Num(o, "at-most");
            if (o["between"] is JsonObject between)
            {
                if (atLeast is not null || atMost is not null)
                {
                    Error(P(p, "between"), $"observation `{id}`: give `between` or `at-least`/`at-most`, not both");
                    ok = false;
                }

                (atLeast, atMost) = (Json.Num(between, "from"), Json.Num(between, "to"));
            }

            int forms = (value is null ? 0 : 1) + (atLeast is null && atMost is null ? 0 : 1);
            if (forms != 1)
            {
                Error(value is null ? p : P(p, "value"), $"observation `{id}`: " + (forms == 0
                    ? "say what was observed: a `value`, or an interval with `at-least`, `at-most` or `between: { from, to }`"
                    : "give a `value` or an interval (`at-least`, `at-most`, `between`), not both"), atKey: value is null);
                ok = false;
            }
            else if (atLeast is { } lo && atMost is { } hi && !(lo < hi))
            {
                Error(o["between"] is JsonObject ? P(P(p, "between"), "to") : P(p, "at-most"),
                    $"observation `{id}`: the interval is reversed or empty: from {F(lo)} to {F(hi)}; write the smaller end first");
                ok = false;
            }

            if (ok && quantity is not null)
            {
                result.Add(new Observation(id, Json.Str(o, "name") ?? id, year, quantity, measure, Json.Str(o, "source") ?? string.Empty,
                    Json.Str(o, "confidence") ?? string.Empty, Json.Str(o, "note") ?? string.Empty)
                { Value = value, AtLeast = atLeast, AtMost = atMost }.Validated()); // the checks above have said why it would throw
            }
        }

        return result.ToImmutable();
    }

    /// <summary>What an observation observed, with each cluster's weight converting the dataset's measure into the observation's.</summary>
    private ObservedQuantity? ObservedQuantityOf(JsonObject o, string p, string id, Dataset dataset, string measure)
    {
        string[] forms = ["cluster", "total", "count"];
        var given = forms.Where(o.ContainsKey).ToList();
        if (given.Count != 1)
        {
            Error(given.Count == 0 ? p : P(p, given[1]), $"observation `{id}`: " + (given.Count == 0
                ? "say what was observed: one `cluster`, a `total` or a `count` over clusters"
                : $"give one of `cluster`, `total` and `count`, not {string.Join(" and ", given.Select(g => $"`{g}`"))}"), atKey: given.Count > 0);
            return null;
        }

        ImmutableArray<int>? indices;
        string at = P(p, given[0]);
        if (given[0] == "cluster")
        {
            string cluster = Json.Str(o, "cluster")!;
            indices = CheckCluster(cluster, at) ? [clusterIndex[cluster]] : null;
        }
        else
        {
            indices = IndicesOrAll((JsonObject)o[given[0]]!, at);
        }

        if (indices is null)
        {
            return null;
        }

        var weights = ImmutableArray.CreateBuilder<double>(indices.Value.Length);
        foreach (int i in indices.Value)
        {
            var cluster = dataset.Clusters[i];
            if (measure == dataset.Measure)
            {
                weights.Add(1);
            }
            else if ((measure == "value-added" || dataset.Measure == "value-added") && cluster.ValueAddedRatio is { } ratio)
            {
                weights.Add(measure == "value-added" ? ratio : 1 / ratio);
            }
            else
            {
                Error(P(p, "measure"), measure == "value-added" || dataset.Measure == "value-added"
                    ? $"observation `{id}`: cluster `{cluster.Id}` has no `value-added-ratio`, so its {dataset.Measure} cannot be converted to {measure}"
                    : $"observation `{id}` is in {measure} but the dataset measures {dataset.Measure}: only value added converts (through each cluster's `value-added-ratio`); observe in {dataset.Measure} or value-added");
                return null;
            }
        }

        return new ObservedQuantity(given[0] == "count" ? ObservedForm.Count : ObservedForm.Sum, indices.Value, weights.MoveToImmutable(),
            given[0] == "count" ? Json.Num((JsonObject)o["count"]!, "value") ?? 0 : 0);
    }

    private CorrelationSpec MapCorrelation(JsonObject doc, ImmutableArray<Cluster>.Builder clusters)
    {
        if (doc["correlation"] is not JsonObject c)
        {
            return CorrelationSpec.None;
        }

        int before = errors;
        double def = Json.Num(c, "default") ?? 0;
        var groups = (doc["clusters"] as JsonObject ?? [])
            .Select(x => (x.Value as JsonObject)?["group"] is JsonNode g && Json.IsString(g) ? g.GetValue<string>() : "ungrouped")
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var within = ImmutableArray.CreateBuilder<GroupCorrelation>();
        if (c["within-group"] is JsonObject wg)
        {
            foreach (var (group, value) in wg)
            {
                if (!groups.Contains(group))
                {
                    Error(P("/correlation/within-group", group),
                        $"no cluster is in group `{group}`{Suggestions.DidYouMeanOrList(group, groups, "the groups")}", atKey: true);
                    continue;
                }

                within.Add(new GroupCorrelation(group, Json.ToDouble(value!)));
            }
        }

        var pairs = ImmutableArray.CreateBuilder<PairCorrelation>();
        if (c["pairs"] is JsonArray array)
        {
            for (int i = 0; i < array.Count; i++)
            {
                if (array[i] is not JsonObject pair || pair["between"] is not JsonArray between || between.Count != 2)
                {
                    continue;
                }

                string p = P(P("/correlation/pairs", i), "between");
                string a = between[0]!.GetValue<string>();
                string b = between[1]!.GetValue<string>();
                bool ok = CheckCluster(a, P(p, 0)) & CheckCluster(b, P(p, 1));
                if (ok && a == b)
                {
                    Error(p, $"a correlation pair needs two different clusters, found `{a}` twice");
                    ok = false;
                }

                if (ok)
                {
                    pairs.Add(new PairCorrelation(a, b, Json.Num(pair, "value") ?? 0));
                }
            }
        }

        var spec = new CorrelationSpec(def, within.ToImmutable(), pairs.ToImmutable());
        if (errors == before && clusters.Count > 1)
        {
            CheckPositiveSemiDefinite(spec, clusters.ToList());
        }

        return spec;
    }

    private void CheckPositiveSemiDefinite(CorrelationSpec spec, List<Cluster> clusters)
    {
        var matrix = Matrix<double>.Build.DenseOfArray(spec.BuildMatrix(clusters));
        var evd = matrix.Evd(Symmetricity.Symmetric);
        int n = clusters.Count;
        int worst = 0;
        for (int i = 1; i < n; i++)
        {
            if (evd.EigenValues[i].Real < evd.EigenValues[worst].Real)
            {
                worst = i;
            }
        }

        double smallest = evd.EigenValues[worst].Real;
        if (smallest >= -1e-10)
        {
            return;
        }

        var vector = evd.EigenVectors.Column(worst);
        double max = vector.AbsoluteMaximum();
        var involved = Enumerable.Range(0, n)
            .Where(i => Math.Abs(vector[i]) >= 0.3 * max)
            .OrderByDescending(i => Math.Abs(vector[i]))
            .ThenBy(i => i)
            .Take(6)
            .OrderBy(i => i)
            .Select(i => $"`{clusters[i].Id}`");
        Error("/correlation", string.Create(CultureInfo.InvariantCulture,
            $"the correlation matrix is not positive semi-definite (smallest eigenvalue {smallest:0.####}): the correlations among {string.Join(", ", involved)} contradict each other; weaken them"));
    }

    private ImmutableArray<EventSpec> MapEvents(JsonObject doc)
    {
        var result = ImmutableArray.CreateBuilder<EventSpec>();
        if (doc["events"] is not JsonObject events)
        {
            return result.ToImmutable();
        }

        foreach (var (id, node) in events)
        {
            if (node is not JsonObject e)
            {
                continue;
            }

            string p = P("/events", id);
            string owner = $"event `{id}`";
            var probability = Required(e, p, "annual-probability", owner);
            var clusters = ClusterList(e, p, "clusters", owner, required: true);
            var (first, last) = Window(e, p, "window", baseYear, horizon, "base-year .. horizon");
            var levelShock = OptionalDistribution(e, p, "level-shock");
            var growthShift = OptionalDistribution(e, p, "growth-shift");
            int duration = Json.Int(e, "duration") ?? 1;
            if (probability is null || clusters is null)
            {
                continue;
            }

            try
            {
                result.Add(new EventSpec(id, Json.Str(e, "name") ?? id, probability.Value, first, last, clusters.Value.Select(i => i.Id).ToImmutableArray(),
                    levelShock, growthShift, duration));
            }
            catch (ArgumentException ex)
            {
                Error(Field(e, p, ex), $"{owner}: {Clean(ex)}");
            }
        }

        return result.ToImmutable();
    }

    /// <summary>Maps a scenario (its dataset parts included).</summary>
    public Scenario? MapScenario(JsonObject doc, string datasetId, string datasetName)
    {
        string id = Json.Str(doc, "id") ?? "scenario";
        int h = Json.Int(doc, "horizon") ?? DefaultHorizon;
        var dataset = MapDataset(doc, datasetId, datasetName, $"scenario `{id}`", h);
        if (dataset is null && baseYear == 0)
        {
            return null;
        }

        if (h <= baseYear)
        {
            Error("/horizon", string.Create(CultureInfo.InvariantCulture, $"horizon {h} must be after the base year {baseYear}"));
            return null;
        }

        var milestones = ImmutableArray.CreateBuilder<int>();
        if (doc["milestones"] is JsonArray ms)
        {
            int previous = int.MinValue;
            for (int i = 0; i < ms.Count; i++)
            {
                int year = (int)Json.ToDouble(ms[i]!);
                if (CheckYear(year, P("/milestones", i), "milestone", baseYear + 1, horizon, "base-year + 1 .. horizon"))
                {
                    if (year <= previous)
                    {
                        Error(P("/milestones", i), "milestones must be in ascending order, without repeats");
                    }

                    milestones.Add(year);
                    previous = year;
                }
            }
        }
        else
        {
            milestones.AddRange(DefaultMilestones.Where(y => y > baseYear && y <= h));
            if (!milestones.Contains(h))
            {
                milestones.Add(h);
            }
        }

        var thresholds = (doc["thresholds"] as JsonArray)?.Select(t => Json.ToDouble(t!)).ToImmutableArray() ?? [];
        var levers = MapLevers(doc["levers"] as JsonObject);
        var targets = MapTargets(doc["targets"] as JsonObject);
        if (dataset is null || levers is null || errors > 0)
        {
            return null;
        }

        return new Scenario(id, Json.Str(doc, "name") ?? id, Json.Str(doc, "description") ?? string.Empty, dataset, levers, h,
            milestones.ToImmutable(), thresholds, targets);
    }

    /// <summary>Run options of a scenario or a study's <c>run</c> section (its precision already checked by <see cref="CheckRun"/>).</summary>
    public static RunOptions MapRunOptions(JsonObject? o) => new(
        o is null ? DefaultPaths : Json.Int(o, "paths") ?? DefaultPaths,
        o is not null && Json.Num(o, "seed") is { } s ? (ulong)s : DefaultSeed,
        o is null ? 0 : Json.Int(o, "threads") ?? 0,
        Precision: o is not null && Json.Str(o, "precision") is { } precision ? ParsePrecision(precision) : null,
        MaxPaths: o is null ? RunOptions.DefaultMaxPaths : Json.Int(o, "max-paths") ?? RunOptions.DefaultMaxPaths);

    /// <summary>
    /// A half-width written in percentage points ("0.5pp", "0.5 pp") as a probability (0.005); null when it
    /// is not such a number, or not above 0 and below 50 pp.
    /// </summary>
    public static double? ParsePrecision(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim();
        if (!t.EndsWith("pp", StringComparison.Ordinal)
            || !double.TryParse(t[..^2].Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double pp)
            || !(pp > 0 && pp < 50))
        {
            return null;
        }

        return pp / 100;
    }

    /// <summary>Checks a study's <c>run</c> section beyond the schema: a precision above 0 and below 50 pp.</summary>
    public void CheckRun(JsonObject? run, string pointer)
    {
        if (run is not null && Json.Str(run, "precision") is { } text && ParsePrecision(text) is null)
        {
            Error(P(pointer, "precision"), $"`precision` must be a half-width above 0 and below 50 percentage points, such as 0.5pp; found `{text}`");
        }
    }

    private Levers? MapLevers(JsonObject? levers)
    {
        if (levers is null)
        {
            return Levers.None;
        }

        SubsidyLever? subsidy = levers["subsidy"] is JsonObject s ? MapSubsidy(s, "/levers/subsidy") : null;
        var parks = ImmutableArray.CreateBuilder<ParkLever>();
        int delay = 0;
        if (levers["parks"] is JsonObject parksNode)
        {
            delay = Json.Int(parksNode, "delay-years") ?? 0;
            if (parksNode["sites"] is JsonObject sites)
            {
                foreach (var (id, node) in sites)
                {
                    if (node is JsonObject park && MapPark(id, park, P("/levers/parks/sites", id)) is { } mapped)
                    {
                        parks.Add(mapped);
                    }
                }
            }
        }

        var revivals = ImmutableArray.CreateBuilder<RevivalLever>();
        if (levers["revival"] is JsonObject revivalNode)
        {
            foreach (var (id, node) in revivalNode)
            {
                if (node is JsonObject r && MapRevival(id, r, P("/levers/revival", id)) is { } mapped)
                {
                    revivals.Add(mapped);
                }
            }
        }

        AttractionLever? attraction = levers["attraction"] is JsonObject a ? MapAttraction(a, "/levers/attraction") : null;
        return new Levers(subsidy, parks.ToImmutable(), delay, revivals.ToImmutable(), attraction);
    }

    private SubsidyLever? MapSubsidy(JsonObject s, string p)
    {
        const string owner = "the subsidy";
        var (from, to) = Window(s, p, "years", baseYear + 1, horizon, "base-year + 1 .. horizon", required: true, owner);
        var budget = Schedule(s, p, "annual-budget", owner);
        if (budget is { Steps: [var (first, _), ..] } && first != int.MinValue && from is { } start && first > start
            && s["annual-budget"] is JsonObject entries && entries.Count == budget.Steps.Length) // (a refused entry says so already)
        {
            // Before its first entry a schedule is 0: a budget by year that starts late would pay nothing, silently, in the first years.
            Error(P(P(p, "annual-budget"), first.ToString(CultureInfo.InvariantCulture)),
                $"`annual-budget` starts in {first}, after the subsidy's first year {start}: give {start}'s budget too (0 for none); each entry holds until the next", atKey: true);
        }

        var rate = Required(s, p, "reimbursement-rate", owner);
        var cap = Required(s, p, "cap-per-project", owner);
        double threshold = Json.Num(s, "investment-threshold") ?? 0;
        var perYear = Required(s, p, "projects-per-year", owner);
        var clusters = Weights(s, p, "clusters", owner, required: false);
        var investment = RequiredDistribution(s, p, "project-investment", owner);
        var induced = RequiredDistribution(s, p, "induced-investment-per-subsidy", owner);
        var output = RequiredDistribution(s, p, "output-per-investment", owner);
        int ramp = Json.Int(s, "ramp-years") ?? 1;
        NonNegative(s, p, "cap-per-project");
        NonNegative(s, p, "investment-threshold");
        NonNegative(s, p, "projects-per-year");
        InUnitInterval(s, p, "reimbursement-rate");
        if (investment is not null && threshold >= 0 && !(investment.Cdf(threshold) < 1))
        {
            // The engine draws investments above the threshold only: none is left to draw.
            Error(P(p, s.ContainsKey("investment-threshold") ? "investment-threshold" : "project-investment"),
                $"`investment-threshold` ({Json.FormatNumber(threshold)}) is at or above every investment `project-investment` allows, so no project would qualify: lower the threshold or widen the distribution");
        }

        if (from is null || to is null || budget is null || rate is null || cap is null || perYear is null || clusters is null ||
            investment is null || induced is null || output is null)
        {
            return null;
        }

        return new SubsidyLever(from.Value, to.Value, budget, rate.Value, cap.Value, threshold, perYear.Value, clusters.Value,
            investment, induced, output, ramp);
    }

    private ParkLever? MapPark(string id, JsonObject park, string p)
    {
        string owner = $"park `{id}`";
        var serves = Weights(park, p, "serves", owner, required: true);
        var area = Required(park, p, "area-km2", owner);
        int? start = Json.Int(park, "construction-start");
        if (start is null)
        {
            Error(p, $"{owner} lacks `construction-start`");
        }

        var build = RequiredDistribution(park, p, "build-years", owner);
        double cancel = Json.Num(park, "cancellation-probability") ?? 0;
        InUnitInterval(park, p, "cancellation-probability");
        var ramp = RequiredDistribution(park, p, "occupancy-ramp-years", owner);
        var density = RequiredDistribution(park, p, "output-density", owner);
        var displacement = OptionalDistribution(park, p, "displacement") ?? Distribution.Fixed(0);
        NonNegative(park, p, "area-km2");
        if (serves is null || area is null || start is null || build is null || ramp is null || density is null)
        {
            return null;
        }

        return new ParkLever(id, Json.Str(park, "name") ?? id, serves.Value, area.Value, start.Value, build, cancel, ramp, density, displacement);
    }

    private RevivalLever? MapRevival(string id, JsonObject r, string p)
    {
        string owner = $"revival programme `{id}`";
        var clusters = ClusterList(r, p, "clusters", owner, required: true);
        int? start = Json.Int(r, "start-year");
        if (start is null)
        {
            Error(p, $"{owner} lacks `start-year`");
        }
        else
        {
            CheckYear(start.Value, P(p, "start-year"), "start year", baseYear + 1, horizon, "base-year + 1 .. horizon");
        }

        var success = Required(r, p, "success-probability", owner);
        InUnitInterval(r, p, "success-probability");
        var uplift = RequiredDistribution(r, p, "uplift", owner);
        int phaseIn = Json.Int(r, "phase-in-years") ?? 1;
        if (clusters is null || start is null || success is null || uplift is null)
        {
            return null;
        }

        return new RevivalLever(id, Json.Str(r, "name") ?? id, clusters.Value.Select(c => c.Id).ToImmutableArray(), start.Value, success.Value, uplift, phaseIn);
    }

    private AttractionLever? MapAttraction(JsonObject a, string p)
    {
        const string owner = "the attraction lever";
        var (from, to) = Window(a, p, "years", baseYear + 1, horizon, "base-year + 1 .. horizon", required: true, owner);
        var arrivals = Required(a, p, "arrivals-per-year", owner);
        NonNegative(a, p, "arrivals-per-year");
        var clusters = Weights(a, p, "clusters", owner, required: true);
        var size = RequiredDistribution(a, p, "project-size", owner);
        int ramp = Json.Int(a, "ramp-years") ?? 1;
        if (from is null || to is null || arrivals is null || clusters is null || size is null)
        {
            return null;
        }

        return new AttractionLever(from.Value, to.Value, arrivals.Value, clusters.Value, size, ramp);
    }

    /// <summary>
    /// A condition a study states in the target language (a <c>year</c> and one of cluster, count,
    /// total, all, any) about <paramref name="scenario"/>'s clusters and years, as a target with id
    /// <paramref name="id"/>; problems are reported at <paramref name="pointer"/> and below, the year's as <paramref name="yearName"/>.
    /// </summary>
    public Target? MapCondition(string id, JsonObject node, string pointer, Scenario scenario, string yearName)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(scenario);
        baseYear = scenario.Dataset.BaseYear;
        horizon = scenario.Horizon;
        clusterIndex = scenario.Dataset.Clusters.Select((c, i) => (c.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        int year = Json.Int(node, "year") ?? 0;
        bool yearOk = CheckYear(year, P(pointer, "year"), yearName, baseYear + 1, horizon, $"base-year + 1 .. horizon of `{scenario.Id}`");
        var condition = Condition(node, pointer);
        return condition is not null && yearOk ? new Target(id, Json.Str(node, "name") ?? id, year, condition) : null;
    }

    private ImmutableArray<Target> MapTargets(JsonObject? targets)
    {
        var result = ImmutableArray.CreateBuilder<Target>();
        if (targets is null)
        {
            return result.ToImmutable();
        }

        foreach (var (id, node) in targets)
        {
            if (node is not JsonObject t)
            {
                continue;
            }

            string p = P("/targets", id);
            int year = Json.Int(t, "year") ?? 0;
            bool yearOk = CheckYear(year, P(p, "year"), "target year", baseYear + 1, horizon, "base-year + 1 .. horizon");
            var condition = Condition(t, p);
            if (condition is not null && yearOk)
            {
                result.Add(new Target(id, Json.Str(t, "name") ?? id, year, condition));
            }
        }

        return result.ToImmutable();
    }

    private TargetCondition? Condition(JsonObject t, string p)
    {
        if (t["cluster"] is JsonObject one)
        {
            string cp = P(p, "cluster");
            string id = Json.Str(one, "id")!;
            return CheckCluster(id, P(cp, "id")) ? new ClusterAtLeast(clusterIndex[id], Json.Num(one, "value") ?? 0) : null;
        }

        if (t["count"] is JsonObject count)
        {
            string cp = P(p, "count");
            var indices = IndicesOrAll(count, cp);
            int atLeast = Json.Int(count, "at-least") ?? 1;
            if (indices is { } ix && atLeast > ix.Length)
            {
                Error(P(cp, "at-least"), string.Create(CultureInfo.InvariantCulture,
                    $"`at-least` is {atLeast} but the count runs over only {Reports.Numbers.Count(ix.Length, "cluster")}"));
                return null;
            }

            return indices is null ? null : new CountAtLeast(atLeast, Json.Num(count, "value") ?? 0, indices.Value);
        }

        if (t["total"] is JsonObject total)
        {
            var indices = IndicesOrAll(total, P(p, "total"));
            return indices is null ? null : new TotalAtLeast(Json.Num(total, "value") ?? 0, indices.Value);
        }

        foreach (string key in new[] { "all", "any" })
        {
            if (t[key] is JsonArray list)
            {
                var items = ImmutableArray.CreateBuilder<TargetCondition>();
                bool ok = true;
                for (int i = 0; i < list.Count; i++)
                {
                    if (list[i] is JsonObject c && Condition(c, P(P(p, key), i)) is { } mapped)
                    {
                        items.Add(mapped);
                    }
                    else
                    {
                        ok = false;
                    }
                }

                if (!ok)
                {
                    return null;
                }

                return key == "all" ? new AllOf(items.ToImmutable()) : new AnyOf(items.ToImmutable());
            }
        }

        return null;
    }

    private ImmutableArray<int>? IndicesOrAll(JsonObject o, string p)
    {
        if (o["clusters"] is not JsonArray)
        {
            return Enumerable.Range(0, clusterIndex.Count).ToImmutableArray();
        }

        var list = ClusterList(o, p, "clusters", "the condition", required: false);
        return list?.Select(c => c.Index).ToImmutableArray();
    }

    private bool CheckCluster(string id, string pointer, bool atKey = false)
    {
        if (clusterIndex.ContainsKey(id))
        {
            return true;
        }

        Error(pointer, $"unknown cluster `{id}`{Suggestions.DidYouMeanOrList(id, [.. clusterIndex.OrderBy(c => c.Value).Select(c => c.Key)], "the dataset's clusters")}", atKey);
        return false;
    }

    private ImmutableArray<(string Id, int Index)>? ClusterList(JsonObject o, string p, string key, string owner, bool required)
    {
        if (o[key] is not JsonArray array)
        {
            if (required)
            {
                Error(p, $"{owner} lacks `{key}`: list the cluster ids");
            }

            return null;
        }

        var result = ImmutableArray.CreateBuilder<(string, int)>();
        bool ok = true;
        for (int i = 0; i < array.Count; i++)
        {
            string id = array[i]!.GetValue<string>();
            if (CheckCluster(id, P(P(p, key), i)))
            {
                result.Add((id, clusterIndex[id]));
            }
            else
            {
                ok = false;
            }
        }

        return ok ? result.ToImmutable() : null;
    }

    private ImmutableArray<ClusterWeight>? Weights(JsonObject o, string p, string key, string owner, bool required)
    {
        if (o[key] is not JsonObject weights)
        {
            if (required)
            {
                Error(p, $"{owner} lacks `{key}`: map cluster ids to weights");
                return null;
            }

            return clusterIndex.Keys.Select(k => new ClusterWeight(k, 1)).ToImmutableArray();
        }

        var result = ImmutableArray.CreateBuilder<ClusterWeight>();
        bool ok = true;
        foreach (var (id, w) in weights)
        {
            if (CheckCluster(id, P(P(p, key), id), atKey: true))
            {
                result.Add(new ClusterWeight(id, Json.ToDouble(w!)));
            }
            else
            {
                ok = false;
            }
        }

        if (ok && result.Count > 0 && !(result.Sum(w => w.Weight) > 0))
        {
            Error(P(p, key), $"the weights of `{key}` must not all be zero");
            ok = false;
        }

        return ok ? result.ToImmutable() : null;
    }

    private YearSchedule? Schedule(JsonObject o, string p, string key, string owner)
    {
        string sp = P(p, key);
        switch (o[key])
        {
            case null:
                Error(p, $"{owner} lacks `{key}`");
                return null;
            case JsonObject years:
                {
                    var steps = new List<(int, double)>();
                    foreach (var (y, v) in years)
                    {
                        int year = int.Parse(y, CultureInfo.InvariantCulture);
                        double value = Json.ToDouble(v!);
                        bool ok = CheckYear(year, P(sp, y), "budget year", baseYear + 1, horizon, "base-year + 1 .. horizon", atKey: true);
                        if (value < 0)
                        {
                            Error(P(sp, y), $"`{key}` must be at least 0, found {F(value)}");
                            ok = false;
                        }

                        if (ok)
                        {
                            steps.Add((year, value));
                        }
                    }

                    return new YearSchedule(steps.OrderBy(s => s.Item1).ToImmutableArray());
                }

            case var n when Json.IsNumber(n):
                {
                    double value = Json.ToDouble(n!);
                    if (value < 0)
                    {
                        Error(sp, $"`{key}` must be at least 0, found {F(value)}");
                        return null;
                    }

                    return YearSchedule.Constant(value);
                }

            default:
                return null;
        }
    }

    private (int? From, int? To) Window(JsonObject o, string p, string key, int min, int max, string rangeName, bool required = false, string? owner = null)
    {
        if (o[key] is not JsonObject w)
        {
            if (required)
            {
                Error(p, $"{owner} lacks `{key}`: give `from` and `to` years");
            }

            return (null, null);
        }

        string wp = P(p, key);
        int from = Json.Int(w, "from") ?? min;
        int to = Json.Int(w, "to") ?? max;
        bool ok = CheckYear(from, P(wp, "from"), "the window's `from`", min, max, rangeName);
        ok &= CheckYear(to, P(wp, "to"), "the window's `to`", min, max, rangeName);
        if (ok && from > to)
        {
            Error(wp, string.Create(CultureInfo.InvariantCulture, $"the window runs backwards: `from` {from} is after `to` {to}"));
            ok = false;
        }

        return ok ? (from, to) : (null, null);
    }

    private bool CheckYear(int year, string pointer, string what, int min, int max, string rangeName, bool atKey = false)
    {
        if (year >= min && year <= max)
        {
            return true;
        }

        Error(pointer, string.Create(CultureInfo.InvariantCulture,
            $"{what} {year} is outside the simulated years {min}..{max} ({rangeName})"), atKey);
        return false;
    }

    private double? Required(JsonObject o, string p, string key, string owner)
    {
        if (Json.Num(o, key) is { } d)
        {
            return d;
        }

        Error(p, $"{owner} lacks `{key}`");
        return null;
    }

    private void NonNegative(JsonObject o, string p, string key)
    {
        if (Json.Num(o, key) is { } d && d < 0)
        {
            Error(P(p, key), $"`{key}` must be at least 0, found {F(d)}");
        }
    }

    private void InUnitInterval(JsonObject o, string p, string key)
    {
        if (Json.Num(o, key) is { } d && !(d >= 0 && d <= 1))
        {
            Error(P(p, key), $"`{key}` must be between 0 and 1, found {F(d)}");
        }
    }

    private Distribution? RequiredDistribution(JsonObject o, string p, string key, string owner)
    {
        if (o[key] is null)
        {
            Error(p, $"{owner} lacks `{key}`");
            return null;
        }

        return MapDistribution(o[key]!, P(p, key));
    }

    private Distribution? OptionalDistribution(JsonObject o, string p, string key) =>
        o[key] is null ? null : MapDistribution(o[key]!, P(p, key));

    /// <summary>Maps a distribution node (a number or a one-key mapping) through the engine's factories.</summary>
    public Distribution? MapDistribution(JsonNode node, string pointer)
    {
        if (Json.IsNumber(node))
        {
            return Distribution.Fixed(Json.ToDouble(node));
        }

        if (node is not JsonObject o || o.Count != 1)
        {
            return null;
        }

        var (name, value) = o.First();
        if (name == "fixed")
        {
            return Distribution.Fixed(Json.ToDouble(value!));
        }

        if (value is not JsonObject a)
        {
            return null;
        }

        double N(string k, double fallback = double.NaN) => Json.Num(a, k) ?? fallback;
        string dp = P(pointer, name);
        try
        {
            if (a.ContainsKey("min") && a.ContainsKey("max") && N("min") > N("max"))
            {
                Error(dp, $"invalid {name} distribution: `min` ({F(N("min"))}) is above `max` ({F(N("max"))})");
                return null;
            }

            return name switch
            {
                "normal" => Distribution.Normal(N("mean"), N("sd")),
                "truncated-normal" => Distribution.TruncatedNormal(N("mean"), N("sd"), N("min"), N("max")),
                "log-normal" when a.ContainsKey("log-mean") => Distribution.LogNormalByLog(N("log-mean"), N("log-sd")),
                "log-normal" => Distribution.LogNormalByValue(N("mean"), N("sd")),
                "uniform" => Distribution.Uniform(N("min"), N("max")),
                "triangular" => Distribution.Triangular(N("min"), N("mode"), N("max")),
                "pert" => Distribution.Pert(N("min"), N("mode"), N("max")),
                "beta" => Distribution.ScaledBeta(N("alpha"), N("beta"), N("min", 0), N("max", 1)),
                "poisson" => Distribution.Poisson(N("mean")),
                "bernoulli" => Distribution.Bernoulli(N("probability")),
                "discrete" => Distribution.Discrete(
                    ((JsonArray)a["values"]!).Select(x => Json.ToDouble(x!)),
                    ((JsonArray)a["weights"]!).Select(x => Json.ToDouble(x!))),
                _ => null,
            };
        }
        catch (ArgumentException e)
        {
            Error(dp, $"invalid {name} distribution: {Clean(e)}");
            return null;
        }
    }

    /// <summary>An engine guard's message without the BCL's "(Parameter 'x')" and "Actual value was" lines.</summary>
    internal static string Clean(ArgumentException e)
    {
        string message = e.Message;
        int cut = message.IndexOf(" (Parameter", StringComparison.Ordinal);
        if (cut >= 0)
        {
            message = message[..cut];
        }

        message = message.Split('\n')[0].Trim().TrimEnd('.');
        if (e is ArgumentOutOfRangeException range && range.ParamName is { } name)
        {
            string found = range.ActualValue is IFormattable f ? ", found " + f.ToString(null, CultureInfo.InvariantCulture) : string.Empty;
            return message.StartsWith("must", StringComparison.Ordinal)
                ? $"`{Kebab(name)}` {message}{found}"
                : $"`{Kebab(name)}`: {message}{found}";
        }

        return message;
    }

    // The pointer of the field an engine guard complained about, when the object has it.
    private static string Field(JsonObject o, string pointer, ArgumentException e) =>
        e.ParamName is { } name && o.ContainsKey(Kebab(name)) ? P(pointer, Kebab(name)) : pointer;

    private static string Kebab(string name)
    {
        var sb = new StringBuilder();
        foreach (char c in name)
        {
            if (char.IsUpper(c))
            {
                sb.Append('-').Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}

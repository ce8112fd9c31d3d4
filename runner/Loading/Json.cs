using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Simulation.Runner.Loading;

/// <summary>Small helpers to read values from a validated JSON tree.</summary>
internal static class Json
{
    public static bool IsNumber(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.Number;

    public static bool IsString(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String;

    public static double ToDouble(JsonNode node)
    {
        var v = (JsonValue)node;
        if (v.TryGetValue(out double d))
        {
            return d;
        }

        if (v.TryGetValue(out long l))
        {
            return l;
        }

        if (v.TryGetValue(out int i))
        {
            return i;
        }

        return double.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    public static string? Str(JsonObject o, string key) => IsString(o[key]) ? o[key]!.GetValue<string>() : null;

    public static double? Num(JsonObject o, string key) => IsNumber(o[key]) ? ToDouble(o[key]!) : null;

    public static bool? Bool(JsonObject o, string key) => o[key] is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? v.GetValue<bool>() : null;

    public static int? Int(JsonObject o, string key)
    {
        double? d = Num(o, key);
        return d is { } x && Math.Floor(x) == x && x >= int.MinValue && x <= int.MaxValue ? (int)x : null;
    }

    /// <summary>
    /// Deep merge: later wins; null deletes; arrays and scalars replace whole, and so do objects at the
    /// paths <paramref name="rules"/> says replace whole (keys from the root); a key drops the
    /// inherited keys <paramref name="rules"/> names as its rivals (those the source does not give too).
    /// </summary>
    public static void MergeInto(JsonObject target, JsonObject source, IMergeRules rules) =>
        MergeInto(target, source, rules, []);

    private static void MergeInto(JsonObject target, JsonObject source, IMergeRules rules, List<string> path)
    {
        foreach (var (key, value) in source)
        {
            path.Add(key);
            if (value is null)
            {
                target.Remove(key);
            }
            else
            {
                foreach (string rival in rules.Rivals(path))
                {
                    if (!source.ContainsKey(rival))
                    {
                        target.Remove(rival);
                    }
                }

                if (value is JsonObject so && target[key] is JsonObject to && !rules.ReplacesWhole(path))
                {
                    MergeInto(to, so, rules, path);
                }
                else if (value is JsonObject fresh)
                {
                    var copy = new JsonObject();
                    MergeInto(copy, fresh, rules, path);
                    target[key] = copy;
                }
                else
                {
                    target[key] = value.DeepClone();
                }
            }

            path.RemoveAt(path.Count - 1);
        }
    }

    public static string FormatNumber(double d) => d.ToString("R", CultureInfo.InvariantCulture);
}

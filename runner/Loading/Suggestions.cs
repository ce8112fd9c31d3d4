namespace Simulation.Runner.Loading;

/// <summary>"Did you mean" suggestions by optimal-string-alignment (Damerau–Levenshtein) distance.</summary>
public static class Suggestions
{
    /// <summary>The restricted Damerau–Levenshtein distance (adjacent transpositions count as one edit).</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (int j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }

    /// <summary>The closest candidate within a distance that grows with the word's length, or null.</summary>
    public static string? Closest(string word, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(word);
        ArgumentNullException.ThrowIfNull(candidates);
        string lower = word.ToLowerInvariant();
        int limit = Math.Max(1, Math.Min(3, (lower.Length + 2) / 4));
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string c in candidates)
        {
            int distance = Distance(lower, c.ToLowerInvariant());
            if (distance < bestDistance && distance <= limit)
            {
                best = c;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary>"; did you mean `x`?" or an empty string.</summary>
    public static string DidYouMean(string word, IEnumerable<string> candidates) =>
        Closest(word, candidates) is { } s ? $"; did you mean `{s}`?" : string.Empty;

    /// <summary>
    /// "; did you mean `x`?" when a candidate is close; else the candidates, so that a word far from every
    /// one still shows what would do: "; {<paramref name="what"/>} are `a`, `b` and `c`" (the first
    /// <paramref name="most"/>, then "… and N more"); empty when there are none.
    /// </summary>
    public static string DidYouMeanOrList(string word, IReadOnlyCollection<string> candidates, string what, int most = 30)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        string hint = DidYouMean(word, candidates);
        if (hint.Length > 0 || candidates.Count == 0)
        {
            return hint;
        }

        var shown = candidates.Take(most).Select(c => $"`{c}`").ToList();
        string list = candidates.Count > most
            ? string.Join(", ", shown) + string.Create(System.Globalization.CultureInfo.InvariantCulture, $", … and {candidates.Count - most} more")
            : shown.Count == 1 ? shown[0] : string.Join(", ", shown.SkipLast(1)) + " and " + shown[^1];
        return $"; {what} are {list}";
    }
}

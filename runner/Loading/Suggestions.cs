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
}

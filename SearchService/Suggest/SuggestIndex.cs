using System.Collections.Concurrent;
using FitnessAssistant.SearchService.QueryUnderstanding;
using FitnessAssistant.SearchService.Retrieval;

namespace FitnessAssistant.SearchService.Suggest;

/// <summary>
/// Completions of exercise names, muscles and equipment from what has been typed so far: every word but the last
/// must match a word of the completion, the last one the start of a word, each forgiving a typo or two by length
/// (as spelling correction does, the first letter kept). Immutable apart from its answer cache, and rebuilt whole
/// when the catalog's vocabulary changes.
/// </summary>
public sealed class SuggestIndex
{
    /// <summary>The most suggestions one answer has (and the most each cached prefix keeps).</summary>
    public const int MaxSuggestions = 20;

    /// <summary>Bounds the cache's memory: past this many prefixes it starts over (a few MB at most).</summary>
    private const int MaxCachedPrefixes = 20_000;

    /// <summary>A word of the query that is only a prefix of a word of the completion costs this, a typo 1 per edit.</summary>
    private const double PrefixCost = 0.1;

    private readonly Entry[] _entries;
    private readonly string[] _words;
    private readonly Dictionary<string, int[]> _entriesByWord;

    // In this process rather than in Redis: an answer is computed from this index in well under a millisecond,
    // less than a round trip to Redis would cost, and a prefix's answer changes only when the index is rebuilt,
    // which starts with a new, empty cache (so invalidation is the swap itself; nothing is shared between replicas).
    private readonly ConcurrentDictionary<string, Suggestion[]> _cache = new(StringComparer.Ordinal);
    private readonly HashSet<string> _stems;
    private readonly Dictionary<string, int[]> _entriesByStem;

    private SuggestIndex(Entry[] entries)
    {
        _entries = entries;
        var byWord = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Length; i++)
        {
            foreach (var word in entries[i].Words.Distinct())
            {
                (byWord.TryGetValue(word, out var list) ? list : byWord[word] = []).Add(i);
            }
        }
        _entriesByWord = byWord.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
        _words = [.. byWord.Keys.Order(StringComparer.Ordinal)];
        _stems = [.. _words.Select(Inflection.Stem)];
        var byStem = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Length; i++)
        {
            foreach (var stem in entries[i].Stems)
            {
                (byStem.TryGetValue(stem, out var set) ? set : byStem[stem] = []).Add(i);
            }
        }
        _entriesByStem = byStem.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>
    /// The exercise a run of normalized words names: one whose name (or alias) contains them in order, compared as
    /// stems ("lat pulldown" -> Wide-Grip Lat Pulldown, "pull ups" -> Pullups), with the fewest other words (at most
    /// <paramref name="maxExtraWords"/>); null when none does. Stop words of a name are not other words: "close grip
    /// push ups" names Close-Grip Push-Up off of a Dumbbell (two other words, "off" and "dumbbell").
    /// </summary>
    public Suggestion? FindExercise(IReadOnlyList<string> words, int maxExtraWords)
    {
        var needle = words.Select(Inflection.Stem).ToArray();
        if (needle.Length == 0 || !_entriesByStem.TryGetValue(needle[0], out var first) && !_entriesByStem.TryGetValue(string.Concat(needle), out first))
        {
            return null;
        }
        var needleWords = needle.Count(s => !StopWords.Contains(s));
        int Extra(Entry e) => e.Stems.Count(s => !StopWords.Contains(s)) - needleWords;
        return first.Select(i => _entries[i])
            .Where(e => e.Suggestion.Kind == Suggestion.Exercise && Extra(e) <= maxExtraWords && NameMatch.Contains(e.Stems, needle))
            .OrderBy(Extra)
            .ThenBy(e => e.Rank)
            .ThenBy(e => e.Suggestion.Text.Length)
            .ThenBy(e => e.Suggestion.Text, StringComparer.Ordinal)
            .Select(e => e.Suggestion)
            .FirstOrDefault();
    }

    /// <summary>Whether a (normalized) word is, as a stem, a word of an exercise's name or alias, a muscle or equipment.</summary>
    public bool Knows(string word) => _stems.Contains(Inflection.Stem(word));

    /// <summary>How many exercise names the index holds.</summary>
    public int ExerciseCount => _entries.Count(e => e.Suggestion.Kind == Suggestion.Exercise);

    /// <param name="vocabulary">Muscles and equipment, with the words people use for them.</param>
    /// <param name="exercises">Every exercise (id, name, aliases).</param>
    public static SuggestIndex Build(Vocabulary vocabulary, IEnumerable<ExerciseDetails> exercises)
    {
        var list = new List<Entry>();
        foreach (var field in new[] { FacetField.Muscle, FacetField.Equipment })
        {
            var kind = field == FacetField.Muscle ? Suggestion.Muscle : Suggestion.Equipment;
            foreach (var value in vocabulary.ValuesOf(field).Where(Suggestible))
            {
                list.Add(new Entry(new Suggestion(value, kind, null, null, false), [.. TextNormalizer.Tokenize(value)], 0));
            }
            // A word for exactly one value ("quads", "db") completes to it; a broad one ("arms", "legs") to none.
            foreach (var (phrase, targets) in vocabulary.Phrases)
            {
                var named = targets.Where(t => Suggestible(t.Value)).ToList();
                if (named.Count == 1 && named[0].Field == field && TextNormalizer.Normalize(named[0].Value) != phrase)
                {
                    list.Add(new Entry(new Suggestion(named[0].Value, kind, null, phrase, false), phrase.Split(' '), 1));
                }
            }
        }
        foreach (var exercise in exercises)
        {
            var names = exercise.Aliases.Select(a => (Alias: (string?)a, Rank: 3)).Prepend((null, 2));
            foreach (var (alias, rank) in names)
            {
                var nameWords = TextNormalizer.Tokenize(alias ?? exercise.Name);
                if (nameWords.Count > 0)
                {
                    list.Add(new Entry(new Suggestion(exercise.Name, Suggestion.Exercise, exercise.Id, alias, false), [.. nameWords], rank));
                }
            }
        }
        return new SuggestIndex([.. list]);
    }

    /// <summary>The best completions of <paramref name="text"/>, at most <paramref name="limit"/> (and <see cref="MaxSuggestions"/>).</summary>
    public IReadOnlyList<Suggestion> Suggest(string text, int limit)
    {
        var tokens = TextNormalizer.Tokenize(text);
        if (tokens.Count == 0)
        {
            return [];
        }
        var key = string.Join(' ', tokens);
        if (!_cache.TryGetValue(key, out var all))
        {
            all = Compute(tokens);
            if (_cache.Count >= MaxCachedPrefixes)
            {
                _cache.Clear();
            }
            _cache[key] = all;
        }
        return all.Length <= limit ? all : all[..limit];
    }

    private Suggestion[] Compute(IReadOnlyList<string> tokens)
    {
        Dictionary<int, Candidate>? candidates = null;
        for (var t = 0; t < tokens.Count; t++)
        {
            var next = new Dictionary<int, Candidate>();
            foreach (var (word, cost) in Matches(tokens[t], isLast: t == tokens.Count - 1))
            {
                foreach (var index in _entriesByWord[word])
                {
                    var previous = default(Candidate);
                    if (candidates is not null && !candidates.TryGetValue(index, out previous))
                    {
                        continue;
                    }
                    var position = t == 0 ? Array.IndexOf(_entries[index].Words, word) : previous.Position;
                    var candidate = new Candidate(previous.Cost + cost, previous.Corrected || cost >= 1, position);
                    if (!next.TryGetValue(index, out var known) || candidate.IsBetterThan(known))
                    {
                        next[index] = candidate;
                    }
                }
            }
            candidates = next;
            if (candidates.Count == 0)
            {
                return [];
            }
        }
        return candidates!
            .OrderBy(c => c.Value.Cost)
            .ThenBy(c => c.Value.Position)
            .ThenBy(c => _entries[c.Key].Rank)
            .ThenBy(c => _entries[c.Key].Words.Length)
            .ThenBy(c => _entries[c.Key].Suggestion.Text, StringComparer.OrdinalIgnoreCase)
            .Select(c => _entries[c.Key].Suggestion with { Corrected = c.Value.Corrected })
            .DistinctBy(s => (s.Kind, s.Id ?? s.Text))
            .Take(MaxSuggestions)
            .ToArray();
    }

    /// <summary>
    /// The index's words a query word matches, each with its cost: itself or its singular (0), a word it begins
    /// (0 for the word being typed, <see cref="PrefixCost"/> for an earlier one), else a word (or, for the word being
    /// typed, the start of one) within 1 edit from 4 letters or 2 from 8, with the same first letter.
    /// </summary>
    private IEnumerable<(string Word, double Cost)> Matches(string token, bool isLast)
    {
        var singular = Inflection.Singular(token);
        var start = LowerBound(token);
        for (var i = start; i < _words.Length && _words[i].StartsWith(token, StringComparison.Ordinal); i++)
        {
            yield return (_words[i], isLast || _words[i] == token ? 0 : PrefixCost);
        }
        if (singular != token && _entriesByWord.ContainsKey(singular))
        {
            yield return (singular, 0);
        }
        var allowed = token.Length < 4 ? 0 : token.Length < 8 ? 1 : 2;
        if (allowed == 0)
        {
            yield break;
        }
        for (var i = LowerBound(token[..1]); i < _words.Length && _words[i][0] == token[0]; i++)
        {
            var word = _words[i];
            if (word.StartsWith(token, StringComparison.Ordinal) || word == singular)
            {
                continue;
            }
            var distance = isLast ? PrefixDistance(token, word, allowed) : EditDistance.Compute(token, word, allowed);
            if (distance <= allowed)
            {
                yield return (word, distance);
            }
        }
    }

    /// <summary>The fewest edits that turn <paramref name="token"/> into the whole word or a start of it about as long.</summary>
    private static int PrefixDistance(string token, string word, int allowed)
    {
        var best = allowed + 1;
        for (var length = Math.Max(1, token.Length - allowed); length <= Math.Min(word.Length, token.Length + allowed); length++)
        {
            best = Math.Min(best, EditDistance.Compute(token, word[..length], allowed));
        }
        return best;
    }

    private int LowerBound(string prefix)
    {
        int low = 0, high = _words.Length;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (string.CompareOrdinal(_words[middle], prefix) < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        return low;
    }

    private static bool Suggestible(string value) => value != FacetFields.Unstated && !StopWords.Contains(value);

    /// <param name="Rank">Among equal matches: a facet value (0) before a word for one (1) before an exercise's name (2) before another name of it (3).</param>
    private sealed record Entry(Suggestion Suggestion, string[] Words, int Rank)
    {
        public string[] Stems { get; } = [.. Words.Select(Inflection.Stem)];
    }

    /// <param name="Position">Where in the completion the first query word matched (0: it starts there).</param>
    private readonly record struct Candidate(double Cost, bool Corrected, int Position)
    {
        public bool IsBetterThan(Candidate other) => Cost < other.Cost || (Cost == other.Cost && Position < other.Position);
    }
}

namespace FitnessAssistant.SearchService.QueryUnderstanding;

/// <summary>
/// What query understanding knows: the facet values and their synonyms, phrase rewrites ("press ups" ->
/// "push ups") and the words of the catalog, which spelling correction snaps unknown words to. Immutable, so a
/// refreshed vocabulary is swapped in whole.
/// </summary>
public sealed class Vocabulary
{
    private readonly Dictionary<FacetField, IReadOnlyList<string>> _values;
    private readonly Dictionary<string, FacetTarget[]> _phrases;
    private readonly Dictionary<string, string[]> _rewrites;
    private readonly Dictionary<string, int> _words;
    private readonly Dictionary<string, string> _misspellings;
    private readonly (FacetValue[] Facets, KeyValuePair<string, string>[] Rewrites, KeyValuePair<string, int>[] Words) _sources;

    private Vocabulary(
        Dictionary<FacetField, IReadOnlyList<string>> values,
        Dictionary<string, FacetTarget[]> phrases,
        Dictionary<string, string[]> rewrites,
        Dictionary<string, int> words,
        Dictionary<string, string> misspellings,
        (FacetValue[], KeyValuePair<string, string>[], KeyValuePair<string, int>[]) sources)
    {
        _misspellings = misspellings;
        _sources = sources;
        _values = values;
        _phrases = phrases;
        _rewrites = rewrites;
        _words = words;
        MaxPhraseLength = phrases.Keys.Concat(rewrites.Keys).Select(p => p.Count(c => c == ' ') + 1).DefaultIfEmpty(1).Max();
    }

    /// <summary>The longest phrase, in words, that names a facet value or is rewritten.</summary>
    public int MaxPhraseLength { get; }

    /// <summary>Known words and how often they occur (higher wins when a misspelling is equally close to two).</summary>
    public IReadOnlyDictionary<string, int> Words => _words;

    /// <param name="facets">Facet values with synonyms; a value's own name is always one of its phrases.</param>
    /// <param name="rewrites">Phrases replaced before anything else is recognised ("press ups" -> "push ups").</param>
    /// <param name="words">Words of the catalog (names, muscles, ...) with how often they occur.</param>
    public static Vocabulary Create(
        IEnumerable<FacetValue> facets,
        IEnumerable<KeyValuePair<string, string>> rewrites,
        IEnumerable<KeyValuePair<string, int>> words)
    {
        var facetList = facets.ToArray();
        var rewriteList = rewrites.ToArray();
        var wordList = words.ToArray();

        var values = FacetFields.All.ToDictionary(f => f, _ => new List<string>());
        var phraseTargets = new Dictionary<string, List<FacetTarget>>(StringComparer.Ordinal);
        var wordCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        var misspellingMap = new Dictionary<string, string>(StringComparer.Ordinal);

        void AddWords(string phrase, int weight)
        {
            foreach (var word in phrase.Split(' '))
            {
                wordCounts[word] = wordCounts.GetValueOrDefault(word) + weight;
            }
        }

        foreach (var facet in facetList)
        {
            var value = facet.Value.Trim().ToLowerInvariant();
            if (!values[facet.Field].Contains(value))
            {
                values[facet.Field].Add(value);
            }
            // A value that is also an everyday word ("other", "none") names nothing when someone types it.
            var ownName = StopWords.Contains(value) || value == FacetFields.Unstated ? [] : new[] { value };
            foreach (var phrase in facet.Synonyms.Concat(ownName).Select(TextNormalizer.Normalize).Where(p => p.Length > 0))
            {
                var targets = phraseTargets.TryGetValue(phrase, out var list) ? list : phraseTargets[phrase] = [];
                var target = new FacetTarget(facet.Field, value);
                if (!targets.Contains(target))
                {
                    targets.Add(target);
                }
                AddWords(phrase, 1);
            }
            foreach (var misspelling in facet.Misspellings.Select(TextNormalizer.Normalize).Where(p => p.Length > 0))
            {
                if (misspelling.Contains(' '))
                {
                    // Several words cannot be corrected one by one: the phrase names the value as a synonym would.
                    var targets = phraseTargets.TryGetValue(misspelling, out var list) ? list : phraseTargets[misspelling] = [];
                    targets.Add(new FacetTarget(facet.Field, value));
                }
                else
                {
                    misspellingMap.TryAdd(misspelling, TextNormalizer.Normalize(value));
                }
            }
        }

        var rewriteMap = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (from, to) in rewriteList)
        {
            var normalizedFrom = TextNormalizer.Normalize(from);
            var replacement = TextNormalizer.Tokenize(to).ToArray();
            if (normalizedFrom.Length > 0 && replacement.Length > 0)
            {
                rewriteMap[normalizedFrom] = replacement;
                AddWords(normalizedFrom, 1);
                AddWords(string.Join(' ', replacement), 1);
            }
        }

        foreach (var (text, weight) in wordList)
        {
            foreach (var word in TextNormalizer.Tokenize(text))
            {
                wordCounts[word] = wordCounts.GetValueOrDefault(word) + Math.Max(1, weight);
            }
        }

        return new Vocabulary(
            values.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value.Order(StringComparer.Ordinal).ToList()),
            phraseTargets.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal),
            rewriteMap,
            wordCounts,
            misspellingMap,
            (facetList, rewriteList, wordList));
    }

    /// <summary>The catalog values of a field, e.g. every muscle.</summary>
    public IReadOnlyList<string> ValuesOf(FacetField field) => _values[field];

    /// <summary>
    /// Resolves what a client put in a filter to a catalog value of that field: the value itself in any case, or a
    /// synonym that stands for exactly one value of the field ("quads" -> "quadriceps").
    /// </summary>
    public bool TryResolve(FacetField field, string input, out string value)
    {
        var normalized = TextNormalizer.Normalize(input);
        var exact = _values[field].FirstOrDefault(v => TextNormalizer.Normalize(v) == normalized);
        if (exact is not null)
        {
            value = exact;
            return true;
        }
        var targets = LookupPhrase(normalized).Where(t => t.Field == field).ToList();
        if (targets.Count == 1)
        {
            value = targets[0].Value;
            return true;
        }
        value = "";
        return false;
    }

    /// <summary>The facet values a normalized phrase stands for (empty when it names none).</summary>
    public IReadOnlyList<FacetTarget> LookupPhrase(string normalizedPhrase)
        => _phrases.TryGetValue(normalizedPhrase, out var targets) ? targets : [];

    /// <summary>Every normalized phrase that names facet values, with the values it names.</summary>
    public IEnumerable<KeyValuePair<string, IReadOnlyList<FacetTarget>>> Phrases
        => _phrases.Select(p => KeyValuePair.Create(p.Key, (IReadOnlyList<FacetTarget>)p.Value));

    /// <summary>The replacement words of a normalized phrase that is rewritten, or null.</summary>
    public IReadOnlyList<string>? LookupRewrite(string normalizedPhrase)
        => _rewrites.TryGetValue(normalizedPhrase, out var replacement) ? replacement : null;

    public bool IsKnownWord(string word) => _words.ContainsKey(word) && !_misspellings.ContainsKey(word);

    /// <summary>What a known misspelling stands for ("hamstrng" -> "hamstrings"), or null.</summary>
    public string? LookupMisspelling(string word) => _misspellings.GetValueOrDefault(word);

    /// <summary>A new vocabulary with more facet values, rewrites or words (e.g. the catalog's, on top of the built-in one).</summary>
    public Vocabulary Extend(
        IEnumerable<FacetValue> facets,
        IEnumerable<KeyValuePair<string, string>> moreRewrites,
        IEnumerable<KeyValuePair<string, int>> words)
        => Create(_sources.Facets.Concat(facets), _sources.Rewrites.Concat(moreRewrites), _sources.Words.Concat(words));

    /// <summary>Words counted once each (a list of texts, e.g. exercise names).</summary>
    public static IEnumerable<KeyValuePair<string, int>> Once(IEnumerable<string> texts) => texts.Select(t => KeyValuePair.Create(t, 1));
}

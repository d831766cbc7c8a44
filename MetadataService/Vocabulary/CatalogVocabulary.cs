namespace FitnessAssistant.MetadataService.Vocabulary;

/// <summary>
/// The vocabulary as loaded from the database at start-up. It changes only through migrations, so one snapshot per
/// process is exact; validation and query parsing read it without a round trip.
/// </summary>
public sealed class CatalogVocabulary
{
    private readonly Dictionary<string, Dictionary<string, VocabularyTerm>> _byKind;
    private IReadOnlyDictionary<string, IReadOnlyList<string>>? _surfaceForms;

    public CatalogVocabulary(IEnumerable<VocabularyTerm> terms)
    {
        Terms = [.. terms.OrderBy(t => t.Kind).ThenBy(t => t.SortOrder)];
        _byKind = VocabularyKind.All.ToDictionary(
            kind => kind,
            kind => Terms.Where(t => t.Kind == kind).ToDictionary(t => t.Value, StringComparer.Ordinal));
    }

    public IReadOnlyList<VocabularyTerm> Terms { get; }

    /// <summary>Every synonym, misspelling and canonical value (lower case) to the canonical values it stands for.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> SurfaceForms => _surfaceForms ??= BuildSurfaceForms();

    public IEnumerable<string> Values(string kind) => _byKind[kind].Keys;

    public bool Contains(string kind, string value) => _byKind[kind].ContainsKey(value);

    private Dictionary<string, IReadOnlyList<string>> BuildSurfaceForms()
        => Terms.SelectMany(t => t.Synonyms.Select(s => (Form: s.Text, t.Value)).Append((Form: t.Value, t.Value)))
            .GroupBy(f => f.Form)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(f => f.Value).Distinct()]);

    public static async Task<CatalogVocabulary> LoadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var terms = await connection.QueryAsync<(string Kind, string Value, string Label, int SortOrder)>(new CommandDefinition(
            "SELECT kind, value, label, sort_order FROM vocabulary_terms", cancellationToken: cancellationToken));
        var synonyms = (await connection.QueryAsync<(string Kind, string Synonym, string Value, bool IsMisspelling)>(new CommandDefinition(
            "SELECT kind, synonym, value, is_misspelling FROM vocabulary_synonyms ORDER BY synonym", cancellationToken: cancellationToken)))
            .ToLookup(s => (s.Kind, s.Value));
        return new CatalogVocabulary(terms.Select(t => new VocabularyTerm(t.Kind, t.Value, t.Label, t.SortOrder,
            [.. synonyms[(t.Kind, t.Value)].Select(s => new VocabularySynonym(s.Synonym, s.IsMisspelling))])));
    }
}

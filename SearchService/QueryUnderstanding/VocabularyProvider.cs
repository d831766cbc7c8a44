namespace FitnessAssistant.SearchService.QueryUnderstanding;

/// <summary>
/// The vocabulary queries are read and filters validated with: the built-in one from the start, replaced by
/// the built-in one extended with the catalog's once that has been fetched. Swapped whole, read without locks.
/// </summary>
public sealed class VocabularyProvider
{
    private Vocabulary _current = BuiltInVocabulary.Create();

    public Vocabulary Current => Volatile.Read(ref _current);

    /// <summary>Whether the catalog's vocabulary has been merged in.</summary>
    public bool HasCatalogVocabulary { get; private set; }

    /// <summary>Raised after the catalog's vocabulary has been merged in (again), for what is built from it.</summary>
    public event Action? CatalogVocabularyChanged;

    public void UseCatalogVocabulary(IEnumerable<FacetValue> facets, IEnumerable<KeyValuePair<string, int>> words)
    {
        var usable = facets.Select(f => f with
        {
            Synonyms = [.. f.Synonyms.Where(s => !BuiltInVocabulary.AmbiguousPhrases.Contains(TextNormalizer.Normalize(s)))],
        });
        Volatile.Write(ref _current, BuiltInVocabulary.Create().Extend(usable, [], words));
        HasCatalogVocabulary = true;
        CatalogVocabularyChanged?.Invoke();
    }
}

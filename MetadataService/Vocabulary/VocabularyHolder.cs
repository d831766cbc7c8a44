namespace FitnessAssistant.MetadataService.Vocabulary;

/// <summary>
/// Holds the vocabulary once the start-up work has loaded it (after migrations). Nothing is served before that:
/// Kestrel starts only when the hosted start-up work has finished.
/// </summary>
public sealed class VocabularyHolder
{
    private CatalogVocabulary? _current;

    public CatalogVocabulary Current => _current ?? throw new InvalidOperationException("The vocabulary is not loaded yet.");

    public void Set(CatalogVocabulary vocabulary) => _current = vocabulary;
}

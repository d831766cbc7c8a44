using FitnessAssistant.MetadataService.Vocabulary;

namespace FitnessAssistant.MetadataService.Tests;

/// <summary>A small vocabulary in memory with the shapes of the real one (values, synonyms, misspellings).</summary>
internal static class TestVocabulary
{
    public static CatalogVocabulary Create() => new(
    [
        Term("muscle", "chest"), Term("muscle", "triceps", ("tricep", false)), Term("muscle", "abdominals", ("abs", false)),
        Term("muscle", "lower back"), Term("muscle", "quadriceps", ("quads", false)),
        Term("equipment", "body only", ("no equipment", false), ("bodyweight", false)), Term("equipment", "dumbbell", ("dumbell", true)),
        Term("category", "strength"), Term("category", "stretching", ("stretches", false)),
        Term("level", "beginner"), Term("level", "expert"),
        Term("force", "push"), Term("force", "static"),
        Term("mechanic", "compound"), Term("mechanic", "isolation"),
    ]);

    private static VocabularyTerm Term(string kind, string value, params (string Text, bool Misspelling)[] synonyms)
        => new(kind, value, value, 1, [.. synonyms.Select(s => new VocabularySynonym(s.Text, s.Misspelling))]);
}

namespace FitnessAssistant.MetadataService.Vocabulary;

/// <summary>One canonical value with its display label and what people type for it.</summary>
public sealed record VocabularyTerm(string Kind, string Value, string Label, int SortOrder, IReadOnlyList<VocabularySynonym> Synonyms);

public sealed record VocabularySynonym(string Text, bool IsMisspelling);

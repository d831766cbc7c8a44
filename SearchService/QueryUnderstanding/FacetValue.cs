namespace FitnessAssistant.SearchService.QueryUnderstanding;

/// <summary>One catalog value of a facet with the words people use for it ("abdominals": "abs", "core", ...).</summary>
public sealed record FacetValue(FacetField Field, string Value, IReadOnlyList<string> Synonyms)
{
    /// <summary>
    /// Known misspellings of the value ("hamstrng"). Unlike synonyms they are not known words: they are corrected,
    /// so the corrected text (what is embedded and cached) reads right.
    /// </summary>
    public IReadOnlyList<string> Misspellings { get; init; } = [];
}

/// <summary>A (field, value) pair a phrase stands for; "arms" stands for several.</summary>
public readonly record struct FacetTarget(FacetField Field, string Value);

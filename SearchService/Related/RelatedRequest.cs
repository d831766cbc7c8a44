using FitnessAssistant.SearchService.Retrieval;

namespace FitnessAssistant.SearchService.Related;

/// <summary>A query that asks for substitutes or progressions of one named exercise ("swap for the lat pulldown").</summary>
/// <param name="Kind"><see cref="Substitutes"/>, <see cref="Easier"/> or <see cref="Harder"/>.</param>
/// <param name="Id">The exercise the query names, resolved against the catalog's names and aliases.</param>
/// <param name="Name">Its name in the catalog.</param>
/// <param name="Phrase">The words of the query that named it.</param>
/// <param name="Filters">What the rest of the query asks of the results ("but with a barbell", "when the cables are taken").</param>
/// <param name="Conditions">Those conditions in words, for the interpretation.</param>
public sealed record RelatedRequest(string Kind, string Id, string Name, string Phrase, ExerciseFilters Filters, IReadOnlyList<string> Conditions)
{
    public const string Substitutes = "substitutes";
    public const string Easier = "easier";
    public const string Harder = "harder";
}

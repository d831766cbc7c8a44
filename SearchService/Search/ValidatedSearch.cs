using FitnessAssistant.SearchService.QueryUnderstanding;
using FitnessAssistant.SearchService.Retrieval;

namespace FitnessAssistant.SearchService.Search;

/// <summary>A search request that passed validation: the query read, the filters resolved, the page to cut.</summary>
public sealed record ValidatedSearch(ParsedQuery Query, ExerciseFilters Filters, int Limit, int Offset, string Fingerprint);

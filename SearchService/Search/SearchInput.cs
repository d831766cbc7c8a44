using FitnessAssistant.SearchService.QueryUnderstanding;

namespace FitnessAssistant.SearchService.Search;

/// <summary>A search request as received, from the query string or a JSON body, before validation.</summary>
public sealed record SearchInput(string? Q, IReadOnlyDictionary<FacetField, IReadOnlyList<string?>> Filters, string? Limit, string? Cursor);

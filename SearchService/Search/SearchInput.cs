namespace FitnessAssistant.SearchService.Search;

/// <summary>A search request as received, from the query string or a JSON body, before validation.</summary>
public sealed record SearchInput(string? Q, SearchFilterValues Filters, string? Limit, string? Cursor);

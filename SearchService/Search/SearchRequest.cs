using System.Text.Json.Serialization;

namespace FitnessAssistant.SearchService.Search;

/// <summary>The body of <c>POST /api/v1/search</c>: the same parameters as the query string of GET.</summary>
/// <param name="Q">What the person typed.</param>
/// <param name="Filters">Hard filters: within a field any value matches, across fields all must hold.</param>
/// <param name="Limit">Page size.</param>
/// <param name="Cursor">The <c>nextCursor</c> of the previous page of the same search.</param>
/// <remarks>
/// Unknown fields are refused, as GET refuses unknown parameters: <c>{"q":"curl","muscle":"biceps"}</c> would
/// otherwise search without the filter the client meant.
/// </remarks>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SearchRequest(string? Q, SearchFilterValues? Filters = null, int? Limit = null, string? Cursor = null)
{
    public static IReadOnlyList<string> FieldNames { get; } = ["q", "filters", "limit", "cursor"];
}

/// <summary>The filter lists of <see cref="SearchRequest"/>; JSON may hold null items, which validation refuses.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SearchFilterValues(
    IReadOnlyList<string?>? Muscle = null,
    IReadOnlyList<string?>? Equipment = null,
    IReadOnlyList<string?>? Category = null,
    IReadOnlyList<string?>? Level = null,
    IReadOnlyList<string?>? Force = null,
    IReadOnlyList<string?>? Mechanic = null);

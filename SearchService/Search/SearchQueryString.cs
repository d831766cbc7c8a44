using Microsoft.AspNetCore.Mvc;

namespace FitnessAssistant.SearchService.Search;

/// <summary>
/// The query string of <c>GET /api/v1/search</c> as it arrives, every value a string so that nothing fails to bind:
/// <see cref="SearchRequestValidator"/> judges them and names what is wrong.
/// </summary>
/// <param name="Q">What the person typed (required, at most the configured length).</param>
/// <param name="Muscle">Muscle filter; repeat or separate with commas for several (any matches).</param>
/// <param name="Equipment">Equipment filter (<c>none</c>: exercises that need none listed).</param>
/// <param name="Limit">Page size, 1 to the configured maximum (100 by default).</param>
/// <param name="Cursor">The <c>nextCursor</c> of the previous page.</param>
public sealed record SearchQueryString(
    [FromQuery(Name = "q")] string? Q,
    [FromQuery(Name = "muscle")] string[]? Muscle,
    [FromQuery(Name = "equipment")] string[]? Equipment,
    [FromQuery(Name = "category")] string[]? Category,
    [FromQuery(Name = "level")] string[]? Level,
    [FromQuery(Name = "force")] string[]? Force,
    [FromQuery(Name = "mechanic")] string[]? Mechanic,
    [FromQuery(Name = "limit")] string? Limit,
    [FromQuery(Name = "cursor")] string? Cursor);

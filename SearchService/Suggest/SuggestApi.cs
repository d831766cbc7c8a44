using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FitnessAssistant.SearchService.Suggest;

/// <summary><c>/api/v1/suggest</c>: completions while someone types, from an index in memory (no embedding, no database).</summary>
public static class SuggestApi
{
    public const int DefaultLimit = 8;
    public const int MaxLimit = SuggestIndex.MaxSuggestions;
    public const int MaxQueryLength = 100;

    private static readonly HashSet<string> Parameters = new(StringComparer.OrdinalIgnoreCase) { "q", "limit" };

    public static RouteGroupBuilder MapSuggestApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/suggest").WithTags("Suggest");
        api.MapGet("/", Suggest)
            .WithName("Suggest")
            .WithSummary("Completions as you type")
            .WithDescription("Exercise names, muscles and equipment that complete what has been typed so far, best first, each " +
                "saying its kind. Every word but the last must match a word of the completion, the last one the start of a word; " +
                "typos are forgiven (one edit from 4 letters, two from 8). Bad parameters: 400 problem details.");
        return api;
    }

    /// <param name="q">What has been typed so far (1 to 100 characters, at least one letter or digit).</param>
    /// <param name="limit">How many suggestions, 1 to 20 (default 8).</param>
    public static Results<Ok<SuggestResponse>, ValidationProblem> Suggest(
        HttpContext context, SuggestIndexProvider index, [FromQuery] string? q, [FromQuery] string? limit)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var unknown in context.Request.Query.Keys.Where(k => !Parameters.Contains(k)))
        {
            errors[unknown] = [$"Unknown parameter '{unknown}'. Known parameters: {string.Join(", ", Parameters)}."];
        }
        var text = q?.Trim() ?? "";
        if (text.Length == 0)
        {
            errors["q"] = ["'q' is required: the text typed so far."];
        }
        else if (text.Length > MaxQueryLength)
        {
            errors["q"] = [$"'q' must be at most {MaxQueryLength} characters."];
        }
        else if (!text.Any(char.IsLetterOrDigit))
        {
            errors["q"] = ["'q' must contain at least one letter or digit."];
        }
        var count = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, out count) || count < 1 || count > MaxLimit))
        {
            errors["limit"] = [$"'limit' must be a whole number from 1 to {MaxLimit}."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The request is invalid.");
        }
        return TypedResults.Ok(new SuggestResponse(text, index.Current.Suggest(text, count)));
    }
}

/// <param name="Q">The text the suggestions complete.</param>
/// <param name="Suggestions">Best first: fewest typos forgiven, then completions the text begins, facets before exercise names, shorter first.</param>
public sealed record SuggestResponse(string Q, IReadOnlyList<Suggestion> Suggestions);

using System.Text.Json.Serialization;
using FitnessAssistant.SearchService.QueryUnderstanding;
using FitnessAssistant.SearchService.Retrieval;
using FitnessAssistant.SearchService.Search;
using FitnessAssistant.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FitnessAssistant.SearchService.Related;

/// <summary>
/// <c>/api/v1/exercises/{id}/similar</c> (substitutes) and <c>/api/v1/exercises/{id}/progressions</c> (easier and
/// harder variants). The rest of <c>/api/v1/exercises</c> is the catalog's (the gateway routes these two here).
/// </summary>
public static class RelatedExercisesApi
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 50;

    private static readonly HashSet<string> Parameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "equipment", "level", "category", "without", "limit",
    };

    public static RouteGroupBuilder MapRelatedExercisesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/exercises/{id}").WithTags("Related exercises");
        api.MapGet("/similar", SimilarAsync)
            .WithName("SimilarExercises")
            .WithSummary("Substitutes for an exercise")
            .WithDescription("Exercises of the same movement (primary muscles, force, mechanic), ranked by how close they are, " +
                "each with why. Filters narrow them (equipment=dumbbell); without=machine,cable leaves out equipment that is " +
                "taken or missing. Unknown id: 404; bad parameters: 400 problem details.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapGet("/progressions", ProgressionsAsync)
            .WithName("ExerciseProgressions")
            .WithSummary("Easier and harder variants of an exercise")
            .WithDescription("Variants of the same movement pattern (primary muscles, force, mechanic, category) at a lower " +
                "level (easier, one step first) and a higher level (harder), each with why; after them, variants working the " +
                "exercise's primary muscle as a secondary one. Same parameters as /similar.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return api;
    }

    /// <param name="id">The exercise's id (its public slug).</param>
    /// <param name="equipment">Only substitutes with this equipment; comma-separated for several.</param>
    /// <param name="without">Equipment the substitutes must not need, comma-separated (<c>machine,cable</c>).</param>
    /// <param name="limit">How many, 1 to 50 (default 10).</param>
    public static Task<Results<Ok<SimilarExercisesResponse>, ValidationProblem, ProblemHttpResult>> SimilarAsync(
        HttpContext context, RelatedExercises related, VocabularyProvider vocabulary, string id,
        [FromQuery] string[]? equipment, [FromQuery] string[]? level, [FromQuery] string[]? category,
        [FromQuery] string[]? without, [FromQuery] string? limit, CancellationToken cancellationToken)
        => RunAsync(context, vocabulary.Current, id, equipment, level, category, without, limit,
            async (filters, count) => await related.SimilarAsync(id, filters, count, cancellationToken) is { } answer
                ? new SimilarExercisesResponse(RelatedExerciseHit.From(answer.Source), [.. answer.First.Select(RelatedExerciseHit.From)], answer.Degraded)
                : null);

    /// <param name="id">The exercise's id (its public slug).</param>
    /// <param name="limit">How many of each (easier, harder), 1 to 50 (default 10).</param>
    public static Task<Results<Ok<ProgressionsResponse>, ValidationProblem, ProblemHttpResult>> ProgressionsAsync(
        HttpContext context, RelatedExercises related, VocabularyProvider vocabulary, string id,
        [FromQuery] string[]? equipment, [FromQuery] string[]? level, [FromQuery] string[]? category,
        [FromQuery] string[]? without, [FromQuery] string? limit, CancellationToken cancellationToken)
        => RunAsync(context, vocabulary.Current, id, equipment, level, category, without, limit,
            async (filters, count) => await related.ProgressionsAsync(id, filters, count, cancellationToken) is { } answer
                ? new ProgressionsResponse(RelatedExerciseHit.From(answer.Source), [.. answer.First.Select(RelatedExerciseHit.From)],
                    [.. answer.Second.Select(RelatedExerciseHit.From)], answer.Degraded)
                : null);

    private static async Task<Results<Ok<T>, ValidationProblem, ProblemHttpResult>> RunAsync<T>(
        HttpContext context, Vocabulary vocabulary, string id,
        string[]? equipment, string[]? level, string[]? category, string[]? without, string? limitText,
        Func<ExerciseFilters, int, Task<T?>> answer)
        where T : class
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var unknown in context.Request.Query.Keys.Where(k => !Parameters.Contains(k)))
        {
            errors[unknown] = [$"Unknown parameter '{unknown}'. Known parameters: {string.Join(", ", Parameters)}."];
        }
        var exerciseFilters = ExerciseFilterBinder.Bind(
            [(FacetField.Equipment, equipment), (FacetField.Level, level), (FacetField.Category, category)], vocabulary, errors, quoteAtMost: 60);
        var excluded = ExerciseFilterBinder.Bind([(FacetField.Equipment, without)], vocabulary, errors, quoteAtMost: 60, parameter: "without")[FacetField.Equipment];
        var limit = DefaultLimit;
        if (limitText is not null && (!int.TryParse(limitText, out limit) || limit < 1 || limit > MaxLimit))
        {
            errors["limit"] = [$"'limit' must be a whole number from 1 to {MaxLimit}."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The request is invalid.");
        }

        if (excluded.Count > 0)
        {
            // Equipment someone cannot use is every other equipment, an exercise stating none included.
            var allowed = vocabulary.ValuesOf(FacetField.Equipment).Where(v => !excluded.Contains(v));
            exerciseFilters = exerciseFilters.Narrow(ExerciseFilters.Of(FacetField.Equipment, allowed));
        }
        try
        {
            return await answer(exerciseFilters, limit) is { } body
                ? TypedResults.Ok(body)
                : TypedResults.Problem(title: "Exercise not found.", detail: $"The catalog has no exercise with id '{Truncate(id)}'.",
                    statusCode: StatusCodes.Status404NotFound);
        }
        catch (DependencyUnavailableException ex)
        {
            var retryAfter = ex.RetryAfter ?? TimeSpan.FromSeconds(5);
            context.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(title: "Related exercises are temporarily unavailable.", detail: $"{ex.Message}. Retry later.",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static string Truncate(string value) => value.Length <= 60 ? value : value[..60] + "...";
}

/// <param name="Exercise">The exercise the substitutes are for.</param>
/// <param name="Degraded">Semantic search was unavailable: candidates come from keyword search on the name.</param>
public sealed record SimilarExercisesResponse(RelatedExerciseHit Exercise, IReadOnlyList<RelatedExerciseHit> Results, bool Degraded);

/// <param name="Easier">Lower levels, the nearest level first.</param>
/// <param name="Harder">Higher levels, the nearest level first.</param>
public sealed record ProgressionsResponse(RelatedExerciseHit Exercise, IReadOnlyList<RelatedExerciseHit> Easier, IReadOnlyList<RelatedExerciseHit> Harder, bool Degraded);

/// <summary>An exercise related to the one asked about, with how it relates (no score for the exercise asked about itself).</summary>
public sealed record RelatedExerciseHit : ExerciseFacts
{
    public RelatedExerciseHit(ExerciseFacts exercise, double? score, double? semanticSimilarity, IReadOnlyList<string> why)
        : base(exercise)
    {
        Score = score;
        SemanticSimilarity = semanticSimilarity;
        Why = why;
    }

    // After the exercise's facts in the JSON, where the published documents have them.
    [JsonPropertyOrder(1)]
    public double? Score { get; init; }

    [JsonPropertyOrder(1)]
    public double? SemanticSimilarity { get; init; }

    /// <summary>What it shares with the exercise asked about and how it differs.</summary>
    [JsonPropertyOrder(1)]
    public IReadOnlyList<string> Why { get; init; }

    public static RelatedExerciseHit From(ExerciseDetails exercise) => new(exercise, null, null, []);

    public static RelatedExerciseHit From(RelatedHit hit) => new(hit.Exercise, hit.Score, hit.SemanticSimilarity, hit.Why);
}

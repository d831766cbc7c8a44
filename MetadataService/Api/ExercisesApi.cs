using FitnessAssistant.MetadataService.Catalog;
using FitnessAssistant.MetadataService.Search;
using FitnessAssistant.MetadataService.Vocabulary;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FitnessAssistant.MetadataService.Api;

/// <summary>The public, read-only catalog API: one exercise, a filtered keyset-paged list, facet counts, vocabulary.</summary>
public static class ExercisesApi
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public static IEndpointRouteBuilder MapExercisesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Catalog");
        api.MapGet("/exercises", ListAsync).WithName("ListExercises")
            .WithSummary("Exercises matching the filters, in id order, one keyset page at a time.");
        api.MapGet("/exercises/facets", FacetsAsync).WithName("GetExerciseFacets")
            .WithSummary("How many exercises match per muscle, equipment, category, level, force and mechanic.");
        api.MapGet("/exercises/search", SearchAsync).WithName("SearchExercisesByKeyword")
            .WithSummary("Keyword search (full text with typo correction) over names, aliases, muscles and descriptions, with the list filters.");
        api.MapGet("/exercises/{id}", GetAsync).WithName("GetExercise")
            .WithSummary("One exercise by its public id (slug).")
            .ProducesProblem(StatusCodes.Status404NotFound).Produces(StatusCodes.Status304NotModified);
        api.MapGet("/vocabulary", GetVocabulary).WithName("GetVocabulary")
            .WithSummary("The values filters accept, with labels, synonyms and common misspellings.");
        return app;
    }

    public static async Task<Results<Ok<Exercise>, ProblemHttpResult, StatusCodeHttpResult>> GetAsync(
        string id, HttpContext context, ExerciseQueries queries, CancellationToken cancellationToken)
    {
        var exercise = Slug.IsValid(id) ? await queries.GetAsync(id, ConsistencyToken.From(context.Request), cancellationToken) : null;
        if (exercise is null)
        {
            return TypedResults.Problem(Problems.NotFound(id));
        }
        context.Response.Headers.ETag = EntityTag.For(exercise.RowVersion);
        if (EntityTag.IfNoneMatchHits(context.Request, exercise.RowVersion))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        return TypedResults.Ok(exercise);
    }

    public static async Task<Results<Ok<ExercisePage>, ValidationProblem>> ListAsync(
        HttpContext context, ExerciseQueries queries, VocabularyHolder vocabulary,
        [FromQuery] string[]? muscle, [FromQuery] string[]? primaryMuscle, [FromQuery] string[]? equipment,
        [FromQuery] string[]? category, [FromQuery] string[]? level, [FromQuery] string[]? force, [FromQuery] string[]? mechanic,
        [FromQuery] string? cursor, [FromQuery] int? limit, CancellationToken cancellationToken)
    {
        var (filter, errors) = ExerciseFilterParser.Parse(
            new(muscle, primaryMuscle, equipment, category, level, force, mechanic), vocabulary.Current);
        if (!KeysetCursor.TryDecode(cursor, out var after))
        {
            errors["cursor"] = ["The cursor is not one this API returned: start again without it."];
        }
        if (limit is < 1 or > MaxPageSize)
        {
            errors["limit"] = [$"The limit must be between 1 and {MaxPageSize}."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return TypedResults.Ok(await queries.ListAsync(filter!, after, limit ?? DefaultPageSize,
            ConsistencyToken.From(context.Request), cancellationToken));
    }

    public static async Task<Results<Ok<ExerciseFacets>, ValidationProblem>> FacetsAsync(
        HttpContext context, ExerciseQueries queries, VocabularyHolder vocabulary,
        [FromQuery] string[]? muscle, [FromQuery] string[]? primaryMuscle, [FromQuery] string[]? equipment,
        [FromQuery] string[]? category, [FromQuery] string[]? level, [FromQuery] string[]? force, [FromQuery] string[]? mechanic,
        CancellationToken cancellationToken)
    {
        var (filter, errors) = ExerciseFilterParser.Parse(
            new(muscle, primaryMuscle, equipment, category, level, force, mechanic), vocabulary.Current);
        if (filter is null)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return TypedResults.Ok(await queries.FacetsAsync(filter, ConsistencyToken.From(context.Request), cancellationToken));
    }

    public static async Task<Results<Ok<KeywordResult>, ValidationProblem>> SearchAsync(
        HttpContext context, KeywordSearch search, VocabularyHolder vocabulary, [FromQuery] string? q,
        [FromQuery] string[]? muscle, [FromQuery] string[]? primaryMuscle, [FromQuery] string[]? equipment,
        [FromQuery] string[]? category, [FromQuery] string[]? level, [FromQuery] string[]? force, [FromQuery] string[]? mechanic,
        [FromQuery] int? limit, CancellationToken cancellationToken)
    {
        var (filter, errors) = ExerciseFilterParser.Parse(
            new(muscle, primaryMuscle, equipment, category, level, force, mechanic), vocabulary.Current);
        if (context.Request.Query["q"].Count > 1)
        {
            // Bound as one string, ?q=a&q=b would silently become "a,b".
            errors["q"] = ["The query may be given once."];
        }
        else if (string.IsNullOrWhiteSpace(q))
        {
            errors["q"] = ["The query must not be empty."];
        }
        else if (q.Length > KeywordQuery.MaxLength)
        {
            errors["q"] = [$"The query must be at most {KeywordQuery.MaxLength} characters."];
        }
        if (limit is < 1 or > KeywordSearch.MaxLimit)
        {
            errors["limit"] = [$"The limit must be between 1 and {KeywordSearch.MaxLimit}."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return TypedResults.Ok(await search.SearchAsync(q!, filter!, limit ?? DefaultPageSize, ConsistencyToken.From(context.Request), cancellationToken));
    }

    public static Ok<IReadOnlyList<VocabularyTerm>> GetVocabulary(VocabularyHolder vocabulary)
        => TypedResults.Ok(vocabulary.Current.Terms);
}

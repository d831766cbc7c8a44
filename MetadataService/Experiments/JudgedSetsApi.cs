using FitnessAssistant.MetadataService.Api;
using FitnessAssistant.MetadataService.Catalog;
using FitnessAssistant.MetadataService.Vocabulary;
using FitnessAssistant.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FitnessAssistant.MetadataService.Experiments;

/// <summary>
/// Judged query sets for search-quality experiments, for administrators (the gateway requires the admin role in front
/// of /api/v1/admin). Every change to a set or its queries is conditional on If-Match with the set's ETag, so two
/// people editing one set cannot silently undo each other's judgments.
/// </summary>
public static class JudgedSetsApi
{
    public const string Route = "/api/v1/admin/judged-sets";
    public const long MaxBodyBytes = 8 * 1024 * 1024;
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    private const string QueryShape =
        "A query is {\"query\": text, \"rule\": {...}, \"relevant\": {exerciseId: grade}}: a rule in the shared qrels.py's format " +
        "(equipment/category/level/mechanic/force _any/_not, \"none\" for an unstated field, name_regex, name_not_regex, muscles_any), " +
        "explicit grades 0-2 that override the rule for their exercise, or both.";

    public static IEndpointRouteBuilder MapJudgedSetsApi(this IEndpointRouteBuilder app)
    {
        var sets = app.MapGroup(Route).WithTags("Search experiments").RequireAdmin();
        sets.MapGet("/", ListAsync).WithName("ListJudgedSets").WithSummary("Lists the judged sets in id order, a page at a time.");
        sets.MapPost("/", CreateAsync).WithName("CreateJudgedSet")
            .WithSummary("Creates a judged set with its queries; the id is derived from the name when not given.")
            .WithDescription(QueryShape)
            .Accepts<JudgedSetInput>("application/json")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        sets.MapPost("/imports", ImportAsync).WithName("ImportJudgedSet")
            .WithSummary("Creates a judged set from a file of the shared evaluation scripts: qrels.py's rules or evaluate.py's judgments.")
            .WithDescription("The body is a JSON array of {\"query\", \"rule\"} (rules file) and/or {\"query\", \"relevant\"} (judgments file) entries. " + QueryShape)
            .Accepts<List<JudgedQueryInput>>("application/json")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        sets.MapGet("/{id}", GetAsync).WithName("GetJudgedSet")
            .WithSummary("A judged set with its queries; the ETag is the set's version (304 for a matching If-None-Match).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        sets.MapDelete("/{id}", DeleteAsync).WithName("DeleteJudgedSet").WithSummary("Deletes a judged set. Requires If-Match.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        sets.MapGet("/{id}/qrels", ExportAsync).WithName("ExportJudgedSet")
            .WithSummary("The set as evaluate.py's judgments file, grades resolved against the catalog as it is now.")
            .WithDescription("[{\"query\", \"relevant\": {exerciseId: grade}}], only grades above 0. A query nothing in the catalog is relevant to is left " +
                             "out (evaluate.py cannot score it); the X-Omitted-Queries header counts them.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        sets.MapPost("/{id}/queries", AddQueryAsync).WithName("AddJudgedQuery")
            .WithSummary("Adds a query to a set. Requires If-Match with the set's ETag; answers the set's new ETag.")
            .WithDescription(QueryShape)
            .Accepts<JudgedQueryInput>("application/json")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        sets.MapPut("/{id}/queries/{queryId:long}", ReplaceQueryAsync).WithName("ReplaceJudgedQuery")
            .WithSummary("Replaces a query's text and judgments. Requires If-Match with the set's ETag; answers the set's new ETag.")
            .WithDescription(QueryShape)
            .Accepts<JudgedQueryInput>("application/json")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        sets.MapDelete("/{id}/queries/{queryId:long}", RemoveQueryAsync).WithName("RemoveJudgedQuery")
            .WithSummary("Removes a query from a set. Requires If-Match with the set's ETag; answers the set's new ETag.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        return app;
    }

    public static async Task<Results<Ok<JudgedSetPage>, ValidationProblem>> ListAsync(
        JudgedSetStore store, [FromQuery] string? cursor, [FromQuery] int? limit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!KeysetCursor.TryDecode(cursor, out var after))
        {
            errors["cursor"] = ["The cursor is not one this API returned: start again without it."];
        }
        if (limit is < 1 or > MaxPageSize)
        {
            errors["limit"] = [$"The limit must be between 1 and {MaxPageSize}."];
        }
        return errors.Count > 0
            ? TypedResults.ValidationProblem(errors)
            : TypedResults.Ok(await store.ListAsync(limit ?? DefaultPageSize, after, cancellationToken));
    }

    public static async Task<Results<Created<JudgedSet>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpContext context, JudgedSetStore store, VocabularyHolder vocabulary, CancellationToken cancellationToken)
    {
        var (input, problem) = await ReadAsync<JudgedSetInput>(context.Request, cancellationToken);
        return problem ?? await CreateSetAsync(input!, context.Response, store, vocabulary.Current, cancellationToken);
    }

    public static async Task<Results<Created<JudgedSet>, ValidationProblem, ProblemHttpResult>> ImportAsync(
        [FromQuery] string? id, [FromQuery] string? name, [FromQuery] string? description,
        HttpContext context, JudgedSetStore store, VocabularyHolder vocabulary, CancellationToken cancellationToken)
    {
        var (queries, problem) = await ReadAsync<List<JudgedQueryInput?>>(context.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        if (queries!.Count == 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["queries"] = ["The file holds no query."] });
        }
        return await CreateSetAsync(new JudgedSetInput(id, name, description, queries), context.Response, store, vocabulary.Current, cancellationToken);
    }

    public static async Task<Results<Ok<JudgedSet>, StatusCodeHttpResult, ProblemHttpResult>> GetAsync(
        string id, HttpContext context, JudgedSetStore store, CancellationToken cancellationToken)
    {
        if (!Slug.IsValid(id) || await store.GetAsync(id, cancellationToken) is not { } set)
        {
            return TypedResults.Problem(JudgedSetProblems.NotFound(id));
        }
        context.Response.Headers.ETag = EntityTag.For(set.Version);
        return EntityTag.IfNoneMatchHits(context.Request, set.Version)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(set);
    }

    public static async Task<Results<Ok<IReadOnlyList<ResolvedJudgments>>, ProblemHttpResult>> ExportAsync(
        string id, HttpContext context, JudgedSetStore store, CancellationToken cancellationToken)
    {
        if (!Slug.IsValid(id) || await store.ResolveAsync(id, cancellationToken) is not { } resolved)
        {
            return TypedResults.Problem(JudgedSetProblems.NotFound(id));
        }
        var judged = resolved.Judgments.Where(j => j.Relevant.Count > 0).ToList();
        context.Response.Headers.ETag = EntityTag.For(resolved.Set.Version);
        context.Response.Headers["X-Omitted-Queries"] = (resolved.Judgments.Count - judged.Count).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Ok<IReadOnlyList<ResolvedJudgments>>(judged);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, HttpContext context, JudgedSetStore store, CancellationToken cancellationToken)
    {
        if (Precondition(context.Request, out var expected) is { } precondition)
        {
            return precondition;
        }
        var result = Slug.IsValid(id) ? await store.DeleteAsync(id, expected, cancellationToken) : new JudgedSetWriteResult(JudgedSetWriteStatus.NotFound);
        return Refusal(id, 0, result, context.Response) ?? (Results<NoContent, ProblemHttpResult>)TypedResults.NoContent();
    }

    public static async Task<Results<Created<JudgedQuery>, ValidationProblem, ProblemHttpResult>> AddQueryAsync(
        string id, HttpContext context, JudgedSetStore store, VocabularyHolder vocabulary, CancellationToken cancellationToken)
    {
        var (draft, expected, problem, invalid) = await ReadQueryAsync(context.Request, vocabulary, cancellationToken);
        if (draft is null)
        {
            return problem is not null ? problem : invalid!;
        }
        var result = Slug.IsValid(id) ? await store.AddQueryAsync(id, expected, draft, cancellationToken) : new JudgedSetWriteResult(JudgedSetWriteStatus.NotFound);
        if (Refusal(id, 0, result, context.Response) is { } refused)
        {
            return refused;
        }
        var added = result.Set!.Queries[^1];
        return TypedResults.Created($"{Route}/{result.Set.Id}/queries/{added.Id}", added);
    }

    public static async Task<Results<Ok<JudgedQuery>, ValidationProblem, ProblemHttpResult>> ReplaceQueryAsync(
        string id, long queryId, HttpContext context, JudgedSetStore store, VocabularyHolder vocabulary, CancellationToken cancellationToken)
    {
        var (draft, expected, problem, invalid) = await ReadQueryAsync(context.Request, vocabulary, cancellationToken);
        if (draft is null)
        {
            return problem is not null ? problem : invalid!;
        }
        var result = Slug.IsValid(id) ? await store.ReplaceQueryAsync(id, queryId, expected, draft, cancellationToken) : new JudgedSetWriteResult(JudgedSetWriteStatus.NotFound);
        return Refusal(id, queryId, result, context.Response) is { } refused
            ? refused
            : TypedResults.Ok(result.Set!.Queries.Single(q => q.Id == queryId));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveQueryAsync(
        string id, long queryId, HttpContext context, JudgedSetStore store, CancellationToken cancellationToken)
    {
        if (Precondition(context.Request, out var expected) is { } precondition)
        {
            return precondition;
        }
        var result = Slug.IsValid(id) ? await store.RemoveQueryAsync(id, queryId, expected, cancellationToken) : new JudgedSetWriteResult(JudgedSetWriteStatus.NotFound);
        return Refusal(id, queryId, result, context.Response) ?? (Results<NoContent, ProblemHttpResult>)TypedResults.NoContent();
    }

    private static async Task<Results<Created<JudgedSet>, ValidationProblem, ProblemHttpResult>> CreateSetAsync(
        JudgedSetInput input, HttpResponse response, JudgedSetStore store, CatalogVocabulary vocabulary, CancellationToken cancellationToken)
    {
        var (draft, errors) = JudgedSetValidator.Validate(input, vocabulary);
        if (draft is null)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var result = await store.CreateAsync(draft, cancellationToken);
        if (Refusal(draft.Id, 0, result, response) is { } refused)
        {
            return refused;
        }
        return TypedResults.Created($"{Route}/{result.Set!.Id}", result.Set);
    }

    /// <summary>The answer to a write that did not happen, or null after setting the written set's ETag.</summary>
    private static ProblemHttpResult? Refusal(string id, long queryId, JudgedSetWriteResult result, HttpResponse response)
    {
        switch (result.Status)
        {
            case JudgedSetWriteStatus.NotFound:
                return TypedResults.Problem(JudgedSetProblems.NotFound(id));
            case JudgedSetWriteStatus.QueryNotFound:
                return TypedResults.Problem(JudgedSetProblems.QueryNotFound(id, queryId));
            case JudgedSetWriteStatus.DuplicateId:
                return TypedResults.Problem(JudgedSetProblems.Duplicate(id));
            case JudgedSetWriteStatus.UnknownExercises:
                return TypedResults.Problem(JudgedSetProblems.UnknownExercises(result.UnknownExercises!));
            case JudgedSetWriteStatus.VersionMismatch:
                response.Headers.ETag = EntityTag.For(result.CurrentVersion!.Value);
                return TypedResults.Problem(JudgedSetProblems.Stale(id, result.CurrentVersion.Value));
            default:
                if (result.Set is { } set)
                {
                    response.Headers.ETag = EntityTag.For(set.Version);
                }
                return null;
        }
    }

    /// <summary>The If-Match version (null for <c>*</c>), or the answer to a missing or malformed header.</summary>
    /// <summary>A query from the body, checked, with the set version it was written against (If-Match).</summary>
    private static async Task<(JudgedQueryDraft? Draft, long? Expected, ProblemHttpResult? Problem, ValidationProblem? Invalid)> ReadQueryAsync(
        HttpRequest request, VocabularyHolder vocabulary, CancellationToken cancellationToken)
    {
        var (input, problem) = await ReadAsync<JudgedQueryInput>(request, cancellationToken);
        if (problem is not null)
        {
            return (null, null, problem, null);
        }
        if (Precondition(request, out var expected) is { } precondition)
        {
            return (null, null, precondition, null);
        }
        var (draft, errors) = JudgedSetValidator.ValidateQuery(input!, vocabulary.Current);
        return draft is null ? (null, null, null, TypedResults.ValidationProblem(errors)) : (draft, expected, null, null);
    }

    private static ProblemHttpResult? Precondition(HttpRequest request, out long? expected)
    {
        var (kind, version) = EntityTag.ParseIfMatch(request);
        expected = kind == EntityTag.Precondition.Version ? version : null;
        return kind switch
        {
            EntityTag.Precondition.Missing => TypedResults.Problem(JudgedSetProblems.PreconditionRequired()),
            EntityTag.Precondition.Malformed => TypedResults.Problem(Problems.MalformedPrecondition()),
            _ => null,
        };
    }

    /// <summary>The JSON body, limited to <see cref="MaxBodyBytes"/>: 413 for a declared length above it, and Kestrel stops a chunked one there.</summary>
    private static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, TypedResults.Problem(JudgedSetProblems.TooLarge(MaxBodyBytes)));
        }
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = MaxBodyBytes;
        }
        return await JsonBody.ReadAsync<T>(request, cancellationToken);
    }
}

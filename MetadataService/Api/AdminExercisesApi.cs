using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using FitnessAssistant.MetadataService.Catalog;
using FitnessAssistant.MetadataService.Idempotency;
using FitnessAssistant.MetadataService.Vocabulary;
using FitnessAssistant.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FitnessAssistant.MetadataService.Api;

/// <summary>
/// Catalog writes for administrators (the gateway requires the admin role in front of /api/v1/admin). Updates and
/// deletes are conditional on If-Match: a client overwrites only the version it has seen.
/// </summary>
public static class AdminExercisesApi
{
    private static readonly string[] ReservedIds = ["facets", "search"];

    private const string IdempotencyDescription =
        "With an Idempotency-Key header (16-128 letters, digits or - _ . : + / =; a UUID), a retry of the same request " +
        "answers the first outcome again (same status, exercise and ETag, with Idempotent-Replayed: true) and writes " +
        "nothing; the key is recorded with the write, so this holds after a crash too, for at least 24 hours. The same " +
        "key with another body is 422; while the first request with the key is in progress, 409. A refused request " +
        "(4xx) records nothing, so its key may be used again.";

    private const string KeyParameterDescription = "Makes retries safe: a retry with the same key and body answers the first outcome.";

    public static IEndpointRouteBuilder MapAdminExercisesApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin/exercises").WithTags("Catalog administration").RequireAdmin();
        admin.MapPost("/", CreateAsync).WithName("CreateExercise")
            .WithSummary("Creates an exercise; the id is derived from the name when not given.")
            .WithDescription(IdempotencyDescription)
            .Accepts<ExerciseInput>("application/json")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        admin.MapPut("/{id}", UpdateAsync).WithName("UpdateExercise")
            .WithSummary("Replaces an exercise's content. Requires If-Match with the ETag last read.")
            .WithDescription(IdempotencyDescription)
            .Accepts<ExerciseInput>("application/json")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        admin.MapDelete("/{id}", DeleteAsync).WithName("DeleteExercise")
            .WithSummary("Deletes an exercise. Requires If-Match with the ETag last read.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        return app;
    }

    public static async Task<Results<Created<Exercise>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        [FromHeader(Name = IdempotencyKey.Header), Description(KeyParameterDescription),
         StringLength(IdempotencyKey.MaxLength, MinimumLength = IdempotencyKey.MinLength)] string? idempotencyKey,
        HttpContext context, ExerciseStore store, VocabularyHolder vocabulary, CancellationToken cancellationToken)
    {
        if (ReadKey(idempotencyKey, out var key) is { } invalidKey)
        {
            return invalidKey;
        }
        var (input, problem) = await JsonBody.ReadAsync<ExerciseInput>(context.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        var outcome = Validate(input!, vocabulary.Current);
        if (!outcome.IsValid)
        {
            return TypedResults.ValidationProblem(outcome.Errors);
        }
        var idempotency = key is null ? null : new IdempotentRequest(key, RequestFingerprint.Of("create", outcome.Draft!));
        var result = await store.CreateAsync(outcome.Draft!, idempotency, cancellationToken);
        if (result.Status == WriteStatus.DuplicateId)
        {
            return TypedResults.Problem(Problems.Duplicate(outcome.Draft!.Id));
        }
        if (KeyProblem(result) is { } keyProblem)
        {
            return keyProblem;
        }
        Written(context.Response, result);
        return TypedResults.Created($"/api/v1/exercises/{result.Exercise!.Id}", result.Exercise);
    }

    /// <summary>The request's idempotency key (null without the header), or the answer to a header that is not a usable key.</summary>
    private static ProblemHttpResult? ReadKey(string? header, out string? key)
    {
        (key, var error) = IdempotencyKey.Read(header);
        return error is null ? null : TypedResults.Problem(Problems.InvalidIdempotencyKey(error));
    }

    public static async Task<Results<Ok<Exercise>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string id,
        [FromHeader(Name = IdempotencyKey.Header), Description(KeyParameterDescription),
         StringLength(IdempotencyKey.MaxLength, MinimumLength = IdempotencyKey.MinLength)] string? idempotencyKey,
        HttpContext context, ExerciseStore store, VocabularyHolder vocabulary, CancellationToken cancellationToken)
    {
        if (ReadKey(idempotencyKey, out var key) is { } invalidKey)
        {
            return invalidKey;
        }
        var (precondition, expected) = EntityTag.ParseIfMatch(context.Request);
        var (input, problem) = await JsonBody.ReadAsync<ExerciseInput>(context.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        if (PreconditionProblem(precondition) is { } missing)
        {
            return missing;
        }
        if (input!.Id is { } bodyId && !string.Equals(bodyId.Trim(), id, StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["id"] = [$"The id in the body ('{bodyId}') differs from the URL ('{id}'); ids cannot be changed: create a new exercise instead."],
            });
        }
        var outcome = Validate(input with { Id = id }, vocabulary.Current);
        if (!outcome.IsValid)
        {
            return TypedResults.ValidationProblem(outcome.Errors);
        }
        var idempotency = key is null ? null : new IdempotentRequest(key, RequestFingerprint.Of("update", outcome.Draft!));
        var result = await store.UpdateAsync(id, outcome.Draft!, precondition == EntityTag.Precondition.Any ? null : expected, idempotency, cancellationToken);
        if ((KeyProblem(result) ?? MissProblem(id, result, context.Response)) is { } refused)
        {
            return refused;
        }
        Written(context.Response, result);
        return TypedResults.Ok(result.Exercise!);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string id, HttpContext context, ExerciseStore store, CancellationToken cancellationToken)
    {
        var (precondition, expected) = EntityTag.ParseIfMatch(context.Request);
        if (PreconditionProblem(precondition) is { } missing)
        {
            return missing;
        }
        if (!Slug.IsValid(id))
        {
            return TypedResults.Problem(Problems.NotFound(id));
        }
        var result = await store.DeleteAsync(id, precondition == EntityTag.Precondition.Any ? null : expected, cancellationToken);
        if (MissProblem(id, result, context.Response) is { } refused)
        {
            return refused;
        }
        ConsistencyToken.Issue(context.Response, result.Lsn);
        return TypedResults.NoContent();
    }

    private static ValidationOutcome Validate(ExerciseInput input, CatalogVocabulary vocabulary)
    {
        var outcome = ExerciseValidator.Validate(input, vocabulary);
        if (outcome.IsValid && ReservedIds.Contains(outcome.Draft!.Id, StringComparer.OrdinalIgnoreCase))
        {
            return new ValidationOutcome(null, new Dictionary<string, string[]>
            {
                ["id"] = [$"'{outcome.Draft.Id}' is reserved by the API's own routes: choose another id."],
            });
        }
        return outcome;
    }

    private static ProblemHttpResult? PreconditionProblem(EntityTag.Precondition precondition) => precondition switch
    {
        EntityTag.Precondition.Missing => TypedResults.Problem(Problems.PreconditionRequired()),
        EntityTag.Precondition.Malformed => TypedResults.Problem(Problems.MalformedPrecondition()),
        _ => null,
    };

    private static ProblemHttpResult? KeyProblem(CatalogWriteResult result) => result.Status switch
    {
        WriteStatus.KeyInFlight => TypedResults.Problem(Problems.IdempotencyKeyInFlight()),
        WriteStatus.KeyReused => TypedResults.Problem(Problems.IdempotencyKeyReused()),
        _ => null,
    };

    /// <summary>A write that found no exercise, or another version of it than If-Match named (412 with the current ETag).</summary>
    private static ProblemHttpResult? MissProblem(string id, CatalogWriteResult result, HttpResponse response)
    {
        switch (result.Status)
        {
            case WriteStatus.NotFound:
                return TypedResults.Problem(Problems.NotFound(id));
            case WriteStatus.VersionMismatch:
                response.Headers.ETag = EntityTag.For(result.CurrentVersion!.Value);
                return TypedResults.Problem(Problems.Stale(id, result.CurrentVersion.Value));
            default:
                return null;
        }
    }

    private static void Written(HttpResponse response, CatalogWriteResult result)
    {
        if (result.Status == WriteStatus.Replayed)
        {
            response.Headers[IdempotencyKey.ReplayedHeader] = "true";
        }
        response.Headers.ETag = EntityTag.For(result.Exercise!.RowVersion);
        ConsistencyToken.Issue(response, result.Lsn);
    }
}

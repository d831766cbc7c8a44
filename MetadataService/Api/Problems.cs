using Microsoft.AspNetCore.Mvc;

namespace FitnessAssistant.MetadataService.Api;

/// <summary>The problem details this API answers with, worded once.</summary>
public static class Problems
{
    public static ProblemDetails NotFound(string id) => new()
    {
        Status = StatusCodes.Status404NotFound,
        Title = "Exercise not found",
        Detail = $"There is no exercise with id '{id}'.",
    };

    public static ProblemDetails Duplicate(string id) => new()
    {
        Status = StatusCodes.Status409Conflict,
        Title = "Exercise id already taken",
        Detail = $"An exercise with id '{id}' (compared case-insensitively) exists: choose another id or update that one.",
    };

    public static ProblemDetails PreconditionRequired() => new()
    {
        Status = StatusCodes.Status428PreconditionRequired,
        Title = "If-Match required",
        Detail = "Send If-Match with the ETag of the version you read (GET the exercise first), or If-Match: * to overwrite whatever is there.",
    };

    public static ProblemDetails Stale(string id, long current) => new()
    {
        Status = StatusCodes.Status412PreconditionFailed,
        Title = "The exercise has changed",
        Detail = $"Exercise '{id}' is now at version {current} (ETag {EntityTag.For(current)}); read it again and reapply your change.",
    };

    public static ProblemDetails MalformedPrecondition() => new()
    {
        Status = StatusCodes.Status400BadRequest,
        Title = "Malformed If-Match",
        Detail = "If-Match must be one strong ETag from this API, e.g. \"42\", or *.",
    };

    public static ProblemDetails InvalidIdempotencyKey(string reason) => new()
    {
        Status = StatusCodes.Status400BadRequest,
        Title = "Malformed Idempotency-Key",
        Detail = reason,
    };

    public static ProblemDetails IdempotencyKeyInFlight() => new()
    {
        Status = StatusCodes.Status409Conflict,
        Title = "Request with this Idempotency-Key in progress",
        Detail = "A request with the same Idempotency-Key is still being processed; retry when it has answered to get its outcome.",
    };

    public static ProblemDetails IdempotencyKeyReused() => new()
    {
        Status = StatusCodes.Status422UnprocessableEntity,
        Title = "Idempotency-Key used for another request",
        Detail = "This Idempotency-Key was used for a different request (another operation or body); use a new key for a new request.",
    };
}

using FitnessAssistant.MetadataService.Api;
using Microsoft.AspNetCore.Mvc;

namespace FitnessAssistant.MetadataService.Experiments;

/// <summary>The problem details the judged-sets API answers with, worded once.</summary>
public static class JudgedSetProblems
{
    public static ProblemDetails NotFound(string id) => new()
    {
        Status = StatusCodes.Status404NotFound,
        Title = "Judged set not found",
        Detail = $"There is no judged set with id '{id}'.",
    };

    public static ProblemDetails QueryNotFound(string id, long queryId) => new()
    {
        Status = StatusCodes.Status404NotFound,
        Title = "Query not found",
        Detail = $"Judged set '{id}' has no query {queryId}.",
    };

    public static ProblemDetails Duplicate(string id) => new()
    {
        Status = StatusCodes.Status409Conflict,
        Title = "Judged set id already taken",
        Detail = $"A judged set with id '{id}' (compared case-insensitively) exists: choose another id or edit that set.",
    };

    public static ProblemDetails PreconditionRequired() => new()
    {
        Status = StatusCodes.Status428PreconditionRequired,
        Title = "If-Match required",
        Detail = "Send If-Match with the ETag of the set as you read it (GET the set first), or If-Match: * to change whatever is there.",
    };

    public static ProblemDetails Stale(string id, long current) => new()
    {
        Status = StatusCodes.Status412PreconditionFailed,
        Title = "The judged set has changed",
        Detail = $"Judged set '{id}' is now at version {current} (ETag {EntityTag.For(current)}); read it again and reapply your change.",
    };

    public static ProblemDetails UnknownExercises(IReadOnlyList<string> ids) => new()
    {
        Status = StatusCodes.Status422UnprocessableEntity,
        Title = "Judgments name unknown exercises",
        Detail = $"The catalog holds no exercise with id {string.Join(", ", ids.Take(20).Select(id => $"'{id}'"))}" +
                 (ids.Count > 20 ? $" and {ids.Count - 20} more" : "") + ": judge exercises of this catalog (import them first).",
        Extensions = { ["unknownExercises"] = ids },
    };

    public static ProblemDetails TooLarge(long maxBytes) => new()
    {
        Status = StatusCodes.Status413PayloadTooLarge,
        Title = "Request body too large",
        Detail = $"A judged set is accepted up to {maxBytes / (1024 * 1024)} MB.",
    };
}

using FitnessAssistant.IndexingService.Activation;
using FitnessAssistant.IndexingService.Messaging;
using FitnessAssistant.IndexingService.Registry;
using FitnessAssistant.IndexingService.Reindex;
using FitnessAssistant.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FitnessAssistant.IndexingService.Api;

/// <summary>
/// Index administration (docs/indexing.md, "Admin API"): state, re-index with progress, switch to another ready
/// version (caught up with the catalog first, with progress), retire a version, and the parking queue. Internal:
/// reached through the gateway's admin routes, and checks the admin token itself too.
/// </summary>
public static class AdminIndexApi
{
    public static IEndpointRouteBuilder MapAdminIndexApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/admin/index").WithTags("Index administration").RequireAdmin();
        api.MapGet("/", GetStatusAsync);
        api.MapPost("/reindex", StartReindex);
        api.MapGet("/reindex/{id:guid}", GetReindex);
        api.MapPost("/versions/{version}/activate", ActivateAsync);
        api.MapGet("/activations/{id:guid}", GetActivation);
        api.MapDelete("/versions/{version}", RetireAsync);
        api.MapGet("/parking", PeekParkingAsync);
        api.MapPost("/parking/replay", ReplayParkingAsync);
        return app;
    }

    public static async Task<Ok<IndexStatus>> GetStatusAsync(IVectorIndex index, ReindexCoordinator reindex, ActivationCoordinator activations,
        EmbeddingVersionMirror mirror, CancellationToken cancellationToken)
    {
        var state = await index.GetStateAsync(cancellationToken);
        var versions = new List<IndexVersionStatus>();
        foreach (var version in await index.ListVersionsAsync(cancellationToken))
        {
            versions.Add(new IndexVersionStatus(version.Name, version.Model.ToString(), version.Dimensions, version.DocumentFormat,
                version.State.ToString().ToLowerInvariant(), version.IsActive, await index.CountAsync(version.Name, cancellationToken),
                version.CreatedAt, version.ReadyAt, version.Failure, version.MissedChanges, version.BehindSince));
        }
        return TypedResults.Ok(new IndexStatus(state.ActiveVersion, state.ActiveModel?.ToString(), state.Epoch, state.PendingChanges,
            versions, reindex.Running, reindex.Recent, activations.Current, activations.Recent, mirror.Status));
    }

    /// <summary>Builds (and then activates) a version of the catalog with <c>model</c> (<c>id@version</c>), or with the
    /// embedding service's default model when none is given.</summary>
    public static Results<Accepted<ReindexProgress>, ProblemHttpResult> StartReindex(ReindexCoordinator reindex, StartReindexRequest? request)
    {
        EmbeddingModel? model = null;
        if (!string.IsNullOrWhiteSpace(request?.Model))
        {
            if (request.Model.Trim().Split('@') is not [{ Length: > 0 } id, { Length: > 0 } version])
            {
                return Problem(StatusCodes.Status400BadRequest, "Invalid model",
                    $"model '{request.Model}' must be written id@version, e.g. all-minilm-l6-v2@1.");
            }
            model = new EmbeddingModel(id, version);
        }
        var (job, started) = reindex.Start(string.IsNullOrWhiteSpace(request?.Reason) ? "requested by an operator" : request.Reason.Trim(), model);
        var location = $"/api/v1/admin/index/reindex/{job.Id}";
        return started
            ? TypedResults.Accepted(location, job)
            : Problem(StatusCodes.Status409Conflict, "A re-index is already running",
                $"Re-index {job.Id} is running ({job.Phase}); follow it at {location}.");
    }

    public static Results<Ok<ReindexProgress>, ProblemHttpResult> GetReindex(Guid id, ReindexCoordinator reindex)
        => reindex.Find(id) is { } job
            ? TypedResults.Ok(job)
            : Problem(StatusCodes.Status404NotFound, "No such re-index", $"No recent re-index has id {id}.");

    /// <summary>
    /// Switches searches to a ready version once it is caught up with the catalog. Answers 200 when searches read
    /// it within <c>Activation:ResponseWait</c>, else 202 with the job to follow; 409 if it cannot be made current.
    /// </summary>
    public static async Task<Results<Ok<ActivationResult>, Accepted<ActivationProgress>, ProblemHttpResult>> ActivateAsync(
        string version, IVectorIndex index, ActivationCoordinator activations, CancellationToken cancellationToken)
    {
        var target = (await index.ListVersionsAsync(cancellationToken)).FirstOrDefault(v => v.Name == version);
        if (target is null)
        {
            return Problem(StatusCodes.Status404NotFound, "No such index version", $"There is no live index version '{version}'.");
        }
        if (target.State != IndexVersionState.Ready)
        {
            return Problem(StatusCodes.Status409Conflict, "Index version not ready",
                $"Version '{version}' is {target.State.ToString().ToLowerInvariant()}; only a ready (built and verified) version can be activated.");
        }
        var job = await activations.ActivateAsync(version, cancellationToken);
        var location = $"/api/v1/admin/index/activations/{job.Id}";
        if (job is { SwitchedAt: not null, Epoch: { } epoch })
        {
            return TypedResults.Ok(new ActivationResult(version, target.Model.ToString(), epoch, job));
        }
        return job.IsFinished
            ? Problem(StatusCodes.Status409Conflict, "Index version not activated",
                $"{job.Error} Searches keep reading the active version; the activation is at {location}.")
            : TypedResults.Accepted(location, job);
    }

    public static Results<Ok<ActivationProgress>, ProblemHttpResult> GetActivation(Guid id, ActivationCoordinator activations)
        => activations.Find(id) is { } job
            ? TypedResults.Ok(job)
            : Problem(StatusCodes.Status404NotFound, "No such activation", $"No recent activation has id {id}.");

    public static async Task<Results<NoContent, ProblemHttpResult>> RetireAsync(
        string version, IVectorIndex index, EmbeddingVersionMirror mirror, CancellationToken cancellationToken)
    {
        var target = (await index.ListVersionsAsync(cancellationToken)).FirstOrDefault(v => v.Name == version);
        if (target is null)
        {
            return Problem(StatusCodes.Status404NotFound, "No such index version", $"There is no live index version '{version}'.");
        }
        if (target.IsActive)
        {
            return Problem(StatusCodes.Status409Conflict, "Index version is active",
                $"Version '{version}' serves searches; activate another version before retiring it.");
        }
        await index.RetireAsync(version, cancellationToken);
        mirror.VersionsChanged();
        return TypedResults.NoContent();
    }

    public static async Task<Ok<ParkedMessages>> PeekParkingAsync(ParkingQueue parking, CancellationToken cancellationToken, int limit = 20)
        => TypedResults.Ok(await parking.PeekAsync(Math.Clamp(limit, 0, 200), cancellationToken));

    public static async Task<Ok<ReplayResult>> ReplayParkingAsync(ParkingQueue parking, CancellationToken cancellationToken)
        => TypedResults.Ok(new ReplayResult(await parking.ReplayAsync(cancellationToken)));

    // TypedResults.Problem, not NotFound/Conflict around a ProblemDetails: only it answers application/problem+json.
    private static ProblemHttpResult Problem(int status, string title, string detail)
        => TypedResults.Problem(detail, statusCode: status, title: title);
}

/// <param name="Model">The embedding model of the new version, <c>id@version</c>; the embedding service's default when absent.</param>
public sealed record StartReindexRequest(string? Reason, string? Model = null);

public sealed record IndexStatus(
    string? ActiveVersion,
    string? ActiveModel,
    long Epoch,
    bool PendingChanges,
    IReadOnlyList<IndexVersionStatus> Versions,
    ReindexProgress? RunningReindex,
    IReadOnlyList<ReindexProgress> RecentReindexes,
    ActivationProgress? RunningActivation,
    IReadOnlyList<ActivationProgress> RecentActivations,
    RegistryMirrorStatus Registry);

public sealed record IndexVersionStatus(
    string Name,
    string Model,
    int Dimensions,
    string DocumentFormat,
    string State,
    bool Active,
    long Count,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ReadyAt,
    string? Failure,
    long MissedChanges,
    DateTimeOffset? BehindSince);

public sealed record ActivationResult(string Version, string Model, long Epoch, ActivationProgress Activation);

public sealed record ReplayResult(int Replayed);

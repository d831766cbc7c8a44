using System.Diagnostics;
using System.Threading.Channels;
using FitnessAssistant.Metadata.V1;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace FitnessAssistant.IndexingService.Registry;

/// <summary>
/// Keeps the catalog's embedding-version registry (metadata gRPC, docs/metadata.md) in step with the index versions
/// (docs/indexing.md, "The catalog's embedding-version registry"). The index in <c>vectordb</c> is what searches
/// read; the registry is a record for catalog-side tools, so nothing that changes versions ever waits for it:
/// writers only call <see cref="VersionsChanged"/>, and this service compares both sides in the background, on
/// start and after each change, retrying with backoff until a pass succeeds (a metadata outage only delays it).
/// </summary>
public sealed partial class EmbeddingVersionMirror(
    IVectorIndex index,
    MetadataService.MetadataServiceClient metadata,
    IOptions<RegistryMirrorOptions> options,
    TimeProvider time,
    ILogger<EmbeddingVersionMirror> logger) : BackgroundService
{
    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Lock _lock = new();
    private RegistryMirrorStatus _status = new(false, null, null, null);

    public RegistryMirrorStatus Status
    {
        get
        {
            lock (_lock)
            {
                return _status;
            }
        }
    }

    /// <summary>Index versions were created, activated, failed or retired: mirror them soon. Never waits.</summary>
    public void VersionsChanged() => _changes.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = options.Value.RetryDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan? retryIn = null;
            try
            {
                await SyncAsync(stoppingToken);
                delay = options.Value.RetryDelay;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Whatever failed (metadata or vectordb unavailable, a deadline), the next pass starts from both sides again.
                Failed(ex is RpcException grpc ? $"metadata {grpc.StatusCode}: {grpc.Status.Detail}" : ex.Message);
                LogPassFailed(ex.Message, delay.TotalSeconds);
                retryIn = delay;
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, Math.Max(options.Value.MaxRetryDelay.Ticks, options.Value.RetryDelay.Ticks)));
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            if (retryIn is { } pause)
            {
                wait.CancelAfter(pause);
            }
            try
            {
                await _changes.Reader.ReadAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // Time to retry.
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task SyncAsync(CancellationToken cancellationToken)
    {
        using var activity = IndexingTelemetry.Activities.StartActivity("registry mirror");
        var live = await index.ListVersionsAsync(cancellationToken);
        var registry = (await metadata.ListEmbeddingVersionsAsync(new ListEmbeddingVersionsRequest(), CallOptions(cancellationToken))).Versions;
        var steps = RegistryPlan.Plan(live, registry);
        var applied = new List<RegistryStep>();
        var refused = new List<string>();
        foreach (var step in steps)
        {
            try
            {
                await ApplyAsync(step, cancellationToken);
                applied.Add(step);
            }
            catch (RpcException ex) when (ex.StatusCode is not (StatusCode.Unavailable or StatusCode.ResourceExhausted
                                               or StatusCode.DeadlineExceeded or StatusCode.Aborted or StatusCode.Unknown))
            {
                // The registry refused (e.g. ALREADY_EXISTS with other fields): asking again will not change its answer.
                refused.Add($"{step}: {ex.StatusCode}: {ex.Status.Detail}");
                LogRefused(step.ToString(), ex.StatusCode.ToString(), ex.Status.Detail);
            }
        }
        if (applied.Count > 0)
        {
            LogUpdated(string.Join(", ", applied));
        }
        if (refused.Count > 0)
        {
            activity?.SetStatus(ActivityStatusCode.Error, "registry refused a step");
            Failed(string.Join("; ", refused));
            return;
        }
        lock (_lock)
        {
            _status = new RegistryMirrorStatus(true, time.GetUtcNow(), null, null);
        }
    }

    private Task ApplyAsync(RegistryStep step, CancellationToken cancellationToken) => step.Action switch
    {
        RegistryAction.Register => metadata.RegisterEmbeddingVersionAsync(step.Registration!, CallOptions(cancellationToken)).ResponseAsync,
        RegistryAction.Activate => metadata.ActivateEmbeddingVersionAsync(new EmbeddingVersionId { Id = step.Id }, CallOptions(cancellationToken)).ResponseAsync,
        RegistryAction.Retire => metadata.RetireEmbeddingVersionAsync(new EmbeddingVersionId { Id = step.Id }, CallOptions(cancellationToken)).ResponseAsync,
        _ => throw new UnreachableException(),
    };

    // Every registry call is idempotent (register with the same fields, activate the active one, retire a retired one),
    // so the channel's retry policy may repeat it.
    private CallOptions CallOptions(CancellationToken cancellationToken)
        => new(deadline: DateTime.UtcNow + options.Value.CallTimeout, cancellationToken: cancellationToken);

    private void Failed(string error)
    {
        lock (_lock)
        {
            _status = _status with { InSync = false, LastError = error, OutOfSyncSince = _status.OutOfSyncSince ?? time.GetUtcNow() };
        }
    }

    [LoggerMessage(LogLevel.Information, "Embedding-version registry updated: {Steps}")]
    private partial void LogUpdated(string steps);

    [LoggerMessage(LogLevel.Warning, "Could not mirror index versions into the catalog's embedding-version registry ({Reason}); the index is unaffected, trying again in {DelaySeconds} s")]
    private partial void LogPassFailed(string reason, double delaySeconds);

    [LoggerMessage(LogLevel.Warning, "The embedding-version registry refused to {Step} ({Status}: {Detail}); tried again after the next index change or restart")]
    private partial void LogRefused(string step, string status, string detail);
}

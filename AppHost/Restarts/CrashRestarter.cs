using System.Collections.Concurrent;
using FitnessAssistant.AppHost.Lifecycle;

namespace FitnessAssistant.AppHost.Restarts;

/// <summary>
/// Brings back a resource that exits on its own (a crash, a SIGKILL), as a supervisor would: Aspire itself leaves a
/// crashed process stopped. A resource stopped on purpose (dashboard, test, shutdown) passes through Stopping first
/// and is left alone. Restarts back off exponentially and show in the resource's log and its "restarts" property.
/// </summary>
internal sealed class CrashRestarter(
    ResourceNotificationService notifications,
    ResourceCommandService commands,
    ResourceLoggerService resourceLogs,
    IHostApplicationLifetime lifetime,
    ILogger<CrashRestarter> logger) : ResourceWatcher(lifetime)
{
    private readonly ConcurrentDictionary<string, Supervised> _supervised = new();

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        await foreach (var change in notifications.WatchAsync(stoppingToken))
        {
            if (!change.Resource.TryGetLastAnnotation<RestartOnCrashAnnotation>(out var policy))
            {
                continue;
            }
            var state = change.Snapshot.State?.Text;
            var supervised = _supervised.GetOrAdd(change.ResourceId, _ => new Supervised());
            var previous = supervised.LastState;
            supervised.LastState = state;
            if (state == KnownResourceStates.Running)
            {
                supervised.RunningSince ??= DateTimeOffset.UtcNow;
                // The orchestrator's own updates replace the properties: keep the count visible on the dashboard.
                if (supervised.Restarts > 0 && !change.Snapshot.Properties.Any(p => p.Name == RestartOnCrashAnnotation.RestartsProperty))
                {
                    await PublishRestartsAsync(change.Resource, change.ResourceId, supervised.Restarts);
                }
                continue;
            }
            var stoppedByItself = (state == KnownResourceStates.Exited || state == KnownResourceStates.Finished || state == KnownResourceStates.FailedToStart)
                && (previous == KnownResourceStates.Running || previous == KnownResourceStates.Starting);
            if (!stoppedByItself || stoppingToken.IsCancellationRequested)
            {
                continue;
            }
            var delay = policy.NextDelay(supervised);
            supervised.Restarts++;
            supervised.Consecutive++;
            supervised.RunningSince = null;
            _ = RestartAfterAsync(change.Resource, change.ResourceId, change.Snapshot.ExitCode, delay, supervised.Restarts, stoppingToken);
        }
    }

    private async Task RestartAfterAsync(IResource resource, string resourceId, int? exitCode, TimeSpan delay, int restarts,
        CancellationToken stoppingToken)
    {
        var resourceLog = resourceLogs.GetLogger(resourceId);
        resourceLog.LogWarning("{Resource} exited on its own (exit code {ExitCode}); restart {Restarts} in {Delay}", resourceId, exitCode, restarts, delay);
        logger.LogWarning("{Resource} exited on its own (exit code {ExitCode}); restart {Restarts} in {Delay}", resourceId, exitCode, restarts, delay);
        try
        {
            await Task.Delay(delay, stoppingToken);
            await PublishRestartsAsync(resource, resourceId, restarts);
            var result = await commands.ExecuteCommandAsync(resourceId, KnownResourceCommands.StartCommand, stoppingToken);
            if (!result.Success)
            {
                logger.LogError("Restarting {Resource} failed: {Error}", resourceId, result.Message);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private Task PublishRestartsAsync(IResource resource, string resourceId, int restarts)
        => notifications.PublishUpdateAsync(resource, resourceId, snapshot => snapshot with
        {
            Properties = [.. snapshot.Properties.Where(p => p.Name != RestartOnCrashAnnotation.RestartsProperty),
                new ResourcePropertySnapshot(RestartOnCrashAnnotation.RestartsProperty, restarts)],
        });

    internal sealed class Supervised
    {
        public string? LastState { get; set; }

        public DateTimeOffset? RunningSince { get; set; }

        public int Restarts { get; set; }

        /// <summary>Restarts since the resource last ran stably; drives the back-off.</summary>
        public int Consecutive { get; set; }
    }
}

using Aspire.Hosting.Eventing;
using Aspire.Hosting.Lifecycle;

namespace FitnessAssistant.AppHost.ConsoleLogs;

/// <summary>
/// Copies every resource's console output to the AppHost's console with a <c>[resource]</c> prefix, for a terminal or
/// a CI log where the dashboard is not at hand (<c>FA_CONSOLE_LOGS=true</c>).
/// </summary>
internal sealed class ResourceConsoleLogs(
    ResourceNotificationService notifications,
    ResourceLoggerService resourceLogs,
    IHostApplicationLifetime lifetime) : IDistributedApplicationEventingSubscriber
{
    // Started before the resources (a hosted service would start only once every resource has), so that the output
    // of a resource that fails while others wait for it is seen too.
    public Task SubscribeAsync(IDistributedApplicationEventing eventing, DistributedApplicationExecutionContext executionContext,
        CancellationToken cancellationToken)
    {
        eventing.Subscribe<BeforeStartEvent>((_, _) =>
        {
            _ = FollowAllAsync(lifetime.ApplicationStopping);
            return Task.CompletedTask;
        });
        return Task.CompletedTask;
    }

    private async Task FollowAllAsync(CancellationToken stoppingToken)
    {
        var followed = new HashSet<string>();
        await foreach (var change in notifications.WatchAsync(stoppingToken))
        {
            if (followed.Add(change.ResourceId))
            {
                _ = FollowAsync(change.ResourceId, stoppingToken);
            }
        }
    }

    private async Task FollowAsync(string resourceId, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var batch in resourceLogs.WatchAsync(resourceId).WithCancellation(stoppingToken))
            {
                foreach (var line in batch)
                {
                    await Console.Out.WriteLineAsync($"[{resourceId}] {line.Content}");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

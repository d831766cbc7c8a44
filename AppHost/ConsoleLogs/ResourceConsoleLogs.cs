using FitnessAssistant.AppHost.Lifecycle;

namespace FitnessAssistant.AppHost.ConsoleLogs;

/// <summary>
/// Copies every resource's console output to the AppHost's console with a <c>[resource]</c> prefix, for a terminal or
/// a CI log where the dashboard is not at hand (<c>FA_CONSOLE_LOGS=true</c>).
/// </summary>
internal sealed class ResourceConsoleLogs(
    ResourceNotificationService notifications,
    ResourceLoggerService resourceLogs,
    IHostApplicationLifetime lifetime) : ResourceWatcher(lifetime)
{
    protected override async Task RunAsync(CancellationToken stoppingToken)
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

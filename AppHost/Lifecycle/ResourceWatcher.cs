using Aspire.Hosting.Eventing;
using Aspire.Hosting.Lifecycle;

namespace FitnessAssistant.AppHost.Lifecycle;

/// <summary>
/// Work that follows the resources from just before they start until the AppHost stops. Not a hosted service: the
/// host starts those only once the orchestrator has started every resource, and what happens to a resource while
/// others still wait for it (a crash, its output) must be seen too.
/// </summary>
internal abstract class ResourceWatcher(IHostApplicationLifetime lifetime) : IDistributedApplicationEventingSubscriber
{
    public Task SubscribeAsync(IDistributedApplicationEventing eventing, DistributedApplicationExecutionContext executionContext,
        CancellationToken cancellationToken)
    {
        eventing.Subscribe<BeforeStartEvent>((_, _) =>
        {
            _ = RunAsync(lifetime.ApplicationStopping);
            return Task.CompletedTask;
        });
        return Task.CompletedTask;
    }

    protected abstract Task RunAsync(CancellationToken stoppingToken);
}

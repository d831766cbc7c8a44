using Aspire.Hosting.Eventing;
using Aspire.Hosting.Lifecycle;

namespace FitnessAssistant.AppHost.Dashboard;

/// <summary>
/// The Aspire dashboard answers only requests addressed to a loopback name (ASP.NET Core host filtering,
/// <c>AllowedHosts</c>); any other Host header gets 400. A page of another site whose name is made to resolve to
/// 127.0.0.1 (DNS rebinding) therefore reaches nothing, even before the dashboard's browser-token login, which stays.
/// Aspire adds the dashboard as a resource of its own when the application starts, so its environment is extended
/// just before it starts.
/// </summary>
internal sealed class DashboardHostFiltering : IDistributedApplicationEventingSubscriber
{
    /// <summary>The resource name Aspire gives its dashboard.</summary>
    private const string DashboardResource = "aspire-dashboard";

    public const string AllowedHosts = "localhost;127.0.0.1;[::1]";

    public Task SubscribeAsync(IDistributedApplicationEventing eventing, DistributedApplicationExecutionContext executionContext,
        CancellationToken cancellationToken)
    {
        eventing.Subscribe<BeforeResourceStartedEvent>((@event, _) =>
        {
            if (@event.Resource.Name == DashboardResource)
            {
                @event.Resource.Annotations.Add(new EnvironmentCallbackAnnotation(environment => environment["AllowedHosts"] = AllowedHosts));
            }
            return Task.CompletedTask;
        });
        return Task.CompletedTask;
    }
}

using Aspire.Hosting.Lifecycle;

namespace FitnessAssistant.AppHost.Restarts;

public static class RestartExtensions
{
    /// <summary>Restart this resource with back-off whenever it exits without being asked to.</summary>
    public static IResourceBuilder<T> WithRestartOnCrash<T>(this IResourceBuilder<T> builder) where T : IResource
    {
        builder.ApplicationBuilder.Services.TryAddEventingSubscriber<CrashRestarter>();
        return builder.WithAnnotation(new RestartOnCrashAnnotation());
    }
}

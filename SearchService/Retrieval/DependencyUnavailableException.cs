namespace FitnessAssistant.SearchService.Retrieval;

/// <summary>
/// A dependency did not answer in time, failed, or its circuit is open. Search degrades around it where it can;
/// <see cref="RetryAfter"/> is the client's hint when it cannot.
/// </summary>
public sealed class DependencyUnavailableException(string dependency, string reason, Exception? inner = null, TimeSpan? retryAfter = null)
    : Exception($"{dependency} is unavailable: {reason}", inner)
{
    public string Dependency { get; } = dependency;

    public string Reason { get; } = reason;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}

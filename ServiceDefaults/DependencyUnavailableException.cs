namespace FitnessAssistant.ServiceDefaults;

/// <summary>
/// A named dependency (metadata, embedding, the vector database, ...) cannot do its part right now: it did not
/// answer in time, failed, or its circuit is open. Not the caller's fault: search degrades around it or answers
/// 503 with <see cref="RetryAfter"/>; indexing pauses and tries the same work again.
/// </summary>
public sealed class DependencyUnavailableException(string dependency, string reason, Exception? inner = null, TimeSpan? retryAfter = null)
    : Exception($"{dependency} is unavailable: {reason}", inner)
{
    public string Dependency { get; } = dependency;

    public string Reason { get; } = reason;

    /// <summary>The caller's hint for when to try again, when the dependency gives one.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

namespace FitnessAssistant.IndexingService.Pipeline;

/// <summary>
/// A dependency (metadata, embedding, the vector database) cannot do its part right now: not the message's
/// fault, so it does not count as a failed attempt; the consumer pauses and tries the same work again.
/// </summary>
public sealed class DependencyUnavailableException(string dependency, string message, Exception? inner = null)
    : Exception($"{dependency}: {message}", inner)
{
    public string Dependency { get; } = dependency;

    /// <summary>The dependency that failed if <paramref name="exception"/> is an outage (worth waiting for), else null.</summary>
    public static string? Of(Exception exception) => exception switch
    {
        DependencyUnavailableException unavailable => unavailable.Dependency,
        Npgsql.NpgsqlException npgsql when npgsql is not Npgsql.PostgresException || npgsql.IsTransient => "vectordb",
        _ => null,
    };
}

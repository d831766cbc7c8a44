namespace FitnessAssistant.SearchService.Retrieval;

/// <summary>Names of the dependencies, as they appear in degradation reasons, logs and metrics.</summary>
public static class Dependencies
{
    public const string Embedding = "embedding";
    public const string VectorIndex = "vector-index";
    public const string Metadata = "metadata";
    public const string Cache = "cache";
}

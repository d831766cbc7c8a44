namespace FitnessAssistant.VectorIndex;

/// <summary>A filtered k-nearest-neighbour query by cosine similarity.</summary>
/// <param name="Vector">The query vector; it must come from the model of the version searched.</param>
/// <param name="Limit">k: how many hits at most (1..1000).</param>
public sealed record VectorQuery(ReadOnlyMemory<float> Vector, int Limit)
{
    public ExerciseFilters Filter { get; init; } = ExerciseFilters.Empty;

    /// <summary>The version to search; null searches the active version (in Milvus: the alias).</summary>
    public string? Version { get; init; }

    /// <summary>When set, the search fails with <see cref="EmbeddingModelMismatchException"/> unless the version holds this model.</summary>
    public EmbeddingModel? Model { get; init; }

    /// <summary>Exact search (every matching vector compared): the reference for recall and verification.</summary>
    public bool Exact { get; init; }

    /// <summary>Candidate list size of the approximate search; null uses the configured default.</summary>
    public int? EfSearch { get; init; }
}

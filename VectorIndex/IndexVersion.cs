namespace FitnessAssistant.VectorIndex;

/// <summary>
/// One version of the index: every vector of one embedding model (and one choice of embedded text), stored in a
/// unit of its own (a pgvector table; a Milvus collection). <see cref="MissedChanges"/> counts batches of catalog
/// changes the version could not take (see <see cref="IVectorIndex.MarkBehindAsync"/>) since <see cref="BehindSince"/>.
/// </summary>
public sealed record IndexVersion(
    string Name,
    EmbeddingModel Model,
    int Dimensions,
    string DocumentFormat,
    IndexVersionState State,
    bool IsActive,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ReadyAt,
    DateTimeOffset? RetiredAt,
    string? Failure = null,
    long MissedChanges = 0,
    DateTimeOffset? BehindSince = null);

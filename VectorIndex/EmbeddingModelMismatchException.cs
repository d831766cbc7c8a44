namespace FitnessAssistant.VectorIndex;

/// <summary>Vectors of one model were written to (or searched in) a version that holds another model's.</summary>
public sealed class EmbeddingModelMismatchException(string version, EmbeddingModel expected, EmbeddingModel actual)
    : Exception($"Index version '{version}' holds vectors of {expected}, not {actual}.")
{
    public string Version { get; } = version;

    public EmbeddingModel Expected { get; } = expected;

    public EmbeddingModel Actual { get; } = actual;
}

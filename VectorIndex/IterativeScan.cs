namespace FitnessAssistant.VectorIndex;

/// <summary>Values of pgvector's <c>hnsw.iterative_scan</c>.</summary>
public enum IterativeScan
{
    Off,
    StrictOrder,
    RelaxedOrder,
}

namespace FitnessAssistant.VectorIndex;

/// <summary>
/// The version asked for cannot be searched or written: none is active yet, it does not exist, or it was retired.
/// Searchers treat it like an outage of the vector path (degrade to keyword results).
/// </summary>
public sealed class IndexNotReadyException(string message) : Exception(message);

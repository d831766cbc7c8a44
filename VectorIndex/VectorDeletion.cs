namespace FitnessAssistant.VectorIndex;

/// <summary>
/// Removes an exercise from search. The index keeps a tombstone at <paramref name="SourceVersion"/> so that an
/// older upsert arriving late (a retry, a re-index snapshot) cannot bring the exercise back.
/// </summary>
public sealed record VectorDeletion(string Id, long SourceVersion);

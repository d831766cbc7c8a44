namespace FitnessAssistant.VectorIndex;

/// <summary>
/// One exercise's vector with its filter attributes. <paramref name="SourceVersion"/> is the catalog row version it
/// was built from: a write only takes effect when it is newer than what the index holds, so a repeated or stale
/// event changes nothing.
/// </summary>
public sealed record VectorRecord(string Id, long SourceVersion, ReadOnlyMemory<float> Vector, ExerciseAttributes Attributes);

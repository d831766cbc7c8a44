namespace FitnessAssistant.VectorIndex;

/// <summary>One neighbour: cosine similarity in [-1, 1] (1 = same direction) and the stored attributes.</summary>
public sealed record VectorHit(string Id, double Similarity, long SourceVersion, ExerciseAttributes Attributes);

namespace FitnessAssistant.VectorIndex;

/// <summary>One neighbour: cosine similarity in [-1, 1] (1 = same direction) and the row version it was indexed from.</summary>
public sealed record VectorHit(string Id, double Similarity, long SourceVersion);

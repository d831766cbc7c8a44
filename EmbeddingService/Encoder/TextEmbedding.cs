namespace FitnessAssistant.EmbeddingService.Encoder;

/// <summary>A text's vector (L2-normalised) and how much of the text it covers.</summary>
public sealed record TextEmbedding(float[] Vector, int TokenCount, bool Truncated);

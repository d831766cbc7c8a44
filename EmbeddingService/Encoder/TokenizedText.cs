namespace FitnessAssistant.EmbeddingService.Encoder;

/// <summary>A text's token ids as the model reads them.</summary>
/// <param name="Ids">At most the model's token limit.</param>
/// <param name="TokenCount">Tokens in the whole text, before truncation.</param>
/// <param name="Truncated">The text had more tokens than the model reads; only the first ones were embedded.</param>
public sealed record TokenizedText(int[] Ids, int TokenCount, bool Truncated);

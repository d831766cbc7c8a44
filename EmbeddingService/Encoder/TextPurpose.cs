namespace FitnessAssistant.EmbeddingService.Encoder;

/// <summary>What a text is for: retrieval models put a different prefix before queries than before documents.</summary>
public enum TextPurpose
{
    Document,
    Query,
}

namespace FitnessAssistant.EmbeddingService.Tokenization;

/// <summary>Turns text into the token ids a model reads: the published model's own tokenizer, reproduced exactly.</summary>
public interface IModelTokenizer
{
    /// <summary>The ids of <paramref name="text"/> with the model's special tokens, if it has any.</summary>
    /// <exception cref="ArgumentException">The text is not well-formed Unicode (a lone surrogate).</exception>
    int[] Encode(string text);

    /// <summary>Shortens <paramref name="ids"/> (as <see cref="Encode"/> returned them) to <paramref name="maxTokens"/>,
    /// keeping the special tokens the model expects at the end.</summary>
    int[] Truncate(int[] ids, int maxTokens);
}

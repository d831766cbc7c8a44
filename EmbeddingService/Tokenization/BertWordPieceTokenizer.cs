using System.Buffers;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace FitnessAssistant.EmbeddingService.Tokenization;

/// <summary>
/// The uncased BERT tokenizer of the BERT-family encoders (Microsoft.ML.Tokenizers' <see cref="BertTokenizer"/>):
/// basic tokenization, lower case, accents stripped as the models were trained, WordPiece, and [CLS] ... [SEP].
/// </summary>
public sealed class BertWordPieceTokenizer : IModelTokenizer
{
    private readonly BertTokenizer _tokenizer;

    private BertWordPieceTokenizer(BertTokenizer tokenizer) => _tokenizer = tokenizer;

    public static BertWordPieceTokenizer Load(string vocabularyPath)
        => new(BertTokenizer.Create(vocabularyPath, new BertOptions { LowerCaseBeforeTokenization = true, RemoveNonSpacingMarks = true }));

    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!IsWellFormed(text))
        {
            throw new ArgumentException("The text is not well-formed Unicode (it holds a lone surrogate).", nameof(text));
        }
        return [.. _tokenizer.EncodeToIds(text, addSpecialTokens: true)];
    }

    public int[] Truncate(int[] ids, int maxTokens)
        => ids.Length > maxTokens ? [.. ids[..(maxTokens - 1)], _tokenizer.SeparatorTokenId] : ids;

    private static bool IsWellFormed(string text)
    {
        for (var rest = text.AsSpan(); !rest.IsEmpty;)
        {
            if (Rune.DecodeFromUtf16(rest, out _, out var consumed) != OperationStatus.Done)
            {
                return false;
            }
            rest = rest[consumed..];
        }
        return true;
    }
}

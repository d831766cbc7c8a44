using System.Text;
using System.Text.Json;
using Microsoft.ML.Tokenizers;

namespace FitnessAssistant.EmbeddingService.Tokenization;

/// <summary>
/// The Universal Sentence Encoder's tokenizer (its TF.js reference, @tensorflow-models/universal-sentence-encoder):
/// a SentencePiece unigram model over a JSON vocabulary (<c>[[piece, score], ...]</c>), run by
/// Microsoft.ML.Tokenizers' <see cref="SentencePieceTokenizer"/>. This class only adapts the published vocabulary
/// and the reference's conventions to it, so the ids are exactly the reference's.
/// </summary>
/// <remarks>
/// What the adaptation does, each checked against the reference (tests/EmbeddingService.Tests):
/// the reference normalises with NFKC and writes U+2581 for every space and before the text (done here, the
/// package's own escaping is off); it never matches the reserved leading entries (unknown, control symbols) and keeps
/// the last of a piece listed twice (the others are renamed to strings holding a space, which escaped text never
/// contains); it merges a run of unknown characters into one unknown id; and its lattice takes a best score of exactly
/// 0 for "unset", so a zero-scored piece (those with ':' have no score in the published file) starting the text is
/// always displaced by another path: for the first word a second tokenizer without those pieces is used. No piece
/// contains U+2581 after its first character, so segmentations never cross a word start and the split is exact.
/// </remarks>
public sealed class UniversalSentenceEncoderTokenizer : IModelTokenizer
{
    public const char WordBoundary = '\u2581';
    public const int UnknownId = 0;

    private readonly SentencePieceTokenizer _tokenizer;
    private readonly SentencePieceTokenizer _firstWordTokenizer;

    private UniversalSentenceEncoderTokenizer(IReadOnlyList<(string Piece, float Score)> vocabulary, int reservedSymbols)
    {
        if (!IsNormalizationAvailable)
        {
            throw new InvalidOperationException(
                "Unicode normalisation is not available: the process runs in globalization-invariant mode, where NFKC " +
                "leaves text unchanged and token ids would differ from the model's. Set InvariantGlobalization=false.");
        }
        var lastIdOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var id = reservedSymbols; id < vocabulary.Count; id++)
        {
            lastIdOf[vocabulary[id].Piece] = id;
        }
        var pieces = vocabulary
            .Select((entry, id) => id < reservedSymbols || lastIdOf[entry.Piece] != id ? (Unmatchable(id), entry.Score) : entry)
            .ToList();
        _tokenizer = Create(pieces);
        _firstWordTokenizer = Create(pieces.Select((entry, id) =>
            entry.Score == 0 && entry.Item1.StartsWith(WordBoundary) ? (Unmatchable(id), entry.Score) : entry));
        VocabularySize = vocabulary.Count;
    }

    public int VocabularySize { get; }

    public static UniversalSentenceEncoderTokenizer Load(string vocabularyPath, int reservedSymbols)
    {
        using var stream = File.OpenRead(vocabularyPath);
        return Load(stream, reservedSymbols);
    }

    public static UniversalSentenceEncoderTokenizer Load(Stream vocabularyJson, int reservedSymbols)
    {
        using var document = JsonDocument.Parse(vocabularyJson);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException("The vocabulary must be a JSON array of [piece, score] pairs.");
        }
        var vocabulary = new List<(string, float)>();
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Array || entry.GetArrayLength() != 2 || entry[0].GetString() is not { } piece)
            {
                throw new InvalidDataException($"Vocabulary entry {vocabulary.Count} is not a [piece, score] pair.");
            }
            // The published vocabulary has null scores (pieces with ':'); the reference takes them as 0.
            vocabulary.Add((piece, entry[1].ValueKind == JsonValueKind.Null ? 0 : entry[1].GetSingle()));
        }
        if (vocabulary.Count <= reservedSymbols)
        {
            throw new InvalidDataException($"The vocabulary has {vocabulary.Count} entries, no more than its {reservedSymbols} reserved symbols.");
        }
        return new UniversalSentenceEncoderTokenizer(vocabulary, reservedSymbols);
    }

    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var prepared = Prepare(text);
        if (prepared.Length == 0)
        {
            return [];
        }
        var firstWordEnd = prepared.IndexOf(WordBoundary, 1);
        if (firstWordEnd < 0)
        {
            firstWordEnd = prepared.Length;
        }
        IEnumerable<int> ids = _firstWordTokenizer.EncodeToIds(prepared[..firstWordEnd], false, false, false, false);
        if (firstWordEnd < prepared.Length)
        {
            ids = ids.Concat(_tokenizer.EncodeToIds(prepared[firstWordEnd..], false, false, false, false));
        }
        return MergeUnknownRuns(ids);
    }

    public int[] Truncate(int[] ids, int maxTokens) => ids.Length > maxTokens ? ids[..maxTokens] : ids;

    /// <summary>False in globalization-invariant mode, where <see cref="string.Normalize()"/> leaves non-ASCII text as it is.</summary>
    public static bool IsNormalizationAvailable { get; } = "\uFB01".Normalize(NormalizationForm.FormKC) == "fi";

    private static SentencePieceTokenizer Create(IEnumerable<(string, float)> pieces)
        => SentencePieceTokenizer.Create(
            pieces,
            UnknownId,
            addBeginningOfSentence: false,
            addEndOfSentence: false,
            addDummyPrefix: false,
            escapeWhiteSpaces: false);

    private static string Unmatchable(int id) => $"<unmatchable {id}>";

    private static string Prepare(string text)
    {
        string normalized;
        try
        {
            normalized = text.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException exception)
        {
            throw new ArgumentException("The text is not well-formed Unicode (it holds a lone surrogate).", nameof(text), exception);
        }
        return normalized.Length == 0 ? normalized : WordBoundary + normalized.Replace(' ', WordBoundary);
    }

    private static int[] MergeUnknownRuns(IEnumerable<int> ids)
    {
        var merged = new List<int>();
        foreach (var id in ids)
        {
            if (id != UnknownId || merged.Count == 0 || merged[^1] != UnknownId)
            {
                merged.Add(id);
            }
        }
        return [.. merged];
    }
}

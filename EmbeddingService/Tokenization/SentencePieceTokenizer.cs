using System.Text;
using System.Text.Json;

namespace FitnessAssistant.EmbeddingService.Tokenization;

/// <summary>
/// SentencePiece unigram tokenizer over a JSON vocabulary (<c>[[piece, score], ...]</c>), producing exactly the ids
/// of the reference tokenizer the model was published with (the Universal Sentence Encoder's TF.js tokenizer):
/// NFKC normalisation, U+2581 for spaces and as a word-start marker, a Viterbi search over a lattice of vocabulary
/// pieces, unknown characters as id 0 and runs of unknowns merged into one.
/// </summary>
/// <remarks>
/// The reference has a few behaviours a textbook implementation would not, and the vectors depend on them, so they
/// are reproduced on purpose: an unknown character scores 0 (better than any real piece); a lattice position whose
/// best score is exactly 0 counts as unset, so any later candidate replaces it; ties go to the later candidate; and
/// the backward pass steps back by the UTF-16 length of the chosen piece.
/// </remarks>
public sealed class SentencePieceTokenizer
{
    public const char WordBoundary = '\u2581';
    public const int UnknownId = 0;

    private readonly string[] pieces;
    private readonly TrieNode root = new();

    private SentencePieceTokenizer(string[] pieces, double[] scores, int reservedSymbols)
    {
        if (!IsNormalizationAvailable)
        {
            throw new InvalidOperationException(
                "Unicode normalisation is not available: the process runs in globalization-invariant mode, where NFKC " +
                "leaves text unchanged and token ids would differ from the model's. Set InvariantGlobalization=false.");
        }
        this.pieces = pieces;
        // The first ids are unknown, control and user-defined symbols: never produced by matching text.
        for (var id = reservedSymbols; id < pieces.Length; id++)
        {
            Insert(pieces[id], scores[id], id);
        }
    }

    public int VocabularySize => pieces.Length;

    public static SentencePieceTokenizer Load(string vocabularyPath, int reservedSymbols)
    {
        using var stream = File.OpenRead(vocabularyPath);
        return Load(stream, reservedSymbols);
    }

    public static SentencePieceTokenizer Load(Stream vocabularyJson, int reservedSymbols)
    {
        using var document = JsonDocument.Parse(vocabularyJson);
        var entries = document.RootElement;
        if (entries.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException("The vocabulary must be a JSON array of [piece, score] pairs.");
        }
        var pieces = new string[entries.GetArrayLength()];
        var scores = new double[pieces.Length];
        var id = 0;
        foreach (var entry in entries.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Array || entry.GetArrayLength() != 2)
            {
                throw new InvalidDataException($"Vocabulary entry {id} is not a [piece, score] pair.");
            }
            pieces[id] = entry[0].GetString() ?? throw new InvalidDataException($"Vocabulary entry {id} has no piece.");
            // The published vocabulary has null scores (pieces with ':'); the reference adds them as 0.
            scores[id] = entry[1].ValueKind == JsonValueKind.Null ? 0 : entry[1].GetDouble();
            id++;
        }
        if (pieces.Length <= reservedSymbols)
        {
            throw new InvalidDataException($"The vocabulary has {pieces.Length} entries, no more than its {reservedSymbols} reserved symbols.");
        }
        return new SentencePieceTokenizer(pieces, scores, reservedSymbols);
    }

    /// <summary>The token ids of <paramref name="text"/>; empty for empty text.</summary>
    /// <exception cref="ArgumentException">The text is not well-formed UTF-16 (a lone surrogate).</exception>
    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var symbols = ToCodePoints(Prepare(text));
        var count = symbols.Length;

        // lattice[end] lists the pieces ending at `end`, in increasing start order (the reference's iteration order).
        var lattice = new List<LatticeEntry>?[count + 1];
        for (var start = 0; start < count; start++)
        {
            var matched = false;
            var node = root.Child(symbols[start]);
            for (var position = start; node is not null; position++)
            {
                if (node.Id >= 0)
                {
                    Add(lattice, start + node.Length, new LatticeEntry(start, node.Id, node.Score));
                    matched = true;
                }
                node = position + 1 < count ? node.Child(symbols[position + 1]) : null;
            }
            if (!matched)
            {
                Add(lattice, start + 1, new LatticeEntry(start, UnknownId, 0));
            }
        }

        var best = new double[count + 1];
        var words = new int[count + 1];
        for (var end = 0; end <= count; end++)
        {
            if (lattice[end] is not { } entries)
            {
                continue;
            }
            foreach (var entry in entries)
            {
                var score = entry.Score + best[entry.Start];
                if (best[end] == 0 || score >= best[end])
                {
                    best[end] = score;
                    words[end] = entry.Id;
                }
            }
        }

        var reversed = new List<int>();
        for (var position = count; position > 0; position -= pieces[words[position]].Length)
        {
            reversed.Add(words[position]);
        }

        var ids = new List<int>(reversed.Count);
        var previousUnknown = false;
        for (var i = reversed.Count - 1; i >= 0; i--)
        {
            var id = reversed[i];
            if (!(previousUnknown && id == UnknownId))
            {
                ids.Add(id);
            }
            previousUnknown = id == UnknownId;
        }
        return [.. ids];
    }

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

    /// <summary>False in globalization-invariant mode, where <see cref="string.Normalize()"/> leaves non-ASCII text as it is.</summary>
    public static bool IsNormalizationAvailable { get; } = "\uFB01".Normalize(NormalizationForm.FormKC) == "fi";

    private static int[] ToCodePoints(string text)
    {
        var symbols = new List<int>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                symbols.Add(char.ConvertToUtf32(text[i], text[i + 1]));
                i++;
            }
            else
            {
                symbols.Add(text[i]);
            }
        }
        return [.. symbols];
    }

    private static void Add(List<LatticeEntry>?[] lattice, int end, LatticeEntry entry)
        => (lattice[end] ??= []).Add(entry);

    private void Insert(string piece, double score, int id)
    {
        var symbols = ToCodePoints(piece);
        if (symbols.Length == 0)
        {
            return;
        }
        var node = root;
        foreach (var symbol in symbols)
        {
            node = node.GetOrAddChild(symbol);
        }
        // A piece listed twice keeps its last id and score, as in the reference.
        node.Id = id;
        node.Score = score;
        node.Length = symbols.Length;
    }

    private readonly record struct LatticeEntry(int Start, int Id, double Score);

    private sealed class TrieNode
    {
        private Dictionary<int, TrieNode>? children;

        /// <summary>The id of the piece ending here, or -1 when this node is only a prefix.</summary>
        public int Id { get; set; } = -1;

        public double Score { get; set; }

        /// <summary>The piece's length in code points.</summary>
        public int Length { get; set; }

        public TrieNode? Child(int symbol)
            => children is not null && children.TryGetValue(symbol, out var child) ? child : null;

        public TrieNode GetOrAddChild(int symbol)
        {
            children ??= [];
            if (!children.TryGetValue(symbol, out var child))
            {
                child = new TrieNode();
                children[symbol] = child;
            }
            return child;
        }
    }
}

using System.Text;
using FitnessAssistant.EmbeddingService.Tokenization;

namespace FitnessAssistant.EmbeddingService.Tests.Tokenization;

public sealed class SentencePieceTokenizerTests
{
    // Ids 0-5 are reserved (unknown, control symbols); pieces start at 6. Like the real vocabulary, every letter
    // used is also a piece on its own, so every position of the lattice is reachable.
    private static readonly SentencePieceTokenizer Tokenizer = Load(
        ("\u2581hello", -1), ("\u2581he", -2), ("llo", -2), ("\u2581", -3), ("fi", -4), ("\u2581x", -5), ("\u2581x", -0.5),
        ("h", -10), ("e", -10), ("l", -10), ("o", -10), ("f", -10), ("i", -10));

    private const int Hello = 6, Boundary = 9, Fi = 10, XLast = 12, H = 13;

    [Fact]
    public void Empty_text_has_no_tokens() => Tokenizer.Encode("").Should().BeEmpty();

    [Fact]
    public void The_most_likely_segmentation_wins()
        => Tokenizer.Encode("hello hello").Should().Equal(Hello, Hello); // -1 each, against ▁he + llo = -4

    [Fact]
    public void Spaces_become_word_boundaries()
        => Tokenizer.Encode(" hello").Should().Equal(Boundary, Hello);

    [Fact]
    public void A_run_of_unknown_characters_is_one_unknown_token()
        => Tokenizer.Encode("hé€").Should().Equal(Boundary, H, SentencePieceTokenizer.UnknownId);

    [Fact]
    public void Text_is_NFKC_normalised_first()
        => Tokenizer.Encode("\uFB01").Should().Equal(Boundary, Fi); // the ligature ﬁ is f + i

    [Fact]
    public void A_piece_listed_twice_keeps_its_last_id()
        => Tokenizer.Encode("x").Should().Equal(XLast);

    [Fact]
    public void Text_with_a_lone_surrogate_is_refused()
        => FluentActions.Invoking(() => Tokenizer.Encode("a\uD800b")).Should().Throw<ArgumentException>();

    [Fact]
    public void A_vocabulary_that_is_not_a_list_of_pairs_is_refused()
        => FluentActions.Invoking(() => SentencePieceTokenizer.Load(new MemoryStream("{\"a\": 1}"u8.ToArray()), 6))
            .Should().Throw<InvalidDataException>();

    private static SentencePieceTokenizer Load(params (string Piece, double Score)[] pieces)
    {
        var entries = new[] { "\uFFFD", "<s>", "</s>", "r3", "r4", "r5" }.Select(p => $"[\"{p}\", 0]")
            .Concat(pieces.Select(p => $"[\"{p.Piece}\", {p.Score.ToString(System.Globalization.CultureInfo.InvariantCulture)}]"));
        return SentencePieceTokenizer.Load(new MemoryStream(Encoding.UTF8.GetBytes($"[{string.Join(",", entries)}]")), reservedSymbols: 6);
    }
}

using System.Text;
using FitnessAssistant.EmbeddingService.Tokenization;

namespace FitnessAssistant.EmbeddingService.Tests.Tokenization;

/// <summary>The adaptation of the reference's conventions to Microsoft.ML.Tokenizers, on a small vocabulary.</summary>
public sealed class UniversalSentenceEncoderTokenizerTests
{
    // Ids 0-5 are reserved (unknown, control symbols); pieces start at 6. Like the real vocabulary, every letter
    // used is also a piece on its own, so every position of the lattice is reachable.
    private static readonly UniversalSentenceEncoderTokenizer Tokenizer = Load(
        ("\u2581hello", -1), ("\u2581he", -2), ("llo", -2), ("\u2581", -3), ("fi", -4), ("\u2581x", -5), ("\u2581x", -0.5),
        ("h", -10), ("e", -10), ("l", -10), ("o", -10), ("f", -10), ("i", -10), ("\u2581:", 0), (":", 0), ("x", -10));

    private const int Hello = 6, Boundary = 9, Fi = 10, XLast = 12, H = 13, BoundaryColon = 19, Colon = 20;

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
        => Tokenizer.Encode("hé€").Should().Equal(Boundary, H, UniversalSentenceEncoderTokenizer.UnknownId);

    [Fact]
    public void Text_is_NFKC_normalised_first()
        => Tokenizer.Encode("\uFB01").Should().Equal(Boundary, Fi); // the ligature ﬁ is f + i

    [Fact]
    public void A_piece_listed_twice_keeps_its_last_id()
        => Tokenizer.Encode("x").Should().Equal(XLast);

    [Fact]
    public void Reserved_symbols_are_never_matched()
        => Tokenizer.Encode("<s>").Should().NotContain([1, 2]);

    [Fact]
    public void A_zero_scored_piece_does_not_start_the_text_but_does_start_a_later_word()
    {
        // The reference reads a best score of exactly 0 as "unset", so "▁:" (score 0) at the very start loses to ▁ + ":".
        Tokenizer.Encode(":").Should().Equal(Boundary, Colon);
        Tokenizer.Encode("x :").Should().Equal(XLast, BoundaryColon);
    }

    [Fact]
    public void Text_with_a_lone_surrogate_is_refused()
        => FluentActions.Invoking(() => Tokenizer.Encode("a\uD800b")).Should().Throw<ArgumentException>();

    [Fact]
    public void A_vocabulary_that_is_not_a_list_of_pairs_is_refused()
        => FluentActions.Invoking(() => UniversalSentenceEncoderTokenizer.Load(new MemoryStream("{\"a\": 1}"u8.ToArray()), 6))
            .Should().Throw<InvalidDataException>();

    private static UniversalSentenceEncoderTokenizer Load(params (string Piece, double Score)[] pieces)
    {
        var entries = new[] { "\uFFFD", "<s>", "</s>", "r3", "r4", "r5" }.Select(p => $"[\"{p}\", 0]")
            .Concat(pieces.Select(p => $"[\"{p.Piece}\", {p.Score.ToString(System.Globalization.CultureInfo.InvariantCulture)}]"));
        return UniversalSentenceEncoderTokenizer.Load(new MemoryStream(Encoding.UTF8.GetBytes($"[{string.Join(",", entries)}]")), reservedSymbols: 6);
    }
}

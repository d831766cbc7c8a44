using FitnessAssistant.MetadataService.Search;

namespace FitnessAssistant.MetadataService.Tests;

public sealed class KeywordQueryTests
{
    private static readonly Vocabulary.CatalogVocabulary Vocabulary = TestVocabulary.Create();

    [Fact]
    public void Neighbours_also_count_joined_and_hyphenated()
    {
        var query = KeywordQuery.Parse("Press Ups", Vocabulary);

        query.Text.Should().Be("press ups");
        query.Words.Select(w => w.Token).Should().Equal("press", "ups");
        query.Words[0].Alternatives.Should().BeEquivalentTo(["press-ups", "pressups"]);
        query.Words[1].Alternatives.Should().BeEquivalentTo(["press-ups", "pressups"]);
    }

    [Fact]
    public void Synonyms_and_misspellings_add_the_canonical_value_phrases_included()
    {
        KeywordQuery.Parse("abs", Vocabulary).Words.Single().Alternatives.Should().Contain("abdominals");
        KeywordQuery.Parse("dumbell", Vocabulary).Words.Single().Alternatives.Should().Contain("dumbbell");

        var phrase = KeywordQuery.Parse("quads no equipment", Vocabulary);
        phrase.Words[0].Alternatives.Should().Contain("quadriceps");
        phrase.Words[1].Alternatives.Should().Contain(["body", "only"]);
        phrase.Words[2].Alternatives.Should().Contain(["body", "only"]);
    }

    [Fact]
    public void A_canonical_phrase_does_not_cross_link_its_own_words()
        => KeywordQuery.Parse("lower back", Vocabulary).Words[0].Alternatives.Should().NotContain("back");

    [Fact]
    public void Text_is_folded_and_bounded()
    {
        KeywordQuery.Parse("Crunché!! ÉLÉVATION", Vocabulary).Text.Should().Be("crunche elevation");
        KeywordQuery.Parse(string.Join(' ', Enumerable.Repeat("curl", 100)), Vocabulary).Words.Should().HaveCount(KeywordQuery.MaxWords);
        KeywordQuery.Parse("  ,;  ", Vocabulary).Words.Should().BeEmpty();
    }

    [Fact]
    public void Unpaired_surrogates_and_a_pair_cut_at_the_length_limit_are_word_breaks()
    {
        KeywordQuery.Parse("curl\ud800row", Vocabulary).Words.Select(w => w.Token).Should().Equal("curl", "row");

        var cut = new string('a', KeywordQuery.MaxLength - 1) + "\ud83d\udcaa";
        KeywordQuery.Parse(cut, Vocabulary).Words.Single().Token.Should().HaveLength(KeywordQuery.MaxLength - 1);
    }
}

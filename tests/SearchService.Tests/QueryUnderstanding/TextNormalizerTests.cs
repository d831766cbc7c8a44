using FitnessAssistant.SearchService.QueryUnderstanding;

namespace FitnessAssistant.SearchService.Tests.QueryUnderstanding;

public class TextNormalizerTests
{
    [Theory]
    [InlineData("Press-Ups!", "press ups")]
    [InlineData("  Farmer's   Walk ", "farmers walk")]
    [InlineData("3/4 Sit-Up", "3 4 sit up")]
    [InlineData("Crème brûlée STRETCH", "creme brulee stretch")]
    [InlineData("E-Z curl bar", "e z curl bar")]
    [InlineData("Straße", "strasse")]
    [InlineData("!!!", "")]
    public void Normalize_folds_case_accents_and_punctuation(string input, string expected)
        => TextNormalizer.Normalize(input).Should().Be(expected);

    [Fact]
    public void Tokenize_splits_on_word_breaks()
        => TextNormalizer.Tokenize("lower-back, no equipment").Should().Equal("lower", "back", "no", "equipment");
}

public class InflectionTests
{
    [Theory]
    [InlineData("stretches", "stretch")]
    [InlineData("curls", "curl")]
    [InlineData("pressing", "press")]
    [InlineData("rolling", "roll")]
    [InlineData("running", "run")]
    [InlineData("press", "press")]
    [InlineData("ups", "up")]
    [InlineData("flies", "fly")]
    public void Stem_reduces_plurals_and_ing_forms(string word, string stem)
        => Inflection.Stem(word).Should().Be(stem);
}

using FitnessAssistant.SearchService.QueryUnderstanding;

namespace FitnessAssistant.SearchService.Tests.QueryUnderstanding;

public class LanguageTests
{
    private static readonly Vocabulary Vocabulary = BuiltInVocabulary.Create();

    private static ParsedQuery Parse(string query) => QueryParser.Parse(query, Vocabulary);

    [Theory]
    [InlineData("Rumänisches Kreuzheben", "romanian deadlift", "de")]
    [InlineData("zancadas con mancuernas", "lunges with dumbbells", "es")]
    [InlineData("développé militaire", "military press", "fr")]
    [InlineData("stacchi", "deadlifts", "it")]
    [InlineData("agachamentos", "squats", "pt")]
    public void Exercise_names_of_other_languages_read_as_the_english_catalog_names(string query, string text, string language)
    {
        var parsed = Parse(query);

        parsed.Text.Should().Be(text);
        parsed.Language.Should().Be(language);
        parsed.Corrections.Should().BeEmpty("words of a known language are not misspellings");
    }

    [Theory]
    [InlineData("Übungen für den Nacken", FacetField.Muscle, "neck")]
    [InlineData("ejercicios de gemelos", FacetField.Muscle, "calves")]
    [InlineData("exercices avec haltères", FacetField.Equipment, "dumbbell")]
    [InlineData("esercizi per i polpacci", FacetField.Muscle, "calves")]
    [InlineData("alongamentos", FacetField.Category, "stretching")]
    public void Muscles_equipment_and_categories_of_other_languages_are_facets(string query, FacetField field, string value)
        => Parse(query).ValuesOf(field).Should().Contain(value);

    [Fact]
    public void A_negation_in_another_language_is_a_negation()
    {
        var parsed = Parse("Brust ohne Langhantel");

        parsed.Constraints.Should().ContainSingle().Which.Values.Should().Equal("barbell");
        parsed.Language.Should().Be("de");
    }

    [Theory]
    [InlineData("dumbbell step ups")]
    [InlineData("hamstring curls for beginners")]
    public void English_queries_have_no_language(string query) => Parse(query).Language.Should().BeNull();

    [Fact]
    public void Up_binds_to_the_movement_word_before_it()
    {
        var parsed = Parse("dumbbell step ups");

        parsed.Terms.Should().Equal("step ups");
        parsed.ValuesOf(FacetField.Equipment).Should().Equal("dumbbell");
    }
}

using FitnessAssistant.SearchService.QueryUnderstanding;

namespace FitnessAssistant.SearchService.Tests.QueryUnderstanding;

public class QueryParserTests
{
    private static readonly Vocabulary Vocabulary = BuiltInVocabulary.Create();

    private static ParsedQuery Parse(string query) => QueryParser.Parse(query, Vocabulary);

    [Theory]
    [InlineData("abs", "abdominals")]
    [InlineData("quads", "quadriceps")]
    [InlineData("pecs", "chest")]
    [InlineData("delts", "shoulders")]
    [InlineData("lower back", "lower back")]
    [InlineData("lumbar", "lower back")]
    [InlineData("inner thigh", "adductors")]
    public void Recognises_muscles_and_their_synonyms(string query, string muscle)
        => Parse(query).ValuesOf(FacetField.Muscle).Should().Equal(muscle);

    [Theory]
    [InlineData("no equipment")]
    [InlineData("without weights")]
    [InlineData("bodyweight")]
    [InlineData("body weight")]
    public void Absence_of_equipment_means_body_only_or_none(string query)
    {
        var parsed = Parse(query);
        parsed.ValuesOf(FacetField.Equipment).Should().Contain("body only");
        parsed.Terms.Should().BeEmpty();
    }

    [Theory]
    [InlineData("hamstring strengthening")]
    [InlineData("strengthen my lower back")]
    public void Strengthening_names_every_loaded_category_not_only_the_one_called_strength(string query)
        => Parse(query).ValuesOf(FacetField.Category)
            .Should().BeEquivalentTo("strength", "powerlifting", "strongman", "olympic weightlifting");

    [Fact]
    public void The_word_strength_is_the_catalogs_category()
        => Parse("strength exercises for the chest").ValuesOf(FacetField.Category).Should().Equal("strength");

    [Fact]
    public void No_equipment_covers_records_without_equipment()
        => Parse("glute exercises without weights").ValuesOf(FacetField.Equipment)
            .Should().BeEquivalentTo("body only", FacetFields.Unstated);

    [Theory]
    [InlineData("dumbell rows", "dumbell", "dumbbell")]
    [InlineData("hamstrng strech", "hamstrng", "hamstring")]
    [InlineData("kettlebel swing", "kettlebel", "kettlebell")]
    [InlineData("tricpes pushdown", "tricpes", "triceps")]
    public void Corrects_misspellings_to_known_words(string query, string from, string to)
        => Parse(query).Corrections.Should().ContainEquivalentOf(new SpellingCorrection(from, to));

    [Fact]
    public void A_misspelt_stretch_for_a_misspelt_muscle_becomes_two_facets()
    {
        var parsed = Parse("hamstrng strech");

        parsed.Text.Should().Be("hamstring stretch");
        parsed.ValuesOf(FacetField.Muscle).Should().Equal("hamstrings");
        parsed.ValuesOf(FacetField.Category).Should().Equal("stretching");
    }

    [Fact]
    public void A_misspelt_plural_is_corrected_to_its_singular()
    {
        var parsed = Parse("shruggs for traps");

        parsed.Terms.Should().Equal("shrugs");
        parsed.ValuesOf(FacetField.Muscle).Should().Equal("traps");
    }

    [Theory]
    [InlineData("press-ups")]
    [InlineData("press ups")]
    [InlineData("pushups")]
    [InlineData("push-ups")]
    public void British_and_joined_push_ups_read_as_push_ups_not_as_a_push_force(string query)
    {
        var parsed = Parse(query);

        parsed.Text.Should().Be("push ups");
        parsed.Terms.Should().Equal("push ups");
        parsed.Facets.Should().BeEmpty();
    }

    [Fact]
    public void Recognises_every_kind_of_facet()
    {
        var parsed = Parse("advanced isolation static holds with a barbell, plyometrics");

        parsed.ValuesOf(FacetField.Level).Should().Equal("expert");
        parsed.ValuesOf(FacetField.Mechanic).Should().Equal("isolation");
        parsed.ValuesOf(FacetField.Force).Should().Equal("static");
        parsed.ValuesOf(FacetField.Equipment).Should().Equal("barbell");
        parsed.ValuesOf(FacetField.Category).Should().Equal("plyometrics");
    }

    [Fact]
    public void Longest_phrase_wins()
    {
        var parsed = Parse("medicine ball slams");

        parsed.ValuesOf(FacetField.Equipment).Should().Equal("medicine ball");
        parsed.Terms.Should().Equal("slams");
    }

    [Fact]
    public void A_broad_word_stands_for_several_values()
        => Parse("arms").ValuesOf(FacetField.Muscle).Should().BeEquivalentTo("biceps", "triceps", "forearms");

    [Fact]
    public void Request_words_are_not_terms_but_stay_in_the_text()
    {
        var parsed = Parse("barbell exercises for chest");

        parsed.Terms.Should().BeEmpty();
        parsed.Text.Should().Be("barbell exercises for chest");
        parsed.KeywordText.Should().Be("barbell chest");
    }

    [Fact]
    public void Keyword_text_adds_catalog_names_for_slang()
        => Parse("abs crunch").KeywordText.Should().Be("crunch abs abdominals");

    [Fact]
    public void Plural_facet_words_are_recognised()
        => Parse("stretches for the calves").ValuesOf(FacetField.Category).Should().Equal("stretching");

    [Theory]
    [InlineData("arnold press")]
    [InlineData("zercher squat")]
    [InlineData("one arm row")]
    [InlineData("close grip bench press")]
    public void Movement_names_are_not_mistaken_for_facets(string query)
        => Parse(query).Facets.Should().BeEmpty();

    [Fact]
    public void Unknown_words_are_kept_as_they_are()
    {
        var parsed = Parse("zercher");

        parsed.Corrections.Should().BeEmpty();
        parsed.Terms.Should().Equal("zercher");
    }

    [Fact]
    public void Catalog_words_extend_what_can_be_corrected()
    {
        Parse("zerchr squat").Terms.Should().Contain("zerchr");

        var extended = Vocabulary.Extend([], [], Vocabulary.Once(["Zercher Squat"]));

        QueryParser.Parse("zerchr squat", extended).Terms.Should().Equal("zercher", "squat");
    }

    [Fact]
    public void Values_that_are_everyday_words_are_not_recognised_in_text()
    {
        var parsed = Parse("box jumps and other plyometrics");

        parsed.ValuesOf(FacetField.Equipment).Should().BeEmpty();
        parsed.ValuesOf(FacetField.Category).Should().Equal("plyometrics");
        Vocabulary.TryResolve(FacetField.Equipment, "other", out var other).Should().BeTrue("it is still a valid filter value");
        other.Should().Be("other");
    }
}

using FitnessAssistant.SearchService.QueryUnderstanding;

namespace FitnessAssistant.SearchService.Tests.QueryUnderstanding;

public class VocabularyProviderTests
{
    [Fact]
    public void The_catalogs_synonyms_and_words_are_merged_into_the_built_in_vocabulary()
    {
        var provider = new VocabularyProvider();
        QueryParser.Parse("zottman curl", provider.Current).Corrections.Should().BeEmpty();

        provider.UseCatalogVocabulary(
            [new FacetValue(FacetField.Muscle, "abdominals", ["abdominels"]), new FacetValue(FacetField.Equipment, "sandbag", ["sand bag"])],
            [KeyValuePair.Create("zottman", 2), KeyValuePair.Create("curl", 40)]);

        provider.HasCatalogVocabulary.Should().BeTrue();
        QueryParser.Parse("abdominels", provider.Current).ValuesOf(FacetField.Muscle).Should().Equal("abdominals");
        QueryParser.Parse("sand bag carry", provider.Current).ValuesOf(FacetField.Equipment).Should().Equal("sandbag");
        provider.Current.ValuesOf(FacetField.Equipment).Should().Contain("sandbag");
        QueryParser.Parse("zotman curl", provider.Current).Terms.Should().Equal("zottman", "curl");
        QueryParser.Parse("quads", provider.Current).ValuesOf(FacetField.Muscle).Should().Equal(["quadriceps"], "the built-in synonyms stay");
    }

    [Fact]
    public void Catalog_synonyms_that_name_parts_of_movements_are_not_used_for_facets()
    {
        var provider = new VocabularyProvider();

        provider.UseCatalogVocabulary([new FacetValue(FacetField.Muscle, "forearms", ["grip"])], []);

        QueryParser.Parse("close grip bench press", provider.Current).Facets.Should().BeEmpty();
    }

    [Fact]
    public void Catalog_misspellings_are_corrected_not_taken_as_words()
    {
        var provider = new VocabularyProvider();

        provider.UseCatalogVocabulary(
        [
            new FacetValue(FacetField.Muscle, "hamstrings", ["hamstring"]) { Misspellings = ["hamstrng"] },
            new FacetValue(FacetField.Muscle, "glutes", []) { Misspellings = ["glootez"] },
        ], []);

        var parsed = QueryParser.Parse("hamstrng strech", provider.Current);
        parsed.Text.Should().Be("hamstring stretch", "the closest real word wins over the listed value");
        parsed.ValuesOf(FacetField.Muscle).Should().Equal("hamstrings");

        var far = QueryParser.Parse("glootez", provider.Current);
        far.Corrections.Should().ContainSingle().Which.Should().Be(new SpellingCorrection("glootez", "glutes"));
        far.ValuesOf(FacetField.Muscle).Should().Equal("glutes");
    }
}

using FitnessAssistant.SearchService.QueryUnderstanding;
using FitnessAssistant.SearchService.Retrieval;

namespace FitnessAssistant.SearchService.Tests.Retrieval;

public class VectorIndexSearchTests
{
    [Fact]
    public void Filters_are_pushed_down_to_the_index()
    {
        var filters = new ExerciseFilters(
        [
            KeyValuePair.Create(FacetField.Muscle, (IEnumerable<string>)["chest", "triceps"]),
            KeyValuePair.Create(FacetField.Equipment, (IEnumerable<string>)["barbell"]),
            KeyValuePair.Create(FacetField.Level, (IEnumerable<string>)["beginner"]),
        ]);

        var vectorFilter = VectorIndexSearch.ToVectorFilter(filters);

        vectorFilter.Muscles.Should().Equal("chest", "triceps");
        vectorFilter.Equipment.Should().Equal("barbell");
        vectorFilter.Levels.Should().Equal("beginner");
        vectorFilter.Categories.Should().BeEmpty();
    }

    [Fact]
    public void A_field_asking_for_an_unstated_value_is_left_to_the_check_against_the_catalog()
    {
        var filters = new ExerciseFilters(
        [
            KeyValuePair.Create(FacetField.Equipment, (IEnumerable<string>)["body only", FacetFields.Unstated]),
            KeyValuePair.Create(FacetField.Category, (IEnumerable<string>)["stretching"]),
        ]);

        var vectorFilter = VectorIndexSearch.ToVectorFilter(filters);

        vectorFilter.Equipment.Should().BeEmpty();
        vectorFilter.Categories.Should().Equal("stretching");
    }
}

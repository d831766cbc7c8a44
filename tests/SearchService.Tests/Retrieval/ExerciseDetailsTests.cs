using FitnessAssistant.SearchService.Retrieval;

namespace FitnessAssistant.SearchService.Tests.Retrieval;

public class ExerciseDetailsTests
{
    private static ExerciseFilters Filters(params (FacetField Field, string[] Values)[] values)
        => new(values.Select(v => KeyValuePair.Create(v.Field, (IEnumerable<string>)v.Values)));

    [Fact]
    public void Filters_are_satisfied_by_their_values_and_none_by_an_unstated_attribute()
    {
        var exercise = new ExerciseDetails("x", "X", "strength", "beginner", null, null, null, ["chest"], ["triceps"]);

        exercise.Satisfies(Filters((FacetField.Equipment, [FacetFields.Unstated]))).Should().BeTrue();
        exercise.Satisfies(Filters((FacetField.Equipment, ["barbell"]))).Should().BeFalse();
        exercise.Satisfies(Filters((FacetField.Muscle, ["triceps"]), (FacetField.Level, ["beginner", "expert"]))).Should().BeTrue();
    }
}

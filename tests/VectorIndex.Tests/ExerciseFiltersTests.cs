namespace FitnessAssistant.VectorIndex.Tests;

public class ExerciseFiltersTests
{
    private static ExerciseFilters Filters(params (FacetField Field, string[] Values)[] values)
        => new(values.Select(v => KeyValuePair.Create(v.Field, (IEnumerable<string>)v.Values)));

    [Fact]
    public void Text_form_is_independent_of_order()
        => Filters((FacetField.Level, ["expert", "beginner"]), (FacetField.Muscle, ["chest"])).ToString()
            .Should().Be(Filters((FacetField.Muscle, ["chest"]), (FacetField.Level, ["beginner", "expert"])).ToString());

    [Fact]
    public void Narrowing_adds_fields_and_intersects_shared_ones()
    {
        var narrowed = Filters((FacetField.Equipment, ["barbell", "dumbbell"]))
            .Narrow(Filters((FacetField.Equipment, ["dumbbell"]), (FacetField.Muscle, ["chest"])));

        narrowed[FacetField.Equipment].Should().Equal("dumbbell");
        narrowed[FacetField.Muscle].Should().Equal("chest");
    }

    [Fact]
    public void Narrowing_never_contradicts_the_clients_filter()
        => Filters((FacetField.Equipment, ["barbell"])).Narrow(Filters((FacetField.Equipment, ["cable"])))[FacetField.Equipment]
            .Should().Equal("barbell");
}

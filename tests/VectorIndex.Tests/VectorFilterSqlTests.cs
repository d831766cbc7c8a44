using FitnessAssistant.VectorIndex.PgVector;
using Npgsql;

namespace FitnessAssistant.VectorIndex.Tests;

public sealed class VectorFilterSqlTests
{
    [Fact]
    public void No_filter_still_hides_tombstones()
    {
        var command = new NpgsqlCommand();
        VectorFilterSql.Build(ExerciseFilters.Empty, command.Parameters).Should().Be("NOT deleted");
        command.Parameters.Should().BeEmpty();
    }

    [Fact]
    public void Each_field_becomes_one_parameterised_condition_after_the_ones_already_there()
    {
        var command = new NpgsqlCommand();
        command.Parameters.Add(new NpgsqlParameter { Value = 1 }); // the query vector
        var filters = new ExerciseFilters(
        [
            KeyValuePair.Create(FacetField.Level, (IEnumerable<string>)["Beginner"]),
            KeyValuePair.Create(FacetField.Muscle, (IEnumerable<string>)["Hamstrings ", "glutes", "hamstrings"]),
            KeyValuePair.Create(FacetField.Equipment, (IEnumerable<string>)["body only"]),
        ]);

        var sql = VectorFilterSql.Build(filters, command.Parameters);

        sql.Should().Be("NOT deleted AND muscles && $2 AND equipment = ANY($3) AND level = ANY($4)");
        command.Parameters[1].Value.Should().BeEquivalentTo(new[] { "hamstrings", "glutes" }, o => o.WithStrictOrdering(),
            "values are trimmed, lower-cased and de-duplicated like the stored attributes");
        command.Parameters[3].Value.Should().BeEquivalentTo(new[] { "beginner" });
    }

    [Fact]
    public void Blank_values_are_ignored_rather_than_matching_nothing()
    {
        var command = new NpgsqlCommand();
        VectorFilterSql.Build(ExerciseFilters.Of(FacetField.Category, [" ", "Strength"]), command.Parameters).Should().Be("NOT deleted AND category = ANY($1)");
        command.Parameters[0].Value.Should().BeEquivalentTo(new[] { "strength" });
    }

    [Fact]
    public void A_field_asking_for_an_unstated_value_is_left_to_the_check_against_the_catalog()
    {
        var command = new NpgsqlCommand();
        var filters = new ExerciseFilters(
        [
            KeyValuePair.Create(FacetField.Equipment, (IEnumerable<string>)["body only", FacetFields.Unstated]),
            KeyValuePair.Create(FacetField.Category, (IEnumerable<string>)["stretching"]),
        ]);

        VectorFilterSql.Build(filters, command.Parameters).Should().Be("NOT deleted AND category = ANY($1)",
            "the table stores an unstated attribute as null, which = ANY cannot match");
        command.Parameters[0].Value.Should().BeEquivalentTo(new[] { "stretching" });
    }

    [Theory]
    [InlineData("v1", true)]
    [InlineData("v123", true)]
    [InlineData("v", false)]
    [InlineData("v1; DROP TABLE x", false)]
    [InlineData("V1", false)]
    public void Only_version_names_of_the_form_v_number_reach_sql(string name, bool valid)
    {
        VersionTable.IsValidVersionName(name).Should().Be(valid);
        var table = () => VersionTable.For(name);
        if (valid)
        {
            table().Should().Be("vectors_" + name);
        }
        else
        {
            table.Should().Throw<IndexNotReadyException>();
        }
    }
}

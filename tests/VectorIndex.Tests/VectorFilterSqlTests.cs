using FitnessAssistant.VectorIndex.PgVector;
using Npgsql;

namespace FitnessAssistant.VectorIndex.Tests;

public sealed class VectorFilterSqlTests
{
    [Fact]
    public void No_filter_still_hides_tombstones()
    {
        var command = new NpgsqlCommand();
        VectorFilterSql.Build(VectorFilter.None, command.Parameters).Should().Be("NOT deleted");
        command.Parameters.Should().BeEmpty();
    }

    [Fact]
    public void Each_attribute_becomes_one_parameterised_condition_after_the_ones_already_there()
    {
        var command = new NpgsqlCommand();
        command.Parameters.Add(new NpgsqlParameter { Value = 1 }); // the query vector
        var filter = new VectorFilter
        {
            Muscles = ["Hamstrings ", "glutes", "hamstrings"],
            Equipment = ["body only"],
            Levels = ["Beginner"],
            ExcludeIds = ["Squat_X"],
        };

        var sql = VectorFilterSql.Build(filter, command.Parameters);

        sql.Should().Be("NOT deleted AND muscles && $2 AND equipment = ANY($3) AND level = ANY($4) AND id <> ALL($5)");
        command.Parameters[1].Value.Should().BeEquivalentTo(new[] { "hamstrings", "glutes" }, o => o.WithStrictOrdering(),
            "values are trimmed, lower-cased and de-duplicated like the stored attributes");
        command.Parameters[3].Value.Should().BeEquivalentTo(new[] { "beginner" });
        command.Parameters[4].Value.Should().BeEquivalentTo(new[] { "Squat_X" }, "ids are case-sensitive");
    }

    [Fact]
    public void Blank_values_are_ignored_rather_than_matching_nothing()
    {
        var command = new NpgsqlCommand();
        VectorFilterSql.Build(new VectorFilter { Categories = [" ", "Strength"] }, command.Parameters).Should().Be("NOT deleted AND category = ANY($1)");
        command.Parameters[0].Value.Should().BeEquivalentTo(new[] { "strength" });
    }

    [Fact]
    public void A_filter_reads_as_the_milvus_expression_it_maps_to()
    {
        new VectorFilter { Muscles = ["lower back"], Categories = ["stretching", "strength"], ExcludeIds = ["a\"b"] }.ToString()
            .Should().Be("array_contains_any(muscles, [\"lower back\"]) and category in [\"stretching\", \"strength\"] and id not in [\"a\\\"b\"]");
        VectorFilter.None.ToString().Should().BeEmpty();
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

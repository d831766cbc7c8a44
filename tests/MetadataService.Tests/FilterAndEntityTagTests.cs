using FitnessAssistant.MetadataService.Api;
using FitnessAssistant.MetadataService.Catalog;
using Microsoft.AspNetCore.Http;

namespace FitnessAssistant.MetadataService.Tests;

public sealed class FilterAndEntityTagTests
{
    [Fact]
    public void Filters_take_repeated_or_comma_separated_values_and_name_unknown_ones()
    {
        var vocabulary = TestVocabulary.Create();
        var (filter, errors) = ExerciseFilterParser.Parse(new(Muscle: ["Chest,triceps", "chest"], Equipment: ["none"], Force: ["none"]), vocabulary);
        errors.Should().BeEmpty();
        filter!.Muscles.Should().Equal("chest", "triceps");
        filter.Equipment.Should().Equal("none");

        var (bad, problems) = ExerciseFilterParser.Parse(new(Category: ["none"], Level: ["godlike"]), vocabulary);
        bad.Should().BeNull();
        problems.Keys.Should().BeEquivalentTo(["category", "level"]);
    }

    [Fact]
    public void Filter_sql_leaves_out_the_facet_being_counted()
    {
        var filter = ExerciseFilter.Empty with { Categories = ["strength"], Equipment = ["none", "dumbbell"] };
        ExerciseFilterSql.Where(filter).Should().Contain("e.category = ANY").And.Contain("e.equipment IS NULL");
        ExerciseFilterSql.Where(filter, except: ExerciseFilterSql.Category).Should().NotContain("category");
        ExerciseFilterSql.Where(ExerciseFilter.Empty).Should().Be("true");
    }

    [Theory]
    [InlineData(null, EntityTag.Precondition.Missing, 0)]
    [InlineData("*", EntityTag.Precondition.Any, 0)]
    [InlineData("\"42\"", EntityTag.Precondition.Version, 42)]
    [InlineData("W/\"42\"", EntityTag.Precondition.Malformed, 0)]
    [InlineData("42", EntityTag.Precondition.Malformed, 0)]
    [InlineData("\"-1\"", EntityTag.Precondition.Malformed, 0)]
    public void If_match_accepts_one_strong_tag_or_a_star(string? header, EntityTag.Precondition kind, long version)
    {
        var context = new DefaultHttpContext();
        if (header is not null)
        {
            context.Request.Headers.IfMatch = header;
        }
        EntityTag.ParseIfMatch(context.Request).Should().Be((kind, version));
    }

    [Fact]
    public void If_none_match_compares_weakly()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.IfNoneMatch = "\"7\", W/\"42\"";
        EntityTag.IfNoneMatchHits(context.Request, 42).Should().BeTrue();
        EntityTag.IfNoneMatchHits(context.Request, 43).Should().BeFalse();
    }
}

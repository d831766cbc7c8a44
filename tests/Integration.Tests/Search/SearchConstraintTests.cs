using System.Text.Json;
using System.Text.RegularExpressions;
using FitnessAssistant.IntegrationTests.Fixtures;

namespace FitnessAssistant.IntegrationTests.Search;

/// <summary>
/// Conditions stated in the query, through the gateway over the imported free-exercise-db: what they rule out is
/// not in the results, and the response says which conditions were applied.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class SearchConstraintTests(SystemFixture system)
{
    [Fact]
    public async Task A_negated_equipment_leaves_it_out_of_the_results_and_says_so()
    {
        var reply = await SearchAsync("shoulder presses that don't need a machine", 20);

        reply.Results.Should().NotContain(r => Equipment(r) == "machine");
        reply.Results.Take(5).Should().OnlyContain(r => Name(r).Contains("press", StringComparison.OrdinalIgnoreCase));
        var constraint = Constraints(reply).Should().ContainSingle().Subject;
        constraint.GetProperty("kind").GetString().Should().Be("exclude");
        constraint.GetProperty("field").GetString().Should().Be("equipment");
        constraint.GetProperty("values").EnumerateArray().Select(v => v.GetString()).Should().Equal("machine");
        constraint.GetProperty("appliedAs").GetString().Should().Be("filter");
        reply.Body.GetProperty("query").GetProperty("recognized").EnumerateArray()
            .Should().NotContain(f => f.GetProperty("field").GetString() == "equipment", "a negated facet is not a boost");
    }

    [Fact]
    public async Task A_negated_movement_is_left_out_by_name()
    {
        var reply = await SearchAsync("chest, but no push-ups or flyes", 20);

        reply.Results.Should().HaveCount(20);
        reply.Results.Should().NotContain(r => Regex.IsMatch(Name(r), @"push-?ups?\b|\bfl(y|ye|yes|ies)\b", RegexOptions.IgnoreCase));
        reply.Results.Take(10).Should().OnlyContain(r => PrimaryMuscles(r).Contains("chest"));
    }

    [Fact]
    public async Task Equipment_someone_has_is_the_only_equipment_in_the_results()
    {
        var reply = await SearchAsync("all I have is a kettlebell and a resistance band, what can I do for my legs", 20);

        reply.Results.Should().HaveCount(20);
        reply.Results.Should().OnlyContain(r => Equipment(r) == "kettlebells" || Equipment(r) == "bands");
        Constraints(reply).Should().ContainSingle(c => c.GetProperty("kind").GetString() == "only")
            .Which.GetProperty("values").EnumerateArray().Select(v => v.GetString()).Should().BeEquivalentTo("kettlebells", "bands");
    }

    [Fact]
    public async Task A_quiet_workout_has_no_jumping()
    {
        var reply = await SearchAsync("something quiet for my calves, I live in an apartment", 20);

        reply.Results.Should().HaveCount(20);
        reply.Results.Should().NotContain(r => r.GetProperty("category").GetString() == "plyometrics"
            || Name(r).Contains("jump", StringComparison.OrdinalIgnoreCase) || Name(r).Contains("hop", StringComparison.OrdinalIgnoreCase));
        reply.Results.Take(10).Should().OnlyContain(r => PrimaryMuscles(r).Contains("calves"));
        Constraints(reply).Should().Contain(c => c.GetProperty("reason").GetString() == "quiet or low impact: no jumping");
    }

    [Fact]
    public async Task Conditions_nothing_satisfies_are_relaxed_and_the_response_says_so()
    {
        var reply = await SearchAsync("seated, all I have is a foam roller", 20);

        reply.Results.Should().NotBeEmpty("conditions never empty an answer");
        reply.Body.GetProperty("query").GetProperty("constraintsRelaxed").GetBoolean().Should().BeTrue();
        Constraints(reply).Should().NotBeEmpty().And.OnlyContain(c => c.GetProperty("appliedAs").GetString() == "relaxed");
    }

    [Fact]
    public async Task The_named_movement_comes_before_exercises_that_only_share_its_modifier()
    {
        var reply = await SearchAsync("dumbbell step ups", 10);

        Name(reply.Results[0]).Should().Be("Dumbbell Step Ups");
        var highlight = reply.Results[0].GetProperty("why").GetProperty("highlights").EnumerateArray().Should().ContainSingle().Subject;
        (highlight.GetProperty("start").GetInt32(), highlight.GetProperty("length").GetInt32()).Should().Be((0, 17), "every word of the name was asked for");
        reply.Results.Take(3).Should().OnlyContain(r => Name(r).Contains("step", StringComparison.OrdinalIgnoreCase),
            "every step-up the catalog has (three) ranks above the other dumbbell exercises");
    }

    private async Task<SearchReply> SearchAsync(string q, int limit)
    {
        await SearchSystem.EnsureReadyAsync(system);
        var reply = await SearchSystem.SearchUntilAsync(system, $"q={Uri.EscapeDataString(q)}&limit={limit}", r => r.Degraded is null, TimeSpan.FromSeconds(30));
        reply.Status.Should().Be(System.Net.HttpStatusCode.OK, reply.Text);
        reply.Degraded.Should().BeNull();
        return reply;
    }

    private static IReadOnlyList<JsonElement> Constraints(SearchReply reply)
        => [.. reply.Body.GetProperty("query").GetProperty("constraints").EnumerateArray()];

    private static string Name(JsonElement result) => result.GetProperty("name").GetString()!;

    private static string? Equipment(JsonElement result) => result.GetProperty("equipment").GetString();

    private static IReadOnlyList<string> PrimaryMuscles(JsonElement result)
        => [.. result.GetProperty("primaryMuscles").EnumerateArray().Select(m => m.GetString()!)];
}

using System.Net;
using FitnessAssistant.IntegrationTests.Fixtures;

namespace FitnessAssistant.IntegrationTests.Search;

/// <summary>Substitutes and progressions through the gateway, over the imported free-exercise-db.</summary>
[Collection(SystemCollection.Name)]
public sealed class RelatedExercisesTests(SystemFixture system)
{
    private const string BenchPress = "Barbell_Bench_Press_-_Medium_Grip";

    [Fact]
    public async Task Substitutes_for_a_barbell_bench_press_without_a_barbell_are_other_chest_presses()
    {
        var reply = await GetOkAsync($"/api/v1/exercises/{BenchPress}/similar?without=barbell,machine&limit=10");

        var results = reply.Body.GetProperty("results").EnumerateArray().ToList();
        results.Should().HaveCount(10);
        results.Should().NotContain(r => r.GetProperty("id").GetString() == BenchPress);
        results.Should().NotContain(r => r.GetProperty("equipment").GetString() == "barbell" || r.GetProperty("equipment").GetString() == "machine");
        results.Should().OnlyContain(r => r.GetProperty("primaryMuscles").EnumerateArray().Any(m => m.GetString() == "chest"));
        results.Take(5).Should().OnlyContain(r => r.GetProperty("force").GetString() == "push");
        results[0].GetProperty("why").EnumerateArray().Should().NotBeEmpty();
    }

    [Fact]
    public async Task Progressions_are_ordered_by_level_around_the_exercise()
    {
        var reply = await GetOkAsync($"/api/v1/exercises/{BenchPress}/progressions");

        var level = reply.Body.GetProperty("exercise").GetProperty("level").GetString();
        var easier = reply.Body.GetProperty("easier").EnumerateArray().Select(e => e.GetProperty("level").GetString()).ToList();
        var harder = reply.Body.GetProperty("harder").EnumerateArray().Select(e => e.GetProperty("level").GetString()).ToList();
        (easier.Count + harder.Count).Should().BePositive();
        easier.Should().NotContain(level).And.NotContain("expert");
        harder.Should().NotContain(level).And.NotContain("beginner");
    }

    [Fact]
    public async Task An_unknown_exercise_is_404_and_a_malformed_parameter_400_through_the_gateway()
    {
        await SearchSystem.EnsureReadyAsync(system);

        var missing = await SearchSystem.GetAsync(system, "/api/v1/exercises/No_Such_Exercise/similar");
        missing.Status.Should().Be(HttpStatusCode.NotFound, missing.Text);
        missing.Body.GetProperty("title").GetString().Should().Be("Exercise not found.");

        var malformed = await SearchSystem.GetAsync(system, $"/api/v1/exercises/{BenchPress}/progressions?without=rocket&limit=1000");
        malformed.Status.Should().Be(HttpStatusCode.BadRequest, malformed.Text);
        malformed.Body.GetProperty("errors").TryGetProperty("without", out _).Should().BeTrue();
        malformed.Body.GetProperty("errors").TryGetProperty("limit", out _).Should().BeTrue();
    }

    private async Task<SearchReply> GetOkAsync(string pathAndQuery)
    {
        await SearchSystem.EnsureReadyAsync(system);
        var reply = await SearchSystem.GetAsync(system, pathAndQuery);
        reply.Status.Should().Be(HttpStatusCode.OK, reply.Text);
        return reply;
    }
}

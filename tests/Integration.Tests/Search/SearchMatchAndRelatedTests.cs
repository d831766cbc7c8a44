using System.Net;
using System.Text.Json;
using FitnessAssistant.IntegrationTests.Fixtures;

namespace FitnessAssistant.IntegrationTests.Search;

/// <summary>The weak-match signal and free-text substitute requests through the gateway, over free-exercise-db.</summary>
[Collection(SystemCollection.Name)]
public sealed class SearchMatchAndRelatedTests(SystemFixture system)
{
    [Theory]
    [InlineData("qwxzvbnm")]
    [InlineData("chocolate cake recipe")]
    public async Task Nonsense_and_off_topic_queries_say_nothing_matches(string q)
    {
        var reply = await SearchOkAsync(q);

        reply.Body.GetProperty("match").GetString().Should().BeOneOf(["none", "weak"], reply.Text);
        reply.Body.GetProperty("didYouMean").ValueKind.Should().Be(JsonValueKind.Array);
    }

    [Theory]
    [InlineData("hamstring stretch")]
    [InlineData("exercises for a stronger core without equipment")]
    public async Task Real_queries_match(string q)
    {
        var reply = await SearchOkAsync(q);

        reply.Body.GetProperty("match").GetString().Should().Be("good", reply.Text);
        reply.Body.GetProperty("didYouMean").EnumerateArray().Should().BeEmpty();
    }

    [Fact]
    public async Task A_swap_for_a_named_exercise_is_answered_with_its_substitutes()
    {
        var reply = await SearchOkAsync("swap for the lat pulldown");

        var related = reply.Body.GetProperty("query").GetProperty("related");
        related.GetProperty("kind").GetString().Should().Be("substitutes", reply.Text);
        related.GetProperty("name").GetString().Should().Contain("Lat Pulldown");
        reply.Ids.Should().NotContain(related.GetProperty("id").GetString()).And.HaveCountGreaterThan(5);
        reply.Results.Should().OnlyContain(r => r.GetProperty("primaryMuscles").EnumerateArray().Any(m => m.GetString() == "lats"));
    }

    [Fact]
    public async Task Equipment_said_to_be_taken_is_left_out_of_the_substitutes()
    {
        var reply = await SearchOkAsync("replacement for cable crossovers when the cables are taken");

        reply.Body.GetProperty("query").GetProperty("related").GetProperty("id").GetString().Should().Be("Cable_Crossover", reply.Text);
        reply.Results.Should().NotBeEmpty()
            .And.OnlyContain(r => r.GetProperty("equipment").ValueKind == JsonValueKind.Null || r.GetProperty("equipment").GetString() != "cable");
    }

    private async Task<SearchReply> SearchOkAsync(string q)
    {
        await SearchSystem.EnsureReadyAsync(system);
        var reply = await SearchSystem.SearchAsync(system, $"q={Uri.EscapeDataString(q)}");
        reply.Status.Should().Be(HttpStatusCode.OK, reply.Text);
        return reply;
    }
}

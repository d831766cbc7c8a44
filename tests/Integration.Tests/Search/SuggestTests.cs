using System.Net;
using FitnessAssistant.IntegrationTests.Fixtures;

namespace FitnessAssistant.IntegrationTests.Search;

/// <summary>Suggestions as you type through the gateway (its API keys and rate limits), over the real catalog.</summary>
[Collection(SystemCollection.Name)]
public sealed class SuggestTests(SystemFixture system)
{
    [Fact]
    public async Task Muscles_equipment_and_exercise_names_complete_from_prefixes_and_typos()
    {
        await SearchSystem.EnsureReadyAsync(system);

        var hamst = await SuggestAsync("hamst");
        hamst[0].Should().Be(("hamstrings", "muscle", null));
        hamst.Should().Contain(s => s.Kind == "exercise" && s.Text.Contains("Hamstring"));

        (await SuggestAsync("dumbe"))[0].Should().Be(("dumbbell", "equipment", null));

        // The starter catalog knows the split squat with the rear foot raised as "bulgarian squat" too.
        (await SuggestAsync("bulgarain")).Select(s => s.Id).Should().Contain("Split_Squat_with_Dumbbells");

        (await SuggestAsync("barbell bench pr")).Should().NotBeEmpty()
            .And.OnlyContain(s => s.Kind == "exercise" && s.Text.Contains("Bench Press", StringComparison.OrdinalIgnoreCase));
        (await SuggestAsync("qwxzvbnm")).Should().BeEmpty();
    }

    [Theory]
    [InlineData("/api/v1/suggest", "q")]
    [InlineData("/api/v1/suggest?q=%20", "q")]
    [InlineData("/api/v1/suggest?q=bench&limit=0", "limit")]
    [InlineData("/api/v1/suggest?q=bench&limit=many", "limit")]
    public async Task Bad_input_is_a_400_problem_through_the_gateway(string pathAndQuery, string parameter)
    {
        await SearchSystem.EnsureReadyAsync(system);

        var reply = await SearchSystem.GetAsync(system, pathAndQuery);

        reply.Status.Should().Be(HttpStatusCode.BadRequest, reply.Text);
        reply.Body.GetProperty("errors").TryGetProperty(parameter, out _).Should().BeTrue(reply.Text);
    }

    [Fact]
    public async Task A_query_too_long_is_a_400_and_a_request_without_a_key_is_refused_by_the_gateway()
    {
        await SearchSystem.EnsureReadyAsync(system);

        var tooLong = await SearchSystem.GetAsync(system, "/api/v1/suggest?q=" + new string('b', 101));
        tooLong.Status.Should().Be(HttpStatusCode.BadRequest, tooLong.Text);

        using var anonymous = await SearchSystem.Http.GetAsync(new Uri(system.Endpoint("gateway"), "/api/v1/suggest?q=bench"));
        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    private async Task<List<(string Text, string Kind, string? Id)>> SuggestAsync(string q)
    {
        var reply = await SearchSystem.GetAsync(system, $"/api/v1/suggest?q={Uri.EscapeDataString(q)}&limit=10");
        reply.Status.Should().Be(HttpStatusCode.OK, reply.Text);
        return [.. reply.Body.GetProperty("suggestions").EnumerateArray().Select(s => (
            s.GetProperty("text").GetString()!,
            s.GetProperty("kind").GetString()!,
            s.TryGetProperty("id", out var id) ? id.GetString() : null))];
    }
}

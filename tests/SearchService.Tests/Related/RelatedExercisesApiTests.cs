using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FitnessAssistant.SearchService.Tests.Fakes;

namespace FitnessAssistant.SearchService.Tests.Related;

public sealed class RelatedExercisesApiTests : IDisposable
{
    private readonly SearchApiFactory _factory = new();
    private readonly HttpClient _client;

    public RelatedExercisesApiTests() => _client = _factory.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task Substitutes_work_the_same_primary_muscles_and_say_why()
    {
        var body = await GetOkAsync("/api/v1/exercises/barbell-bench-press/similar");

        body.GetProperty("exercise").GetProperty("id").GetString().Should().Be("barbell-bench-press");
        var results = body.GetProperty("results").EnumerateArray().ToList();
        results.Select(r => r.GetProperty("id").GetString()).Should().NotContain("barbell-bench-press")
            .And.Contain(["dumbbell-bench-press", "push-up"]);
        results.Should().OnlyContain(r => r.GetProperty("primaryMuscles").EnumerateArray().Any(m => m.GetString() == "chest"));
        results[0].GetProperty("id").GetString().Should().Be("dumbbell-bench-press", "same force, mechanic and category, closest text");
        results[0].GetProperty("why").EnumerateArray().Select(w => w.GetString()).Should().Contain("same force: push");
    }

    [Fact]
    public async Task Without_leaves_out_equipment_that_is_taken()
    {
        var body = await GetOkAsync("/api/v1/exercises/barbell-bench-press/similar?without=dumbbell,body%20only");

        body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString())
            .Should().Equal(["wide-push-up"], "its equipment is unstated; the other chest exercises need a dumbbell or only the body");
    }

    [Fact]
    public async Task Progressions_are_easier_and_harder_variants_of_the_same_movement()
    {
        var body = await GetOkAsync("/api/v1/exercises/push-up/progressions");

        body.GetProperty("easier").EnumerateArray().Should().BeEmpty("nothing is easier than a beginner exercise");
        var harder = body.GetProperty("harder").EnumerateArray().ToList();
        harder.Select(h => h.GetProperty("id").GetString()).Should().Equal(["wide-push-up", "close-grip-push-up"],
            "a variant working the chest as a main mover comes before one working it as a helper");
        harder[0].GetProperty("why").EnumerateArray().Select(w => w.GetString()).Should().Contain("intermediate rather than beginner");
        harder[1].GetProperty("why").EnumerateArray().Select(w => w.GetString()).Should().Contain("works chest as a secondary muscle");

        var easier = (await GetOkAsync("/api/v1/exercises/wide-push-up/progressions")).GetProperty("easier").EnumerateArray()
            .Select(e => e.GetProperty("id").GetString()).ToList();
        easier.Should().Contain(["push-up", "barbell-bench-press"]);
    }

    [Theory]
    [InlineData("/api/v1/exercises/no-such-exercise/similar")]
    [InlineData("/api/v1/exercises/no-such-exercise/progressions")]
    public async Task An_unknown_exercise_is_a_404_problem(string url)
    {
        var response = await _client.GetAsync(url);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Theory]
    [InlineData("/api/v1/exercises/push-up/similar?without=rocket", "without")]
    [InlineData("/api/v1/exercises/push-up/similar?limit=0", "limit")]
    [InlineData("/api/v1/exercises/push-up/progressions?limit=many", "limit")]
    [InlineData("/api/v1/exercises/push-up/similar?equipment=spoon", "equipment")]
    [InlineData("/api/v1/exercises/push-up/similar?withot=machine", "withot")]
    public async Task Malformed_parameters_are_400_problems_naming_the_parameter(string url, string parameter)
    {
        var response = await _client.GetAsync(url);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(parameter, out _).Should().BeTrue();
    }

    [Fact]
    public async Task Without_semantic_search_substitutes_come_from_keyword_search_and_say_so()
    {
        _factory.Dependencies.EmbeddingDown = true;

        var body = await GetOkAsync("/api/v1/exercises/barbell-bench-press/similar");

        body.GetProperty("degraded").GetBoolean().Should().BeTrue();
        body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString()).Should().Contain("dumbbell-bench-press");
    }

    [Theory]
    [InlineData("/api/v1/exercises/{id}/similar")]
    [InlineData("/api/v1/exercises/{id}/progressions")]
    public async Task The_openapi_document_describes_both_endpoints_with_examples(string path)
    {
        var document = await _client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var get = document.GetProperty("paths").GetProperty(path).GetProperty("get");
        get.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString())
            .Should().Contain(["id", "without", "limit"]);
        foreach (var status in new[] { "200", "400", "404" })
        {
            get.GetProperty("responses").GetProperty(status).GetProperty("content").EnumerateObject().First().Value
                .TryGetProperty("example", out _).Should().BeTrue($"the {status} response has an example");
        }
    }

    private async Task<JsonElement> GetOkAsync(string url)
    {
        var response = await _client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement;
    }
}

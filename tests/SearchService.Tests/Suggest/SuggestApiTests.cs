using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FitnessAssistant.SearchService.Tests.Fakes;

namespace FitnessAssistant.SearchService.Tests.Suggest;

public sealed class SuggestApiTests : IDisposable
{
    private readonly SearchApiFactory _factory = new();
    private readonly HttpClient _client;

    public SuggestApiTests() => _client = _factory.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task Completions_say_their_kind_and_exercise_names_arrive_with_the_catalog()
    {
        using var muscles = await _client.GetAsync("/api/v1/suggest?q=hamst&limit=3");
        muscles.StatusCode.Should().Be(HttpStatusCode.OK);
        var first = (await muscles.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("suggestions")[0];
        first.GetProperty("text").GetString().Should().Be("hamstrings");
        first.GetProperty("kind").GetString().Should().Be("muscle");

        // The index is rebuilt with the catalog's names once the vocabulary refresher has loaded it.
        var names = new List<string?>();
        for (var attempt = 0; attempt < 50 && !names.Contains("kettlebell-swing"); attempt++)
        {
            await Task.Delay(100);
            var body = await _client.GetFromJsonAsync<JsonElement>("/api/v1/suggest?q=ketlebell%20sw");
            names = [.. body.GetProperty("suggestions").EnumerateArray().Select(s => s.GetProperty("id").GetString())];
        }
        names.Should().Equal("kettlebell-swing");
    }

    [Theory]
    [InlineData("/api/v1/suggest", "q")]
    [InlineData("/api/v1/suggest?q=", "q")]
    [InlineData("/api/v1/suggest?q=%20%20", "q")]
    [InlineData("/api/v1/suggest?q=%21%3F", "q")]
    [InlineData("/api/v1/suggest?q=bench&limit=0", "limit")]
    [InlineData("/api/v1/suggest?q=bench&limit=21", "limit")]
    [InlineData("/api/v1/suggest?q=bench&limit=ten", "limit")]
    [InlineData("/api/v1/suggest?q=bench&lmit=5", "lmit")]
    public async Task Bad_input_is_a_validation_problem_naming_the_parameter(string url, string parameter)
    {
        using var response = await _client.GetAsync(url);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("errors").TryGetProperty(parameter, out _).Should().BeTrue(body.ToString());
    }

    [Fact]
    public async Task A_query_longer_than_the_limit_is_refused()
    {
        using var response = await _client.GetAsync("/api/v1/suggest?q=" + new string('a', 101));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_endpoint_with_examples()
    {
        var document = await _client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var operation = document.GetProperty("paths").EnumerateObject().Single(p => p.Name.StartsWith("/api/v1/suggest")).Value.GetProperty("get");
        operation.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).Should().BeEquivalentTo(["q", "limit"]);
        operation.GetProperty("responses").GetProperty("200").GetProperty("content").EnumerateObject().First().Value
            .GetProperty("example").GetProperty("suggestions")[0].GetProperty("kind").GetString().Should().Be("exercise");
        operation.GetProperty("responses").TryGetProperty("400", out _).Should().BeTrue();
    }
}

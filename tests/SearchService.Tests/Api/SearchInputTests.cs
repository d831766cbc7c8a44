using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FitnessAssistant.SearchService.Tests.Fakes;

namespace FitnessAssistant.SearchService.Tests.Api;

/// <summary>Hostile or sloppy input: always a 400 problem naming the field, never a 500 or a silently ignored part.</summary>
public sealed class SearchInputTests : IDisposable
{
    private readonly SearchApiFactory _factory = new();
    private readonly HttpClient _client;

    public SearchInputTests() => _client = _factory.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    [Theory]
    [InlineData("muscle")]
    [InlineData("equipment")]
    [InlineData("category")]
    [InlineData("level")]
    [InlineData("force")]
    [InlineData("mechanic")]
    public async Task A_null_inside_a_filter_list_is_a_400_naming_the_filter(string filter)
    {
        var errors = await PostProblemAsync($$$"""{"q":"curl","filters":{"{{{filter}}}":["chest",null]}}""");

        errors.GetProperty(filter)[0].GetString().Should().Contain("Item 1").And.Contain("null");
    }

    [Fact]
    public async Task An_unknown_field_is_refused_and_the_known_ones_are_listed()
    {
        var errors = await PostProblemAsync("""{"q":"curl","muscle":"biceps"}""");

        errors.GetProperty("muscle")[0].GetString().Should().Contain("Unknown field 'muscle'").And.Contain("filters");
    }

    [Fact]
    public async Task An_unknown_filter_inside_filters_is_refused()
    {
        var errors = await PostProblemAsync("""{"q":"curl","filters":{"muscles":["biceps"]}}""");

        errors.GetProperty("filters.muscles")[0].GetString().Should().Contain("Unknown field").And.Contain("muscle, equipment");
    }

    [Theory]
    [InlineData("""{"q":"curl","limit":1e400}""", "limit")]
    [InlineData("""{"q":"curl","limit":99999999999999999999}""", "limit")]
    [InlineData("""{"q":"curl","limit":2.5}""", "limit")]
    [InlineData("""{"q":"curl","filters":{"muscle":[1]}}""", "filters.muscle[0]")]
    [InlineData("""{"q":"curl","filters":{"muscle":"biceps"}}""", "filters.muscle")]
    [InlineData("""{"q":["curl"]}""", "q")]
    [InlineData("""[1,2]""", "body")]
    public async Task Values_of_the_wrong_type_or_beyond_range_are_a_400_naming_the_field(string body, string field)
    {
        var errors = await PostProblemAsync(body);

        errors.TryGetProperty(field, out _).Should().BeTrue(errors.ToString());
    }

    [Theory]
    [InlineData("/api/v1/search?q=curl&q=row", "q")]
    [InlineData("/api/v1/search?q=curl&limit=5&limit=6", "limit")]
    [InlineData("/api/v1/search?q=curl&cursor=a&cursor=b", "cursor")]
    [InlineData("/api/v1/search?q=curl&limit=99999999999999999999", "limit")]
    public async Task Duplicated_or_overflowing_query_parameters_are_a_400_naming_them(string url, string parameter)
    {
        var response = await _client.GetAsync(url);

        var problem = await ProblemAsync(response);
        problem.GetProperty("errors").TryGetProperty(parameter, out _).Should().BeTrue(problem.ToString());
    }

    [Fact]
    public async Task Filters_may_still_repeat_in_the_query_string()
    {
        var response = await _client.GetAsync("/api/v1/search?q=exercise&muscle=quads&muscle=abs");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("/api/v1/search?q=curl%00")]
    [InlineData("/api/v1/search?q=cu%01rl%7F")]
    [InlineData("/api/v1/search?q=%ED%A0%80curl")]
    [InlineData("/api/v1/search?q=curl&muscle=%00")]
    public async Task Control_characters_and_broken_utf8_in_the_query_never_fail_the_service(string url)
    {
        var response = await _client.GetAsync(url);

        ((int)response.StatusCode).Should().BeOneOf(200, 400);
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            await ProblemAsync(response);
        }
    }

    [Theory]
    [InlineData("""{"q":"curl\u0000"}""")]
    [InlineData("""{"q":"\ud800curl"}""")]
    [InlineData("""{"q":"curl","filters":{"muscle":["bi\u0000ceps"]}}""")]
    [InlineData("""{"q":"curl","cursor":"\udfff"}""")]
    public async Task Nul_characters_and_lone_surrogates_in_a_body_never_fail_the_service(string body)
    {
        var response = await PostAsync(body);

        ((int)response.StatusCode).Should().BeOneOf(200, 400);
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            await ProblemAsync(response);
        }
    }

    [Fact]
    public async Task Head_answers_like_get_without_a_body()
    {
        using var head = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/v1/search?q=curl"));

        head.StatusCode.Should().Be(HttpStatusCode.OK);
        head.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        head.Headers.GetValues("X-Search-Cache").Should().ContainSingle();
        (await head.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
    }

    private Task<HttpResponseMessage> PostAsync(string body)
        => _client.PostAsync("/api/v1/search", new StringContent(body, Encoding.UTF8, "application/json"));

    private async Task<JsonElement> PostProblemAsync(string body)
        => (await ProblemAsync(await PostAsync(body))).GetProperty("errors");

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, text);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        problem.GetProperty("status").GetInt32().Should().Be(400);
        return problem;
    }
}

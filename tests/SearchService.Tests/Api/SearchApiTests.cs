using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FitnessAssistant.SearchService.Tests.Fakes;

namespace FitnessAssistant.SearchService.Tests.Api;

public sealed class SearchApiTests : IDisposable
{
    private readonly SearchApiFactory _factory = new();
    private readonly HttpClient _client;

    public SearchApiTests() => _client = _factory.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task Get_returns_hits_with_facts_score_and_reasons()
    {
        var body = await GetOkAsync("/api/v1/search?q=dumbell%20bench%20press");

        var first = body.GetProperty("results")[0];
        first.GetProperty("id").GetString().Should().Be("dumbbell-bench-press");
        first.GetProperty("name").GetString().Should().Be("Dumbbell Bench Press");
        first.GetProperty("equipment").GetString().Should().Be("dumbbell");
        first.GetProperty("primaryMuscles")[0].GetString().Should().Be("chest");
        first.GetProperty("score").GetDouble().Should().BeGreaterThan(0);
        var why = first.GetProperty("why");
        Strings(why.GetProperty("matchedTerms")).Should().Contain(["bench", "press", "dumbbell"]);
        why.GetProperty("semanticSimilarity").GetDouble().Should().BeGreaterThan(0);
        Strings(why.GetProperty("retrievers")).Should().BeEquivalentTo("semantic", "keyword");
        why.GetProperty("matchedFacets").EnumerateArray()
            .Should().Contain(f => f.GetProperty("field").GetString() == "equipment" && f.GetProperty("source").GetString() == "query");
    }

    [Fact]
    public async Task The_interpretation_shows_corrections_recognised_facets_and_terms()
    {
        var query = (await GetOkAsync("/api/v1/search?q=hamstrng%20strech")).GetProperty("query");

        query.GetProperty("text").GetString().Should().Be("hamstring stretch");
        query.GetProperty("corrections").EnumerateArray().Select(c => c.GetProperty("to").GetString())
            .Should().BeEquivalentTo("hamstring", "stretch");
        var recognized = query.GetProperty("recognized").EnumerateArray().ToList();
        recognized.Select(r => r.GetProperty("field").GetString()).Should().BeEquivalentTo("muscle", "category");
        recognized.Should().OnlyContain(r => r.GetProperty("appliedAs").GetString() == "boost");
    }

    [Fact]
    public async Task Post_takes_the_same_search_as_a_json_body()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/search",
            new { q = "curl", filters = new { equipment = new[] { "cable" } }, limit = 5 });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var results = body.GetProperty("results").EnumerateArray().ToList();
        results.Should().ContainSingle().Which.GetProperty("id").GetString().Should().Be("cable-curl");
        Strings(body.GetProperty("query").GetProperty("filters").GetProperty("equipment")).Should().Equal("cable");
    }

    [Fact]
    public async Task Filters_are_hard_and_accept_synonyms_and_several_values()
    {
        var body = await GetOkAsync("/api/v1/search?q=exercise&muscle=quads&muscle=abs&level=beginner");

        var results = body.GetProperty("results").EnumerateArray().ToList();
        results.Should().NotBeEmpty();
        results.Should().OnlyContain(r => r.GetProperty("level").GetString() == "beginner");
        results.Should().OnlyContain(r => Strings(r.GetProperty("primaryMuscles")).Concat(Strings(r.GetProperty("secondaryMuscles")))
            .Intersect(new[] { "quadriceps", "abdominals" }).Any());
    }

    [Fact]
    public async Task Comma_separated_filter_values_are_several_values()
    {
        var body = await GetOkAsync("/api/v1/search?q=press&equipment=barbell,dumbbell");

        body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("equipment").GetString())
            .Should().OnlyContain(e => e == "barbell" || e == "dumbbell").And.Contain(["barbell", "dumbbell"]);
    }

    [Fact]
    public async Task No_equipment_matches_records_without_equipment_too()
    {
        var body = await GetOkAsync("/api/v1/search?q=push%20up&equipment=none&equipment=body%20only");

        body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString())
            .Should().Contain(["push-up", "wide-push-up"]);
    }

    [Fact]
    public async Task A_facet_the_query_names_boosts_but_never_empties_the_result()
    {
        // No exercise in the catalog is both for the neck and done with a kettlebell.
        var body = await GetOkAsync("/api/v1/search?q=kettlebell%20neck%20exercises");

        var results = body.GetProperty("results").EnumerateArray().ToList();
        results.Should().NotBeEmpty();
        results[0].GetProperty("equipment").GetString().Should().Be("kettlebells");
    }

    [Fact]
    public async Task A_negated_facet_excludes_and_the_interpretation_lists_the_condition()
    {
        var body = await GetOkAsync("/api/v1/search?q=curls%20without%20a%20barbell");

        var results = body.GetProperty("results").EnumerateArray().ToList();
        results.Should().NotBeEmpty().And.NotContain(r => r.GetProperty("equipment").GetString() == "barbell");
        results[0].GetProperty("id").GetString().Should().Be("cable-curl");
        var query = body.GetProperty("query");
        query.GetProperty("recognized").EnumerateArray().Should().BeEmpty();
        var constraint = query.GetProperty("constraints").EnumerateArray().Should().ContainSingle().Subject;
        constraint.GetProperty("kind").GetString().Should().Be("exclude");
        constraint.GetProperty("phrase").GetString().Should().Be("without a barbell");
        Strings(constraint.GetProperty("values")).Should().Equal("barbell");
        constraint.GetProperty("appliedAs").GetString().Should().Be("filter");
        query.GetProperty("constraintsRelaxed").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task Conditions_nothing_satisfies_are_relaxed_rather_than_emptying_the_answer()
    {
        // The sample catalog has no seated exercise at all.
        var body = await GetOkAsync("/api/v1/search?q=seated%20chest%20exercises");

        body.GetProperty("results").EnumerateArray().Should().NotBeEmpty();
        var query = body.GetProperty("query");
        query.GetProperty("constraintsRelaxed").GetBoolean().Should().BeTrue();
        query.GetProperty("constraints").EnumerateArray().Should().ContainSingle()
            .Which.GetProperty("appliedAs").GetString().Should().Be("relaxed");
    }

    [Fact]
    public async Task Facet_counts_cover_the_results()
    {
        var body = await GetOkAsync("/api/v1/search?q=stretch&category=stretching");

        var categories = body.GetProperty("facets").GetProperty("category").EnumerateArray().ToList();
        categories.Should().ContainSingle();
        categories[0].GetProperty("value").GetString().Should().Be("stretching");
        categories[0].GetProperty("count").GetInt32().Should().Be(body.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Cursor_paging_walks_every_result_once()
    {
        var seen = new List<string>();
        string? cursor = null;
        var total = 0;
        var pages = 0;
        do
        {
            var url = "/api/v1/search?q=barbell%20chest&limit=3" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            var body = await GetOkAsync(url);
            total = body.GetProperty("total").GetInt32();
            seen.AddRange(body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString()!));
            cursor = body.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
            pages++;
        }
        while (cursor is not null && pages < 20);

        total.Should().BeGreaterThan(3);
        seen.Should().HaveCount(total).And.OnlyHaveUniqueItems();
        pages.Should().Be((total + 2) / 3);
    }

    [Fact]
    public async Task A_second_identical_search_is_served_from_the_cache_even_spelt_differently()
    {
        var first = await _client.GetAsync("/api/v1/search?q=dumbell%20row");
        var second = await _client.GetAsync("/api/v1/search?q=Dumbbell%20%20Row!");

        (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cached").GetBoolean().Should().BeFalse();
        var body = await second.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("cached").GetBoolean().Should().BeTrue();
        body.GetProperty("cache").GetString().Should().Be("hit");
        second.Headers.GetValues("X-Search-Cache").Should().Equal("hit");
        _factory.Dependencies.DetailCalls.Should().Be(1);
    }

    [Fact]
    public async Task A_new_index_epoch_makes_cached_results_unreachable()
    {
        await GetOkAsync("/api/v1/search?q=plank");
        _factory.Dependencies.Epoch = 2;

        var body = await GetOkAsync("/api/v1/search?q=plank");

        body.GetProperty("cached").GetBoolean().Should().BeFalse();
        _factory.Dependencies.DetailCalls.Should().Be(2);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task Without_semantic_search_the_answer_is_keyword_only_and_says_so(bool embeddingDown, bool vectorIndexDown)
    {
        _factory.Dependencies.EmbeddingDown = embeddingDown;
        _factory.Dependencies.VectorIndexDown = vectorIndexDown;

        var response = await _client.GetAsync("/api/v1/search?q=barbell%20curl");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.GetValues("X-Search-Degraded").Should().Equal("keyword-only");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("degraded").GetBoolean().Should().BeTrue();
        body.GetProperty("degradation")[0].GetProperty("mode").GetString().Should().Be("keyword-only");
        body.GetProperty("results")[0].GetProperty("id").GetString().Should().Be("barbell-curl");
        Strings(body.GetProperty("results")[0].GetProperty("why").GetProperty("retrievers")).Should().Equal("keyword");
        _factory.Cache.Writes.Should().Be(0, "a degraded answer must not outlive the outage in the cache");
    }

    [Fact]
    public async Task Without_keyword_search_the_answer_is_semantic_only()
    {
        _factory.Dependencies.KeywordDown = true;

        var response = await _client.GetAsync("/api/v1/search?q=barbell%20curl");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.GetValues("X-Search-Degraded").Should().Equal("semantic-only");
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").GetArrayLength().Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task Without_the_metadata_service_a_cached_answer_is_served_stale_with_its_age()
    {
        await GetOkAsync("/api/v1/search?q=box%20jump");
        _factory.Dependencies.Epoch = 2;
        _factory.Dependencies.DetailsDown = true;

        var response = await _client.GetAsync("/api/v1/search?q=box%20jump");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.GetValues("X-Search-Degraded").Should().Equal("stale");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("cache").GetString().Should().Be("stale");
        body.GetProperty("degradation")[0].GetProperty("ageSeconds").GetDouble().Should().BeGreaterThanOrEqualTo(42);
        body.GetProperty("results")[0].GetProperty("id").GetString().Should().Be("box-jump");
    }

    [Fact]
    public async Task Without_the_metadata_service_and_nothing_cached_the_answer_is_503_with_retry_after()
    {
        _factory.Dependencies.DetailsDown = true;

        var response = await _client.GetAsync("/api/v1/search?q=box%20jump");

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        response.Headers.RetryAfter!.Delta.Should().BePositive();
    }

    [Fact]
    public async Task Without_the_cache_answers_are_complete_and_not_degraded()
    {
        _factory.Cache.Down = true;

        var response = await _client.GetAsync("/api/v1/search?q=crunch");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.Contains("X-Search-Degraded").Should().BeFalse();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("cache").GetString().Should().Be("unavailable");
        body.GetProperty("degraded").GetBoolean().Should().BeFalse();
        body.GetProperty("results")[0].GetProperty("id").GetString().Should().Be("crunch");
    }

    [Theory]
    [InlineData("/api/v1/search", "q")]
    [InlineData("/api/v1/search?q=", "q")]
    [InlineData("/api/v1/search?q=%20%20%20", "q")]
    [InlineData("/api/v1/search?q=%21%21%21", "q")]
    [InlineData("/api/v1/search?q=curl&muscle=elbows", "muscle")]
    [InlineData("/api/v1/search?q=curl&equipment=spaceship", "equipment")]
    [InlineData("/api/v1/search?q=curl&limit=0", "limit")]
    [InlineData("/api/v1/search?q=curl&limit=101", "limit")]
    [InlineData("/api/v1/search?q=curl&limit=ten", "limit")]
    [InlineData("/api/v1/search?q=curl&cursor=not-a-cursor", "cursor")]
    [InlineData("/api/v1/search?q=curl&muscles=chest", "muscles")]
    public async Task Invalid_requests_are_400_problems_naming_the_parameter(string url, string parameter)
    {
        var response = await _client.GetAsync(url);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("status").GetInt32().Should().Be(400);
        problem.GetProperty("errors").TryGetProperty(parameter, out _).Should().BeTrue();
    }

    [Fact]
    public async Task An_over_long_query_is_refused()
    {
        var response = await _client.GetAsync("/api/v1/search?q=" + new string('a', 201));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").GetProperty("q")[0].GetString().Should().Contain("200");
    }

    [Fact]
    public async Task An_unknown_filter_value_lists_the_known_ones()
    {
        var problem = await (await _client.GetAsync("/api/v1/search?q=curl&level=godlike")).Content.ReadFromJsonAsync<JsonElement>();

        problem.GetProperty("errors").GetProperty("level")[0].GetString()
            .Should().Contain("godlike").And.Contain("beginner").And.Contain("intermediate").And.Contain("expert");
    }

    [Fact]
    public async Task A_cursor_from_another_search_is_refused()
    {
        var first = await GetOkAsync("/api/v1/search?q=barbell&limit=1");
        var cursor = first.GetProperty("nextCursor").GetString()!;

        var response = await _client.GetAsync("/api/v1/search?q=dumbbell&limit=1&cursor=" + Uri.EscapeDataString(cursor));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("cursor")[0].GetString()
            .Should().Contain("different search");
    }

    [Fact]
    public async Task A_malformed_json_body_is_a_400_problem()
    {
        var response = await _client.PostAsync("/api/v1/search", new StringContent("{\"q\": ", Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task A_body_of_the_wrong_type_is_a_400_problem()
    {
        var response = await _client.PostAsync("/api/v1/search", new StringContent("{\"q\": \"curl\", \"limit\": \"ten\"}", Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("limit", out _).Should().BeTrue();
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_415_problem()
    {
        var response = await _client.PostAsync("/api/v1/search", new StringContent("q=curl", Encoding.UTF8, "text/plain"));

        response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task The_openapi_document_describes_search_with_examples()
    {
        var document = await _client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var path = document.GetProperty("paths").GetProperty("/api/v1/search");
        var get = path.GetProperty("get");
        var q = get.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "q");
        q.GetProperty("required").GetBoolean().Should().BeTrue();
        q.GetProperty("schema").GetProperty("maxLength").GetInt32().Should().Be(200);
        var muscle = get.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "muscle");
        Strings(muscle.GetProperty("schema").GetProperty("items").GetProperty("enum")).Should().Contain("abdominals");
        get.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json")
            .GetProperty("example").GetProperty("results")[0].GetProperty("id").GetString().Should().Be("Hamstring_Stretch");
        get.GetProperty("responses").GetProperty("400").GetProperty("content").EnumerateObject().First().Value
            .GetProperty("example").GetProperty("status").GetInt32().Should().Be(400);
        path.GetProperty("post").GetProperty("requestBody").GetProperty("content").GetProperty("application/json")
            .GetProperty("example").GetProperty("q").GetString().Should().NotBeEmpty();
    }

    private async Task<JsonElement> GetOkAsync(string url)
    {
        var response = await _client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static IEnumerable<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();
}

using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using FitnessAssistant.AppHost.Credentials;
using FitnessAssistant.IntegrationTests.Fixtures;
using static FitnessAssistant.IntegrationTests.Gateway.GatewayRequests;

namespace FitnessAssistant.IntegrationTests.Gateway;

/// <summary>
/// Hostile and sloppy input through the real gateway to the real services: every refusal is a 4xx problem with
/// <c>requestId</c> and <c>traceId</c>, never a 5xx; and the one case Kestrel answers before any middleware is
/// pinned down exactly as docs/gateway.md describes it.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class HostileInputTests(SystemFixture system) : IAsyncLifetime
{
    private const string AdminPath = "/api/v1/admin/exercises";

    private Uri Gateway => system.Endpoint("gateway");

    private GatewayCredentials Credentials => system.GatewayCredentials;

    private string Admin => Credentials.MintToken("ops", ["admin"], TimeSpan.FromMinutes(5));

    public Task InitializeAsync() => system.EnsureRunningAsync("gateway");

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("""{"q":"curl","filters":{"muscle":[null]}}""", "muscle")]
    [InlineData("""{"q":"curl","filters":{"equipment":["dumbbell",null]}}""", "equipment")]
    [InlineData("""{"q":"curl","muscle":"biceps"}""", "muscle")]
    [InlineData("""{"q":"curl","limit":1e400}""", "limit")]
    [InlineData("""{"q":"curl","limit":99999999999}""", "limit")]
    public async Task Search_bodies_with_nulls_unknown_fields_or_huge_numbers_are_400_naming_the_field(string body, string field)
    {
        using var response = await SendAsync(Gateway, HttpMethod.Post, "/api/v1/search", Credentials.ApiKey,
            configure: r => r.Content = new StringContent(body, Encoding.UTF8, "application/json"));

        response.ShouldBeProxiedTo("search");
        var problem = await ShouldBeTracedProblemAsync(response, HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue(problem.ToString());
    }

    [Theory]
    [InlineData("name", "Curl\u0000Up")]
    [InlineData("name", "Curl\u0007Up")]
    [InlineData("description", "Slowly\u0000.")]
    [InlineData("aliases[0]", "curl\u001bup")]
    [InlineData("instructions[0]", "Lift\u0000.")]
    public async Task Admin_writes_with_nul_or_control_characters_are_400_naming_the_field_and_store_nothing(string field, string text)
    {
        var id = $"hostile-{Guid.NewGuid():N}"[..24];
        var exercise = Metadata.MetadataApi.Exercise(id);
        if (field.Split('[') is [var list, _])
        {
            exercise[list] = new System.Text.Json.Nodes.JsonArray(text);
        }
        else
        {
            exercise[field] = text;
        }

        using var response = await SendAsync(Gateway, HttpMethod.Post, AdminPath, bearer: Admin,
            configure: r => r.Content = Metadata.MetadataApi.Json(exercise));

        response.ShouldBeProxiedTo("metadata");
        var problem = await ShouldBeTracedProblemAsync(response, HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty(field)[0].GetString().Should().Contain("U+");
        using var stored = await SendAsync(Gateway, HttpMethod.Get, $"/api/v1/exercises/{id}", Credentials.ApiKey);
        stored.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_admin_write_with_a_lone_surrogate_is_a_400_not_a_500()
    {
        var id = $"hostile-{Guid.NewGuid():N}"[..24];
        // Escaped in the JSON text, as a client would send it: the serializer would not write an unpaired surrogate.
        var body = Metadata.MetadataApi.Exercise(id).ToJsonString().Replace("\"Test Exercise\"", "\"Test \\ud800Exercise\"");

        using var response = await SendAsync(Gateway, HttpMethod.Post, AdminPath, bearer: Admin,
            configure: r => r.Content = new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await ShouldBeTracedProblemAsync(response, HttpStatusCode.BadRequest);
        problem.ToString().Should().Contain("name");
    }

    [Theory]
    [InlineData("/api/v1/search?q=curl&q=row", "q")]
    [InlineData("/api/v1/search?q=curl&limit=99999999999999999999", "limit")]
    [InlineData("/api/v1/exercises/search?q=curl&q=row", "q")]
    public async Task Repeated_or_overflowing_query_parameters_are_400_from_the_service(string path, string parameter)
    {
        using var response = await SendAsync(Gateway, HttpMethod.Get, path, Credentials.ApiKey);

        var problem = await ShouldBeTracedProblemAsync(response, HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty(parameter, out _).Should().BeTrue(problem.ToString());
    }

    [Fact]
    public async Task A_parameter_that_does_not_bind_is_a_400_that_says_which()
    {
        using var response = await SendAsync(Gateway, HttpMethod.Get, "/api/v1/exercises?limit=99999999999", Credentials.ApiKey);

        response.ShouldBeProxiedTo("metadata");
        (await ShouldBeTracedProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("detail").GetString().Should().Contain("limit");
    }

    [Theory]
    [InlineData("/api/v1/search?q=%zz", "malformed percent-escape")]
    [InlineData("/api/v1/search?q=100%", "malformed percent-escape")]
    [InlineData("/api/v1/search?q=curl%00", "U+0000")]
    [InlineData("/api/v1/search?q=%FF", "UTF-8")]
    [InlineData("/api/v1/exercises/push%01up/similar", "U+0001")]
    [InlineData("/api/v1/exercises/%zz", "malformed percent-escape")]
    public async Task Broken_percent_encoding_and_control_characters_are_400_from_the_gateway(string path, string detail)
    {
        // Sent as written: Uri would otherwise repair '%zz' into '%25zz'.
        var target = new Uri(Gateway + path.TrimStart('/'), new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        using var request = new HttpRequestMessage(HttpMethod.Get, target);
        request.Headers.Add("X-Api-Key", Credentials.ApiKey);
        using var response = await GatewayRequests.Http.SendAsync(request);

        response.Destination().Should().BeNull("the gateway refuses it itself");
        (await ShouldBeTracedProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("detail").GetString().Should().Contain(detail);
    }

    [Theory]
    [InlineData("/api/v1/search", null)]
    [InlineData("/api/v1/admin/exercises", "admin")]
    [InlineData("/api/v1/admin/index/reindex", "admin")]
    public async Task A_body_of_another_media_type_is_a_415_with_a_detail_and_the_request_id(string path, string? role)
    {
        using var response = await SendAsync(Gateway, HttpMethod.Post, path,
            role is null ? Credentials.ApiKey : null, role is null ? null : Admin,
            r => r.Content = new StringContent("q=curl", Encoding.UTF8, "text/plain"));

        var problem = await ShouldBeTracedProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        problem.GetProperty("detail").GetString().Should().Contain("JSON");
    }

    [Theory]
    [InlineData("/api/v1/search?q=curl")]
    [InlineData("/api/v1/exercises?limit=2")]
    [InlineData("/api/v1/exercises/facets")]
    public async Task Head_answers_like_get_without_a_body(string path)
    {
        // Right after start search may still answer 503 while its dependencies warm up.
        HttpResponseMessage get = null!;
        await EventuallyAsync(async () =>
        {
            get = await SendAsync(Gateway, HttpMethod.Get, path, Credentials.ApiKey);
            return get.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(60), $"GET {path} answers 200");
        using var head = await SendAsync(Gateway, HttpMethod.Head, path, Credentials.ApiKey);

        head.StatusCode.Should().Be(HttpStatusCode.OK);
        head.Content.Headers.ContentType?.MediaType.Should().Be(get.Content.Headers.ContentType?.MediaType);
        get.Dispose();
        (await head.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
    }

    /// <summary>
    /// What Kestrel refuses while parsing the request, before any middleware: the client gets a bare status, no
    /// body, no X-Request-Id, and the connection is closed. docs/gateway.md lists exactly these; the test notices
    /// if a framework update changes them.
    /// </summary>
    [Theory]
    [InlineData("nul in the path", "GET /api/v1/exercises/a%00b HTTP/1.1\r\nHost: h\r\n", 400)]
    [InlineData("raw space in the target", "GET /api/v1/search?q=a b HTTP/1.1\r\nHost: h\r\n", 400)]
    [InlineData("raw non-ASCII byte in the target", "GET /api/v1/search?q=caf\u00e9 HTTP/1.1\r\nHost: h\r\n", 400)]
    [InlineData("request line over twice the URL limit", "GET /api/v1/search?q={long} HTTP/1.1\r\nHost: h\r\n", 414)]
    [InlineData("headers over twice the header limit", "GET /api/v1/search?q=a HTTP/1.1\r\nHost: h\r\nX-Padding: {long}\r\n", 431)]
    [InlineData("space in a header name", "GET /api/v1/search?q=a HTTP/1.1\r\nHost: h\r\nBad Header: x\r\n", 400)]
    [InlineData("two different Content-Lengths", "POST /api/v1/search HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n", 400)]
    [InlineData("no Host header", "GET /api/v1/search?q=a HTTP/1.1\r\n", 400)]
    [InlineData("unknown HTTP version", "GET /api/v1/search?q=a HTTP/1.2\r\nHost: h\r\n", 505)]
    public async Task Requests_kestrel_refuses_before_any_middleware_get_a_bare_status_as_documented(string name, string head, int status)
    {
        var request = head.Replace("{long}", new string('a', 40_000)) + $"X-Api-Key: {Credentials.ApiKey}\r\n\r\n";

        var answer = await RawRequestAsync(request);

        answer.Should().StartWith($"HTTP/1.1 {status} ", name);
        answer.Should().ContainEquivalentOf("Connection: close", name);
        answer.Should().ContainEquivalentOf("Content-Length: 0", name);
        answer.Should().NotContainEquivalentOf("X-Request-Id", name);
    }

    [Fact]
    public async Task A_raw_control_character_in_the_query_passes_kestrel_and_gets_a_problem_from_the_gateway()
    {
        var answer = await RawRequestAsync(
            $"GET /api/v1/search?q=a\u0001b HTTP/1.1\r\nHost: h\r\nConnection: close\r\nX-Api-Key: {Credentials.ApiKey}\r\n\r\n");

        answer.Should().StartWith("HTTP/1.1 400 ");
        answer.Should().ContainEquivalentOf("Content-Type: application/problem+json");
        answer.Should().Contain("U+0001");
    }

    private async Task<string> RawRequestAsync(string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(Gateway.Host, Gateway.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.Latin1);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await reader.ReadToEndAsync(timeout.Token);
    }

    /// <summary>A problem whose <c>requestId</c> is the <c>X-Request-Id</c> the client got, and with a <c>traceId</c>.</summary>
    private static async Task<JsonElement> ShouldBeTracedProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var problem = await response.ShouldBeProblemAsync(status);
        problem.GetProperty("requestId").GetString().Should().Be(response.Headers.GetValues("X-Request-Id").Single());
        problem.GetProperty("traceId").GetString().Should().NotBeNullOrEmpty();
        return problem;
    }
}

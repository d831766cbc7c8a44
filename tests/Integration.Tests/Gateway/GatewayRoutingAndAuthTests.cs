using System.Net;
using System.Text;
using System.Text.Json;
using FitnessAssistant.AppHost.Credentials;
using FitnessAssistant.IntegrationTests.Fixtures;
using static FitnessAssistant.IntegrationTests.Gateway.GatewayRequests;

namespace FitnessAssistant.IntegrationTests.Gateway;

/// <summary>Routing, authentication and request hygiene through the real gateway in front of the real services.</summary>
[Collection(SystemCollection.Name)]
public sealed class GatewayRoutingAndAuthTests(SystemFixture system) : IAsyncLifetime
{
    private const string AdminPath = "/api/v1/admin/exercises";
    private const string CatalogPath = "/api/v1/exercises";

    private Uri Gateway => system.Endpoint("gateway");

    private GatewayCredentials Credentials => system.GatewayCredentials;

    public Task InitializeAsync() => system.EnsureRunningAsync("gateway");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Health_and_alive_answer_without_credentials()
    {
        foreach (var path in new[] { "/health", "/alive" })
        {
            using var response = await SendAsync(Gateway, HttpMethod.Get, path);
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            (await response.Content.ReadAsStringAsync()).Should().Contain("\"self\"");
        }
    }

    [Fact]
    public async Task Public_search_needs_a_valid_api_key_or_token()
    {
        using (var noKey = await SendAsync(Gateway, HttpMethod.Get, SearchPath))
        {
            var problem = await noKey.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
            problem.GetProperty("detail").GetString().Should().Contain("X-Api-Key");
            noKey.Headers.WwwAuthenticate.Should().NotBeEmpty();
            noKey.Destination().Should().BeNull("nothing may reach the service without credentials");
        }
        using (var badKey = await SendAsync(Gateway, HttpMethod.Get, SearchPath, apiKey: GatewayCredentials.NewApiKey()))
        {
            (await badKey.ShouldBeProblemAsync(HttpStatusCode.Unauthorized)).GetProperty("detail").GetString()
                .Should().Be("The API key is not valid.");
        }
        using (var goodKey = await SendAsync(Gateway, HttpMethod.Get, SearchPath, apiKey: Credentials.ApiKey))
        {
            goodKey.ShouldBeProxiedTo("search");
        }
        using (var userToken = await SendAsync(Gateway, HttpMethod.Get, SearchPath,
                   bearer: Credentials.MintToken("reader", [], TimeSpan.FromMinutes(5))))
        {
            userToken.ShouldBeProxiedTo("search");
        }
        using (var catalog = await SendAsync(Gateway, HttpMethod.Get, CatalogPath, apiKey: Credentials.ApiKey))
        {
            catalog.ShouldBeProxiedTo("metadata");
        }
    }

    [Fact]
    public async Task Admin_writes_need_an_admin_token()
    {
        var admin = Credentials.MintToken("ops", ["admin"], TimeSpan.FromMinutes(5));
        var expired = Credentials.MintToken("ops", ["admin"], TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow.AddHours(-1));
        var foreign = GatewayCredentials.Generate().MintToken("ops", ["admin"], TimeSpan.FromMinutes(5));
        var user = Credentials.MintToken("reader", ["user"], TimeSpan.FromMinutes(5));
        var parts = admin.Split('.');
        var elevated = Convert.ToBase64String(Encoding.UTF8.GetBytes(
                $$"""{"sub":"mallory","iss":"{{GatewayCredentials.Issuer}}","aud":"{{GatewayCredentials.Audience}}","exp":{{DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}},"role":["admin"]}"""))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var tampered = $"{parts[0]}.{elevated}.{parts[2]}";
        var unsigned = $"{Convert.ToBase64String("""{"alg":"none","typ":"JWT"}"""u8.ToArray()).TrimEnd('=')}.{parts[1]}.";

        var cases = new (string Name, string? ApiKey, string? Bearer, HttpStatusCode? Expected, string? Detail)[]
        {
            ("no credentials", null, null, HttpStatusCode.Unauthorized, "X-Api-Key"),
            ("api key", Credentials.ApiKey, null, HttpStatusCode.Forbidden, "admin role"),
            ("user token", null, user, HttpStatusCode.Forbidden, "admin role"),
            ("expired admin token", null, expired, HttpStatusCode.Unauthorized, "expired"),
            ("tampered admin token", null, tampered, HttpStatusCode.Unauthorized, "not valid"),
            ("token from another signer", null, foreign, HttpStatusCode.Unauthorized, "not valid"),
            ("unsigned token", null, unsigned, HttpStatusCode.Unauthorized, "not valid"),
            ("admin token without a subject", null, Credentials.MintToken(null, ["admin"], TimeSpan.FromMinutes(5)), HttpStatusCode.Unauthorized, "no subject"),
            ("admin token", null, admin, null, null),
        };
        foreach (var (name, apiKey, bearer, expected, detail) in cases)
        {
            using var response = await SendAsync(Gateway, HttpMethod.Post, AdminPath, apiKey, bearer,
                request => request.Content = new StringContent("""{"name":"probe"}""", Encoding.UTF8, "application/json"));
            if (expected is null)
            {
                response.ShouldBeProxiedTo("metadata");
                continue;
            }
            var problem = await response.ShouldBeProblemAsync(expected.Value);
            problem.GetProperty("detail").GetString().Should().Contain(detail, name);
            response.Destination().Should().BeNull($"{name} must not reach the service");
        }
    }

    [Fact]
    public async Task Index_administration_reaches_the_indexing_service_with_an_admin_token_only()
    {
        const string IndexPath = "/api/v1/admin/index";
        using (var none = await SendAsync(Gateway, HttpMethod.Get, IndexPath))
        {
            (await none.ShouldBeProblemAsync(HttpStatusCode.Unauthorized)).GetProperty("detail").GetString().Should().Contain("X-Api-Key");
            none.Destination().Should().BeNull();
        }
        foreach (var (name, apiKey, bearer) in new (string Name, string? ApiKey, string? Bearer)[]
                 {
                     ("api key", Credentials.ApiKey, null),
                     ("user token", null, Credentials.MintToken("reader", ["user"], TimeSpan.FromMinutes(5))),
                 })
        {
            using var refused = await SendAsync(Gateway, HttpMethod.Post, $"{IndexPath}/parking/replay", apiKey, bearer);
            (await refused.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).GetProperty("detail").GetString().Should().Contain("admin role", name);
            refused.Destination().Should().BeNull($"{name} must not reach the indexing service");
        }

        var admin = Credentials.MintToken("ops", ["admin"], TimeSpan.FromMinutes(5));
        using (var status = await SendAsync(Gateway, HttpMethod.Get, IndexPath, bearer: admin))
        {
            status.ShouldBeProxiedTo("indexing");
            status.StatusCode.Should().Be(HttpStatusCode.OK, await status.Content.ReadAsStringAsync());
            var body = JsonDocument.Parse(await status.Content.ReadAsStringAsync()).RootElement;
            // The indexing service checks the admin token too (the 200 above shows the gateway forwarded it).
            using var directRequest = new HttpRequestMessage(HttpMethod.Get, new Uri(system.Endpoint("indexing"), IndexPath));
            directRequest.Headers.Authorization = new("Bearer", admin);
            using var direct = await GatewayRequests.Http.SendAsync(directRequest);
            var expected = JsonDocument.Parse(await direct.Content.ReadAsStringAsync()).RootElement;
            body.GetProperty("activeVersion").GetString().Should().Be(expected.GetProperty("activeVersion").GetString());
            body.GetProperty("versions").GetArrayLength().Should().Be(expected.GetProperty("versions").GetArrayLength());
        }
        // A deeper path goes to indexing too, not to the metadata service's /api/v1/admin/** route.
        using (var unknown = await SendAsync(Gateway, HttpMethod.Get, $"{IndexPath}/reindex/{Guid.NewGuid()}", bearer: admin))
        {
            unknown.ShouldBeProxiedTo("indexing");
            unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
            unknown.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
            JsonDocument.Parse(await unknown.Content.ReadAsStringAsync()).RootElement.GetProperty("title").GetString().Should().Be("No such re-index");
        }
    }

    [Fact]
    public async Task Request_ids_are_kept_or_generated_and_trace_context_is_continued()
    {
        using (var given = await SendAsync(Gateway, HttpMethod.Get, SearchPath, Credentials.ApiKey,
                   configure: r => r.Headers.Add("X-Request-Id", "client-req-42")))
        {
            given.Headers.GetValues("X-Request-Id").Single().Should().Be("client-req-42");
        }
        using (var forged = await SendAsync(Gateway, HttpMethod.Get, SearchPath, Credentials.ApiKey,
                   configure: r => r.Headers.TryAddWithoutValidation("X-Request-Id", "bad id\twith spaces")))
        {
            forged.Headers.GetValues("X-Request-Id").Single().Should().MatchRegex("^[0-9a-f]{32}$");
        }
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        using var traced = await SendAsync(Gateway, HttpMethod.Get, SearchPath,
            configure: r => r.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01"));
        var problem = await traced.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        problem.GetProperty("traceId").GetString().Should().Contain(traceId);
        problem.GetProperty("requestId").GetString().Should().Be(traced.Headers.GetValues("X-Request-Id").Single());
    }

    [Fact]
    public async Task Oversized_or_disallowed_requests_get_problem_details()
    {
        using (var wrongMethod = await SendAsync(Gateway, HttpMethod.Delete, CatalogPath, Credentials.ApiKey))
        {
            await wrongMethod.ShouldBeProblemAsync(HttpStatusCode.MethodNotAllowed);
            wrongMethod.Content.Headers.Allow.Should().Contain("GET");
        }
        using (var unknown = await SendAsync(Gateway, HttpMethod.Get, "/api/v1/nothing-here", Credentials.ApiKey))
        {
            await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        }
        using (var longQuery = await SendAsync(Gateway, HttpMethod.Get, "/api/v1/search?q=" + new string('a', 3000), Credentials.ApiKey))
        {
            await longQuery.ShouldBeProblemAsync(HttpStatusCode.RequestUriTooLong);
        }
        using (var bigHeaders = await SendAsync(Gateway, HttpMethod.Get, SearchPath, Credentials.ApiKey,
                   configure: r => r.Headers.Add("X-Padding", new string('p', 20_000))))
        {
            await bigHeaders.ShouldBeProblemAsync(HttpStatusCode.RequestHeaderFieldsTooLarge);
        }
        var admin = Credentials.MintToken("ops", ["admin"], TimeSpan.FromMinutes(5));
        // With Expect: 100-continue, as a client uploading a large body should: the gateway answers from the declared
        // length and the body is never sent (without it, the refused upload can end in a broken pipe on the client).
        using (var bigBody = await SendAsync(Gateway, HttpMethod.Post, AdminPath, bearer: admin, configure: r =>
               {
                   r.Headers.ExpectContinue = true;
                   r.Content = new ByteArrayContent(new byte[2 * 1024 * 1024]);
               }))
        {
            await bigBody.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        }
    }

    [Fact]
    public async Task Responses_carry_security_headers_and_cors_follows_configuration()
    {
        using (var response = await SendAsync(Gateway, HttpMethod.Get, SearchPath, Credentials.ApiKey))
        {
            response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
            response.Headers.GetValues("X-Frame-Options").Should().Equal("DENY");
            response.Headers.GetValues("Content-Security-Policy").Single().Should().Contain("default-src 'none'");
            response.Headers.Contains("Server").Should().BeFalse();
        }
        // appsettings.Development.json allows http://localhost:3000 only.
        using (var allowed = await SendAsync(Gateway, HttpMethod.Options, "/api/v1/search", configure: Preflight("http://localhost:3000")))
        {
            allowed.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal("http://localhost:3000");
        }
        using (var other = await SendAsync(Gateway, HttpMethod.Options, "/api/v1/search", configure: Preflight("https://elsewhere.example")))
        {
            other.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
        }

        static Action<HttpRequestMessage> Preflight(string origin) => request =>
        {
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "GET");
            request.Headers.Add("Access-Control-Request-Headers", "x-api-key");
        };
    }

    [Fact]
    public async Task The_api_documents_and_swagger_ui_are_served_even_if_a_service_has_no_document()
    {
        foreach (var name in new[] { "search", "catalog" })
        {
            using var response = await SendAsync(Gateway, HttpMethod.Get, $"/openapi/{name}/v1.json");
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            document.GetProperty("openapi").GetString().Should().StartWith("3.");
            document.GetProperty("paths").ValueKind.Should().Be(JsonValueKind.Object);
            document.GetProperty("components").GetProperty("securitySchemes").GetProperty("apiKey")
                .GetProperty("name").GetString().Should().Be("X-Api-Key");
            foreach (var path in document.GetProperty("paths").EnumerateObject())
            {
                path.Name.Should().StartWith("/api/v1/", "only routed paths are published");
            }
        }
        using var ui = await SendAsync(Gateway, HttpMethod.Get, "/swagger/index.html");
        ui.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ui.Content.ReadAsStringAsync()).Should().Contain("swagger");
        using var unknown = await SendAsync(Gateway, HttpMethod.Get, "/openapi/nope/v1.json");
        await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Secrets_never_reach_the_gateway_log()
    {
        var admin = Credentials.MintToken("ops", ["admin"], TimeSpan.FromMinutes(5));
        var wrongKey = GatewayCredentials.NewApiKey();
        using (await SendAsync(Gateway, HttpMethod.Get, SearchPath, Credentials.ApiKey)) { }
        using (await SendAsync(Gateway, HttpMethod.Get, SearchPath, wrongKey)) { }
        using (await SendAsync(Gateway, HttpMethod.Post, AdminPath, bearer: admin)) { }
        using (await SendAsync(Gateway, HttpMethod.Post, AdminPath, bearer: admin[..^3] + "abc")) { }
        await Task.Delay(500); // the console logger writes asynchronously

        var log = system.LogText("gateway");
        log.Should().Contain("Request refused", "the refusals above are logged");
        foreach (var secret in new[] { Credentials.ApiKey, wrongKey, admin.Split('.')[2], Credentials.SigningKey })
        {
            log.Should().NotContain(secret);
        }
    }
}

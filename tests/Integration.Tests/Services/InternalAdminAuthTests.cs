using System.Net;
using System.Net.Http.Headers;
using FitnessAssistant.AppHost.Credentials;
using FitnessAssistant.IntegrationTests.Fixtures;
using FitnessAssistant.IntegrationTests.Gateway;

namespace FitnessAssistant.IntegrationTests.Services;

/// <summary>
/// Defence in depth (issue 22): the admin endpoints of MetadataService and IndexingService check the admin token
/// themselves, so a caller that reaches their ports directly, past the gateway, gets nothing without one.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class InternalAdminAuthTests(SystemFixture system)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Theory]
    [InlineData("metadata", "POST", "/api/v1/admin/exercises")]
    [InlineData("metadata", "POST", "/api/v1/admin/imports/free-exercise-db")]
    [InlineData("indexing", "GET", "/api/v1/admin/index")]
    [InlineData("indexing", "POST", "/api/v1/admin/index/parking/replay")]
    public async Task An_admin_call_straight_to_the_service_needs_a_valid_admin_token(string serviceName, string method, string path)
    {
        await system.EnsureRunningAsync(serviceName);
        var service = system.Endpoint(serviceName);
        var credentials = system.GatewayCredentials;

        foreach (var (name, token) in new (string Name, string? Token)[]
                 {
                     ("no token", null),
                     ("a token signed with another key", GatewayCredentials.Generate().MintToken("intruder", ["admin"], TimeSpan.FromMinutes(5))),
                     ("an expired token", credentials.MintToken("ops", ["admin"], TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow.AddHours(-1))),
                     ("a token without a subject", credentials.MintToken(null, ["admin"], TimeSpan.FromMinutes(5))),
                 })
        {
            using var refused = await SendAsync(service, method, path, token);
            var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
            problem.GetProperty("detail").GetString().Should().NotBeNullOrEmpty(name);
            refused.Headers.WwwAuthenticate.Should().ContainSingle(h => h.Scheme == "Bearer", name);
        }

        using (var user = await SendAsync(service, method, path, credentials.MintToken("reader", ["user"], TimeSpan.FromMinutes(5))))
        {
            (await user.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).GetProperty("detail").GetString().Should().Contain("admin role");
        }

        // With an admin token the request gets past authorization (the empty body may still be refused as input).
        using var admin = await SendAsync(service, method, path, system.AdminToken);
        admin.StatusCode.Should().NotBe(HttpStatusCode.Unauthorized).And.NotBe(HttpStatusCode.Forbidden)
            .And.BeOneOf(HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Catalog_reads_stay_open_to_the_gateway_without_a_token()
    {
        await system.EnsureRunningAsync("metadata");
        using var response = await Http.GetAsync(new Uri(system.Endpoint("metadata"), "/api/v1/exercises?limit=1"));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static Task<HttpResponseMessage> SendAsync(Uri service, string method, string path, string? token)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), new Uri(service, path))
        {
            Content = method == "POST" ? new StringContent("{}", System.Text.Encoding.UTF8, "application/json") : null,
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return Http.SendAsync(request);
    }
}

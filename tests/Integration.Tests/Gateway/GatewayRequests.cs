using System.Net;
using System.Text.Json;

namespace FitnessAssistant.IntegrationTests.Gateway;

/// <summary>Small helpers for talking to a gateway process as a client would.</summary>
internal static class GatewayRequests
{
    public const string SearchPath = "/api/v1/search?q=push%20up";
    public const string DestinationHeader = "X-Upstream-Destination";

    public static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    public static async Task<HttpResponseMessage> SendAsync(
        Uri gateway, HttpMethod method, string path, string? apiKey = null, string? bearer = null,
        Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(method, new Uri(gateway, path));
        if (apiKey is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Api-Key", apiKey);
        }
        if (bearer is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {bearer}");
        }
        configure?.Invoke(request);
        return await Http.SendAsync(request);
    }

    public static string? Destination(this HttpResponseMessage response)
        => response.Headers.TryGetValues(DestinationHeader, out var values) ? values.Single() : null;

    /// <summary>Asserts an RFC 9457 body with the given status and returns it.</summary>
    public static async Task<JsonElement> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, body);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        var problem = JsonDocument.Parse(body).RootElement;
        problem.GetProperty("status").GetInt32().Should().Be((int)status);
        problem.GetProperty("title").GetString().Should().NotBeNullOrEmpty();
        return problem;
    }

    /// <summary>
    /// The gateway routed the request to a replica of <paramref name="service"/> and passed on its answer, whatever
    /// it was (services under construction may answer 404 or 503 with dependencies missing): only proxied answers carry
    /// the destination header, answers the gateway makes itself (401, 429, 502, ...) never do.
    /// </summary>
    public static void ShouldBeProxiedTo(this HttpResponseMessage response, string service)
    {
        response.Destination().Should().StartWith(service + "-", $"the gateway must have forwarded the request (got {(int)response.StatusCode})");
        response.StatusCode.Should().NotBe(HttpStatusCode.Unauthorized).And.NotBe(HttpStatusCode.Forbidden);
    }

    /// <summary>Polls until <paramref name="condition"/> holds (for state that settles asynchronously), failing after <paramref name="timeout"/>.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, string because)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not reached within {timeout.TotalSeconds:0} s: {because}");
            }
            await Task.Delay(250);
        }
    }
}

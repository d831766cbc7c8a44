using System.Net;
using System.Text.Json;

namespace FitnessAssistant.Search.Benchmarks;

/// <summary>Searches through the gateway as a client app does (API key, keep-alive connections).</summary>
public sealed class GatewaySearchClient : IDisposable
{
    private readonly HttpClient _http;

    public GatewaySearchClient(Uri gateway, string apiKey)
    {
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = gateway,
            Timeout = TimeSpan.FromSeconds(30),
        };
        _http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
    }

    public async Task<RequestOutcome> SearchAsync(string query)
    {
        using var response = await _http.GetAsync("/api/v1/search?" + query);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return new RequestOutcome((int)response.StatusCode, false, false);
        }
        var json = JsonDocument.Parse(body).RootElement;
        return new RequestOutcome(200, json.GetProperty("cached").GetBoolean(), json.GetProperty("degraded").GetBoolean());
    }

    /// <summary>One suggest request (<paramref name="query"/> is the query string after <c>?</c>); the body is read, not parsed.</summary>
    public async Task<RequestOutcome> SuggestAsync(string query)
    {
        using var response = await _http.GetAsync("/api/v1/suggest?" + query);
        await response.Content.ReadAsByteArrayAsync();
        return new RequestOutcome((int)response.StatusCode, false, false);
    }

    public void Dispose() => _http.Dispose();
}

using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy;

namespace FitnessAssistant.Gateway.DeveloperPortal;

/// <summary>
/// Fetches a service's OpenAPI document from one of its available destinations and rewrites it for public use:
/// only the paths the gateway routes, the gateway as the server, and the two ways to authenticate. A service that
/// has no document (yet), or is down, gets a placeholder that says so, instead of a broken Swagger UI.
/// </summary>
public sealed partial class UpstreamApiDocuments(
    IHttpClientFactory httpClients, IProxyStateLookup proxyState, IOptionsMonitor<DeveloperPortalOptions> options,
    TimeProvider time, ILogger<UpstreamApiDocuments> logger)
{
    public const string HttpClientName = "openapi";
    private readonly ConcurrentDictionary<string, (JsonObject Document, DateTimeOffset Expires)> _cache = new(StringComparer.OrdinalIgnoreCase);

    public async Task<JsonObject?> GetAsync(string name, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        if (!settings.Documents.TryGetValue(name, out var source))
        {
            return null;
        }
        if (_cache.TryGetValue(name, out var cached) && cached.Expires > time.GetUtcNow())
        {
            return (JsonObject)cached.Document.DeepClone();
        }
        var (upstream, reason) = await FetchAsync(source, settings.FetchTimeout, cancellationToken);
        var document = upstream is null ? Placeholder(source, reason!) : Publish(upstream, source);
        // A placeholder is cached briefly so the real document shows up soon after the service provides it.
        var lifetime = upstream is null ? TimeSpan.FromSeconds(5) : settings.CacheDuration;
        _cache[name] = (document, time.GetUtcNow() + lifetime);
        return (JsonObject)document.DeepClone();
    }

    private async Task<(JsonObject? Document, string? Reason)> FetchAsync(ApiDocumentOptions source, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!proxyState.TryGetCluster(source.Cluster, out var cluster) || cluster.DestinationsState.AvailableDestinations.Count == 0)
        {
            return (null, $"no instance of cluster '{source.Cluster}' is available");
        }
        var destinations = cluster.DestinationsState.AvailableDestinations;
        var address = destinations[Random.Shared.Next(destinations.Count)].Model.Config.Address;
        try
        {
            using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeoutSource.CancelAfter(timeout);
            using var response = await httpClients.CreateClient(HttpClientName)
                .GetAsync(new Uri(new Uri(address), source.Path), timeoutSource.Token);
            if (!response.IsSuccessStatusCode)
            {
                return (null, $"the service answered {(int)response.StatusCode} for {source.Path}");
            }
            var node = JsonNode.Parse(await response.Content.ReadAsStreamAsync(timeoutSource.Token));
            return node is JsonObject document && document["paths"] is JsonObject
                ? (document, null)
                : (null, $"{source.Path} is not an OpenAPI document");
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or System.Text.Json.JsonException
                                   && !cancellationToken.IsCancellationRequested)
        {
            LogFetchFailed(logger, source.Cluster, ex.GetType().Name);
            return (null, $"the service's document could not be fetched ({ex.GetType().Name})");
        }
    }

    private static JsonObject Publish(JsonObject document, ApiDocumentOptions source)
    {
        var paths = (JsonObject)document["paths"]!;
        foreach (var path in paths.Select(p => p.Key).ToList())
        {
            if (!source.PublicPathPrefixes.Any(prefix => path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            {
                paths.Remove(path);
            }
        }
        AddGatewayParts(document);
        return document;
    }

    private static JsonObject Placeholder(ApiDocumentOptions source, string reason)
    {
        var document = new JsonObject
        {
            ["openapi"] = "3.0.1",
            ["info"] = new JsonObject
            {
                ["title"] = source.Title,
                ["version"] = "unavailable",
                ["description"] = $"The service's own OpenAPI document is not available right now ({reason}). " +
                                  $"The gateway routes the paths under: {string.Join(", ", source.PublicPathPrefixes)}.",
            },
            ["paths"] = new JsonObject(),
        };
        AddGatewayParts(document);
        return document;
    }

    private static void AddGatewayParts(JsonObject document)
    {
        document["servers"] = new JsonArray(new JsonObject { ["url"] = "/", ["description"] = "this gateway" });
        var components = document["components"] as JsonObject ?? new JsonObject();
        document["components"] = components;
        var schemes = components["securitySchemes"] as JsonObject ?? new JsonObject();
        components["securitySchemes"] = schemes;
        schemes["apiKey"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = "X-Api-Key" };
        schemes["bearer"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["bearerFormat"] = "JWT" };
        document["security"] = new JsonArray(
            new JsonObject { ["apiKey"] = new JsonArray() },
            new JsonObject { ["bearer"] = new JsonArray() });
    }

    [LoggerMessage(LogLevel.Warning, "OpenAPI document of cluster {Cluster} could not be fetched ({Reason})")]
    private static partial void LogFetchFailed(ILogger logger, string cluster, string reason);
}

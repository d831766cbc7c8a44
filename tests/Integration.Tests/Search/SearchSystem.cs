using System.Net.Http.Json;
using System.Text.Json;
using FitnessAssistant.IntegrationTests.Fixtures;
using FitnessAssistant.IntegrationTests.Metadata;
using FitnessAssistant.VectorIndex;
using FitnessAssistant.VectorIndex.PgVector;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;

namespace FitnessAssistant.IntegrationTests.Search;

/// <summary>
/// The whole system as search needs it, once per test run: free-exercise-db imported into the catalog, the
/// vector index built over it by the indexing service, both search replicas and the gateway running. Searches
/// go through the gateway with the development API key, as a client's would.
/// </summary>
internal static class SearchSystem
{
    public const int ImportedExercises = 873;

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static bool _catalogIndexed;

    public static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public static async Task EnsureReadyAsync(SystemFixture system)
    {
        await Gate.WaitAsync();
        try
        {
            if (!_catalogIndexed)
            {
                using var metadata = await MetadataApi.ClientAsync(system);
                await MetadataApi.ImportAsync(metadata, await File.ReadAllTextAsync(MetadataApi.FreeExerciseDb));
                await system.EnsureRunningAsync("indexing");
                await WaitForIndexAsync(system, ImportedExercises, TimeSpan.FromMinutes(3));
                _catalogIndexed = true;
            }
            foreach (var replica in system.Search)
            {
                await system.EnsureRunningAsync(replica);
            }
            await system.EnsureRunningAsync("gateway");
            foreach (var replica in system.Search)
            {
                await WaitUntilCompleteAsync(system.Endpoint(replica));
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>
    /// Waits until a replica answers complete, cache included: a test that stopped a dependency before this one
    /// may have left a replica's breaker open for a few seconds (each replica has its own).
    /// </summary>
    private static async Task WaitUntilCompleteAsync(Uri replica)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            using var response = await Http.GetAsync(new Uri(replica, $"/api/v1/search?q=warm%20up%20{Guid.NewGuid():N}"));
            last = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode)
            {
                var body = JsonDocument.Parse(last).RootElement;
                if (!body.GetProperty("degraded").GetBoolean() && body.GetProperty("cache").GetString() != "unavailable")
                {
                    return;
                }
            }
            await Task.Delay(500);
        }
        throw new TimeoutException($"Search replica {replica} did not answer complete within 60 s: {last}");
    }

    public static async Task<IndexState> IndexStateAsync(SystemFixture system)
    {
        await using var dataSource = NpgsqlDataSource.Create(system.VectorDb);
        return await new PgVectorIndex(dataSource, Options.Create(new VectorIndexOptions())).GetStateAsync();
    }

    /// <summary>A search through the gateway; <paramref name="query"/> is the query string after <c>?</c>.</summary>
    public static Task<SearchReply> SearchAsync(SystemFixture system, string query) => GetAsync(system, "/api/v1/search?" + query);

    /// <summary>A GET through the gateway with the development API key; <paramref name="pathAndQuery"/> starts with <c>/</c>.</summary>
    public static async Task<SearchReply> GetAsync(SystemFixture system, string pathAndQuery)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(system.Endpoint("gateway"), pathAndQuery));
        request.Headers.TryAddWithoutValidation("X-Api-Key", system.GatewayCredentials.ApiKey);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new SearchReply(
            response.StatusCode,
            text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default,
            response.Headers.TryGetValues("X-Search-Degraded", out var degraded) ? degraded.Single() : null,
            response.Headers.RetryAfter?.Delta,
            text);
    }

    /// <summary>Polls until <paramref name="accept"/> holds for an answer (after a restored dependency: breakers close after 5 s).</summary>
    public static async Task<SearchReply> SearchUntilAsync(SystemFixture system, string query, Func<SearchReply, bool> accept, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var reply = await SearchAsync(system, query);
            if (accept(reply) || DateTime.UtcNow > deadline)
            {
                return reply;
            }
            await Task.Delay(250);
        }
    }

    public static async Task<ConnectionMultiplexer> RedisAsync(SystemFixture system)
        => await ConnectionMultiplexer.ConnectAsync(system.Redis + ",allowAdmin=true");

    /// <summary>Waits until the query embedding of <paramref name="text"/> (normalised) is in the embedding cache.</summary>
    public static async Task WaitForCachedEmbeddingAsync(SystemFixture system, string text)
    {
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)), 0, 16);
        using var redis = await RedisAsync(system);
        var server = redis.GetServer(redis.GetEndPoints().Single());
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!server.Keys(pattern: $"search:v1:embedding:*:{hash}").Any())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, $"the embedding of '{text}' should be cached");
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Deletes every fresh result entry, as their TTL would, keeping the last-good copies, and waits until the
    /// replicas' own copies have expired too.
    /// </summary>
    public static async Task ExpireFreshResultsAsync(SystemFixture system)
    {
        using var redis = await RedisAsync(system);
        var server = redis.GetServer(redis.GetEndPoints().Single());
        foreach (var key in server.Keys(pattern: "search:v1:results:*").ToList())
        {
            await redis.GetDatabase().KeyDeleteAsync(key);
        }
        await Task.Delay(SystemFixture.SearchLocalCacheTtl + TimeSpan.FromMilliseconds(500));
    }

    private static async Task WaitForIndexAsync(SystemFixture system, int minimum, TimeSpan timeout)
    {
        await using var dataSource = NpgsqlDataSource.Create(system.VectorDb);
        var index = new PgVectorIndex(dataSource, Options.Create(new VectorIndexOptions()));
        var deadline = DateTime.UtcNow + timeout;
        var last = "nothing yet";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var state = await index.GetStateAsync();
                if (state.ActiveVersion is { } active)
                {
                    var count = await index.CountAsync(active);
                    last = $"version {active} holds {count}";
                    if (count >= minimum)
                    {
                        return;
                    }
                }
            }
            catch (IndexNotReadyException ex)
            {
                last = ex.Message;
            }
            await Task.Delay(500);
        }
        throw new TimeoutException($"The vector index did not reach {minimum} exercises in {timeout}: {last}.");
    }
}

internal sealed record SearchReply(System.Net.HttpStatusCode Status, JsonElement Body, string? Degraded, TimeSpan? RetryAfter, string Text)
{
    public bool Cached => Body.GetProperty("cached").GetBoolean();

    public string Cache => Body.GetProperty("cache").GetString()!;

    public IReadOnlyList<JsonElement> Results => [.. Body.GetProperty("results").EnumerateArray()];

    public IReadOnlyList<string> Ids => [.. Results.Select(r => r.GetProperty("id").GetString()!)];
}

using System.Net;
using FitnessAssistant.IntegrationTests.Fixtures;

namespace FitnessAssistant.IntegrationTests.Search;

/// <summary>
/// Each dependency stopped for real while searches go through the gateway, then restored (docs/failure-modes.md
/// FM-1, FM-2, FM-4, FM-7). Every test restores what it stopped, even when it fails.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class SearchDegradationTests(SystemFixture system)
{
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Without_the_embedding_service_answers_are_keyword_only_except_for_queries_whose_embedding_is_cached()
    {
        await SearchSystem.EnsureReadyAsync(system);
        var seen = await SearchSystem.SearchAsync(system, "q=kettlebell%20swings");
        seen.Status.Should().Be(HttpStatusCode.OK, seen.Text);
        await SearchSystem.WaitForCachedEmbeddingAsync(system, "kettlebell swings");

        foreach (var replica in system.Embedding)
        {
            await system.StopAsync(replica);
        }
        try
        {
            var unseen = await SearchSystem.SearchAsync(system, $"q=explosive%20hip%20drive%20{Nonce()}");
            unseen.Status.Should().Be(HttpStatusCode.OK, unseen.Text);
            unseen.Degraded.Should().Be("keyword-only");
            unseen.Body.GetProperty("degraded").GetBoolean().Should().BeTrue();
            unseen.Body.GetProperty("degradation")[0].GetProperty("mode").GetString().Should().Be("keyword-only");
            unseen.Results.Should().NotBeEmpty();
            unseen.Results.Should().OnlyContain(r => r.GetProperty("why").GetProperty("semanticSimilarity").ValueKind == System.Text.Json.JsonValueKind.Null);

            // Same words, another filter: the result cache misses, the embedding cache does not.
            var cachedEmbedding = await SearchSystem.SearchAsync(system, "q=kettlebell%20swings&level=intermediate");
            cachedEmbedding.Status.Should().Be(HttpStatusCode.OK, cachedEmbedding.Text);
            cachedEmbedding.Degraded.Should().BeNull("the query's embedding was cached before the outage");
        }
        finally
        {
            foreach (var replica in system.Embedding)
            {
                await system.EnsureRunningAsync(replica);
            }
        }

        var recovered = await SearchSystem.SearchUntilAsync(system, $"q=explosive%20hip%20drive%20{Nonce()}", r => r.Degraded is null, Recovery);
        recovered.Degraded.Should().BeNull("semantic search comes back once the embedding service does");
    }

    [Fact]
    public async Task Without_the_vector_database_answers_are_keyword_only()
    {
        await SearchSystem.EnsureReadyAsync(system);

        await DatabaseOutage.SetReachableAsync(system, "vectordb", false);
        try
        {
            var reply = await SearchSystem.SearchAsync(system, $"q=single%20leg%20balance%20{Nonce()}");
            reply.Status.Should().Be(HttpStatusCode.OK, reply.Text);
            reply.Degraded.Should().Be("keyword-only");
            reply.Results.Should().NotBeEmpty();
            reply.Results.Should().OnlyContain(r => r.GetProperty("why").GetProperty("retrievers").EnumerateArray().All(x => x.GetString() == "keyword"));
        }
        finally
        {
            await DatabaseOutage.SetReachableAsync(system, "vectordb", true);
        }

        var recovered = await SearchSystem.SearchUntilAsync(system, $"q=single%20leg%20balance%20{Nonce()}", r => r.Degraded is null, Recovery);
        recovered.Degraded.Should().BeNull();
    }

    [Fact]
    public async Task Without_redis_answers_are_complete_uncached_and_not_degraded()
    {
        await SearchSystem.EnsureReadyAsync(system);

        await system.StopAsync("redis");
        try
        {
            // A query no earlier test asked: a replica's own memory may still hold those (LocalResultCache).
            var query = $"q=dumbbell%20shoulder%20press%20{Nonce()}";
            var first = await SearchSystem.SearchUntilAsync(system, query, r => r.Degraded is null, Recovery);
            var second = await SearchSystem.SearchUntilAsync(system, query, r => r.Degraded is null, Recovery);

            foreach (var reply in new[] { first, second })
            {
                reply.Status.Should().Be(HttpStatusCode.OK, reply.Text);
                reply.Degraded.Should().BeNull();
                reply.Cache.Should().Be("unavailable");
                reply.Cached.Should().BeFalse();
                reply.Results.Should().NotBeEmpty();
            }
            second.Ids.Should().Equal(first.Ids);
        }
        finally
        {
            await system.StartAsync("redis");
        }

        var recovered = await SearchSystem.SearchUntilAsync(system, "q=dumbbell%20shoulder%20press", r => r.Cached, Recovery);
        recovered.Cached.Should().BeTrue("the cache fills again once Redis is back");
    }

    [Fact]
    public async Task Without_the_metadata_service_cached_answers_are_served_stale_and_others_get_503_with_retry_after()
    {
        await SearchSystem.EnsureReadyAsync(system);
        // Cached once complete (a degraded answer is never cached, and CI load can push one past a deadline).
        var known = await SearchSystem.SearchUntilAsync(system, "q=seated%20cable%20rows", r => r.Cached, TimeSpan.FromSeconds(30));
        known.Cached.Should().BeTrue(known.Text);
        await SearchSystem.ExpireFreshResultsAsync(system);

        await system.StopAsync("metadata");
        try
        {
            var stale = await SearchSystem.SearchAsync(system, "q=seated%20cable%20rows");
            stale.Status.Should().Be(HttpStatusCode.OK, stale.Text);
            stale.Degraded.Should().Be("stale");
            stale.Cache.Should().Be("stale");
            stale.Body.GetProperty("degradation")[0].GetProperty("ageSeconds").GetDouble().Should().BeGreaterThanOrEqualTo(0);
            stale.Ids.Should().Equal(known.Ids);

            var unknown = await SearchSystem.SearchAsync(system, $"q=turkish%20get%20up%20{Nonce()}");
            unknown.Status.Should().Be(HttpStatusCode.ServiceUnavailable, unknown.Text);
            unknown.RetryAfter.Should().NotBeNull().And.BePositive();
            unknown.Body.GetProperty("status").GetInt32().Should().Be(503);
        }
        finally
        {
            await system.EnsureRunningAsync("metadata");
        }

        var recovered = await SearchSystem.SearchUntilAsync(system, $"q=turkish%20get%20up%20{Nonce()}", r => r.Status == HttpStatusCode.OK && r.Degraded is null, Recovery);
        recovered.Status.Should().Be(HttpStatusCode.OK, recovered.Text);
    }

    /// <summary>A word no query has used, so the answer cannot come from the result cache.</summary>
    private static string Nonce() => "x" + Guid.NewGuid().ToString("N")[..8];
}

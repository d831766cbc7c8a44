using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FitnessAssistant.IntegrationTests.Fixtures;

namespace FitnessAssistant.IntegrationTests.Search;

[Collection(SystemCollection.Name)]
public sealed class SearchCacheInvalidationTests(SystemFixture system)
{
    [Fact]
    public async Task A_reindex_moves_the_epoch_and_cached_answers_of_the_old_one_are_no_longer_served()
    {
        await SearchSystem.EnsureReadyAsync(system);
        const string query = "q=incline%20dumbbell%20flyes%20for%20the%20upper%20chest";
        (await SearchSystem.SearchUntilAsync(system, query, r => r.Cached, TimeSpan.FromSeconds(30))).Cached.Should().BeTrue();
        var before = await SearchSystem.IndexStateAsync(system);

        using var indexing = system.WithAdminToken(new HttpClient { BaseAddress = system.Endpoint("indexing"), Timeout = TimeSpan.FromSeconds(30) });
        using var start = await indexing.PostAsJsonAsync("/api/v1/admin/index/reindex", new { reason = "search cache invalidation test" });
        start.StatusCode.Should().Be(HttpStatusCode.Accepted, await start.Content.ReadAsStringAsync());
        var job = await start.Content.ReadFromJsonAsync<JsonElement>();
        await WaitForReindexAsync(indexing, job.GetProperty("id").GetGuid(), TimeSpan.FromMinutes(3));
        var after = await SearchSystem.IndexStateAsync(system);
        after.Epoch.Should().BeGreaterThan(before.Epoch);
        after.ActiveVersion.Should().NotBe(before.ActiveVersion);

        // SLO-F3: announced to every replica within 0.1 s, 5 s by the poll fallback.
        var fresh = await SearchSystem.SearchUntilAsync(system, query, r => !r.Cached, TimeSpan.FromSeconds(10));
        fresh.Status.Should().Be(HttpStatusCode.OK, fresh.Text);
        fresh.Cached.Should().BeFalse("an answer cached under the old epoch must not be served after the re-index");
        (await SearchSystem.SearchUntilAsync(system, query, r => r.Cached, TimeSpan.FromSeconds(30))).Cached
            .Should().BeTrue("the new epoch caches again");
    }

    private static async Task WaitForReindexAsync(HttpClient indexing, Guid id, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonElement progress = default;
        while (DateTime.UtcNow < deadline)
        {
            progress = await indexing.GetFromJsonAsync<JsonElement>($"/api/v1/admin/index/reindex/{id}");
            if (progress.GetProperty("isFinished").GetBoolean())
            {
                progress.GetProperty("error").ValueKind.Should().Be(JsonValueKind.Null, $"the re-index must succeed: {progress}");
                return;
            }
            await Task.Delay(500);
        }
        throw new TimeoutException($"Re-index {id} did not finish in {timeout}: {progress}");
    }
}

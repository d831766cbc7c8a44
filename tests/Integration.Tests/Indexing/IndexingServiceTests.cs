using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using FitnessAssistant.IntegrationTests.Fixtures;
using FitnessAssistant.IntegrationTests.Metadata;
using FitnessAssistant.Metadata.V1;
using FitnessAssistant.VectorIndex;
using RabbitMQ.Client;
using Xunit.Abstractions;

namespace FitnessAssistant.IntegrationTests.Indexing;

/// <summary>
/// The indexing service end to end on the real system: admin writes through the metadata service's REST API,
/// events through its outbox and RabbitMQ, vectors from the embedding service, the index in pgvector.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class IndexingServiceTests(SystemFixture system, ITestOutputHelper output)
{
    // A bound for correctness, not a speed measurement (SLO-F1 is measured by the benchmark): generous for CI load.
    private static readonly TimeSpan IndexBound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_admin_write_becomes_searchable_by_vector_and_updates_and_deletes_follow()
    {
        await using var harness = await IndexingHarness.StartAsync(system);
        using var metadata = await MetadataApi.ClientAsync(system);
        var id = MetadataApi.UniqueId("vector-write");
        const string name = "Octopus Backstroke Crawl";
        var query = await harness.EmbedAsync("octopus backstroke crawl");

        var watch = Stopwatch.StartNew();
        var etag = await MetadataApi.CreateAsync(metadata, MetadataApi.Exercise(id, name, "lats"));
        await harness.WaitUntilAsync(async () => (await TopIdsAsync(harness, query, ExerciseFilters.Empty)).Contains(id), IndexBound,
            "a created exercise must be found by vector search within the bound");
        output.WriteLine($"created -> searchable by vector in {watch.ElapsedMilliseconds} ms");

        // An update of a filter attribute: the vector follows it (found with the new equipment, not the old).
        var changed = MetadataApi.Exercise(id, name, "lats");
        changed["equipment"] = "kettlebells";
        using (var update = await metadata.SendAsync(MetadataApi.Request(HttpMethod.Put, $"/api/v1/admin/exercises/{id}", changed, etag)))
        {
            update.StatusCode.Should().Be(HttpStatusCode.OK, await update.Content.ReadAsStringAsync());
            etag = update.Headers.ETag!.Tag;
        }
        var kettlebells = ExerciseFilters.Of(FacetField.Equipment, ["kettlebells"]);
        await harness.WaitUntilAsync(async () => (await TopIdsAsync(harness, query, kettlebells)).Contains(id), IndexBound,
            "an update must reach the stored filter attributes");
        (await TopIdsAsync(harness, query, ExerciseFilters.Of(FacetField.Equipment, ["body only"]))).Should().NotContain(id);
        var rowVersion = long.Parse(etag.Trim('"'));
        var active = (await harness.Index.GetStateAsync()).ActiveVersion!;
        (await harness.Index.GetSourceVersionsAsync(active, [id]))[id].Should().Be(rowVersion);

        using (var delete = await metadata.SendAsync(MetadataApi.Request(HttpMethod.Delete, $"/api/v1/admin/exercises/{id}", ifMatch: etag)))
        {
            delete.IsSuccessStatusCode.Should().BeTrue(await delete.Content.ReadAsStringAsync());
        }
        await harness.WaitUntilAsync(async () => !(await TopIdsAsync(harness, query, ExerciseFilters.Empty)).Contains(id), IndexBound,
            "a deleted exercise must leave vector search");
    }

    [Fact]
    public async Task RabbitMQ_restarted_mid_stream_loses_no_change()
    {
        await using var harness = await IndexingHarness.StartAsync(system);
        using var metadata = await MetadataApi.ClientAsync(system);
        var written = new Dictionary<string, long>();

        async Task WriteAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var id = MetadataApi.UniqueId("restart");
                var etag = await MetadataApi.CreateAsync(metadata, MetadataApi.Exercise(id, $"Restart Drill {written.Count}", "quadriceps"));
                written[id] = long.Parse(etag.Trim('"'));
                await Task.Delay(50);
            }
        }

        await WriteAsync(10);
        // Stopped while events are in flight (in the outbox, the queue and the consumer's hands), then brought back.
        await system.StopAsync("eventbus");
        try
        {
            await WriteAsync(10);
        }
        finally
        {
            await system.StartAsync("eventbus");
        }
        await WriteAsync(10);

        await harness.WaitUntilAsync(async () =>
        {
            var active = (await harness.Index.GetStateAsync()).ActiveVersion!;
            var stored = await harness.Index.GetSourceVersionsAsync(active, [.. written.Keys]);
            return written.All(w => stored.TryGetValue(w.Key, out var version) && version == w.Value);
        }, TimeSpan.FromMinutes(2), "every write before, during and after the broker restart must reach the index at its row version");
    }

    [Fact]
    public async Task A_poison_message_is_parked_with_its_reason_after_its_retries_while_other_changes_flow()
    {
        await using var harness = await IndexingHarness.StartAsync(system);
        using var metadata = await MetadataApi.ClientAsync(system);
        var poisonId = "poison-" + Guid.NewGuid().ToString("N");
        await PublishRawAsync(poisonId, """{ "eventId": "not-a-guid", "type": "exercise.upserted" }""");
        var good = MetadataApi.UniqueId("beside-poison");
        var etag = await MetadataApi.CreateAsync(metadata, MetadataApi.Exercise(good, "Poison Neighbour Press", "chest"));

        await harness.WaitUntilAsync(async () =>
        {
            var active = (await harness.Index.GetStateAsync()).ActiveVersion!;
            return (await harness.Index.GetSourceVersionsAsync(active, [good])).GetValueOrDefault(good) == long.Parse(etag.Trim('"'));
        }, IndexBound, "a good change must not wait for the poison message");

        JsonElement parked = default;
        await harness.WaitUntilAsync(async () =>
        {
            var parking = await harness.GetJsonAsync("/api/v1/admin/index/parking?limit=200");
            parked = parking.GetProperty("oldest").EnumerateArray().FirstOrDefault(m => m.GetProperty("messageId").GetString() == poisonId);
            return parked.ValueKind == JsonValueKind.Object;
        }, IndexBound, "the poison message must reach the parking queue after its retries");
        parked.GetProperty("attempts").GetInt32().Should().Be(4, "three retries with increasing delays, then parked on the fourth failure");
        parked.GetProperty("error").GetString().Should().StartWith("malformed: ");

        await RemoveParkedAsync(poisonId);
    }

    [Fact]
    public async Task A_reindex_under_concurrent_search_returns_only_complete_results_and_keeps_the_previous_version()
    {
        await using var harness = await IndexingHarness.StartAsync(system);
        var before = await harness.Index.GetStateAsync();
        // Exercises whose own vector must come back first from any complete version (the model is the same, so
        // both versions hold the same vectors); a half-built version would miss some of them.
        var probe = await harness.Index.SearchAsync(new VectorQuery(await harness.EmbedAsync("strength exercise for the chest"), 12));
        var sample = await harness.Index.GetAsync(before.ActiveVersion!, [.. probe.Hits.Select(h => h.Id)]);
        sample.Should().HaveCountGreaterThan(5);

        using var stop = new CancellationTokenSource();
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        async Task SearchLoopAsync()
        {
            var i = 0;
            while (!stop.IsCancellationRequested)
            {
                var record = sample[i++ % sample.Count];
                var result = await harness.Index.SearchAsync(new VectorQuery(record.Vector, 5));
                seen.AddOrUpdate(result.Version, 1, (_, n) => n + 1);
                if (result.Hits.Count != 5 || result.Hits[0].Id != record.Id)
                {
                    failures.Enqueue($"{result.Version}: {record.Id} -> [{string.Join(", ", result.Hits.Select(h => h.Id))}]");
                }
            }
        }
        var searchers = Enumerable.Range(0, 2).Select(_ => Task.Run(SearchLoopAsync)).ToList();

        var job = await harness.ReindexAsync();
        var jobId = job.GetProperty("id").GetString();
        JsonElement progress = default;
        await harness.WaitUntilAsync(async () =>
        {
            progress = await harness.GetJsonAsync($"/api/v1/admin/index/reindex/{jobId}");
            return progress.GetProperty("phase").GetString() is "Succeeded" or "Failed" or "Cancelled";
        }, TimeSpan.FromMinutes(5), "the re-index should finish");
        await Task.Delay(500);
        await stop.CancelAsync();
        await Task.WhenAll(searchers);

        progress.GetProperty("phase").GetString().Should().Be("Succeeded", progress.ToString());
        var after = await harness.Index.GetStateAsync();
        after.ActiveVersion.Should().NotBe(before.ActiveVersion).And.Be(progress.GetProperty("version").GetString());
        after.Epoch.Should().BeGreaterThan(before.Epoch);
        failures.Should().BeEmpty("every search must read one complete version");
        seen.Keys.Should().BeSubsetOf([before.ActiveVersion!, after.ActiveVersion!], "searches never see the version being built");
        seen.Should().ContainKey(after.ActiveVersion!);
        output.WriteLine($"searches per version: {string.Join(", ", seen.Select(p => $"{p.Key}={p.Value}"))}; verification: {progress.GetProperty("verification")}");

        var versions = await harness.Index.ListVersionsAsync();
        var previous = versions.Single(v => v.Name == before.ActiveVersion);
        previous.State.Should().Be(IndexVersionState.Ready, "the previous version stays, for rollback, until retired");
        previous.IsActive.Should().BeFalse();

        // The catalog's embedding-version registry mirrors the switch (in the background, so within a bound).
        await harness.WaitUntilRegistryMirrorsAsync(after, IndexBound, "the registry must show the new version as the active one");
        var registry = await harness.ListRegistryAsync();
        registry.Should().ContainSingle(v => v.Status == EmbeddingVersionStatus.Active);
        registry.Single(v => v.Id == IndexingHarness.RegistryId(before.ActiveModel!, before.ActiveVersion!)).Status
            .Should().Be(EmbeddingVersionStatus.Retired, "activating the new version retires the previous one in the registry");
    }

    [Fact]
    public async Task A_rollback_during_a_metadata_outage_succeeds_and_the_registry_catches_up_when_metadata_is_back()
    {
        await using var harness = await IndexingHarness.StartAsync(system);
        if (!(await harness.Index.ListVersionsAsync()).Any(v => v is { State: IndexVersionState.Ready, IsActive: false }))
        {
            await ReindexAndWaitAsync(harness);
        }
        var current = await harness.Index.GetStateAsync();
        var previous = (await harness.Index.ListVersionsAsync()).Last(v => v is { State: IndexVersionState.Ready, IsActive: false });
        await harness.WaitUntilRegistryMirrorsAsync(current, IndexBound, "the registry must mirror the index before the outage");

        await system.StopAsync("metadata");
        try
        {
            // The index switch must not depend on the registry: it answers, and searches read the rolled-back version.
            using (var rollback = await harness.Admin.PostAsync($"/api/v1/admin/index/versions/{previous.Name}/activate", null))
            {
                rollback.StatusCode.Should().Be(HttpStatusCode.OK, await rollback.Content.ReadAsStringAsync());
            }
            (await harness.Index.GetStateAsync()).ActiveVersion.Should().Be(previous.Name);
            await harness.WaitUntilAsync(async () =>
            {
                var registry = (await harness.GetJsonAsync("/api/v1/admin/index")).GetProperty("registry");
                return !registry.GetProperty("inSync").GetBoolean() && registry.GetProperty("lastError").GetString()!.Contains("Unavailable");
            }, IndexBound, "the admin API must show the registry out of step while metadata is down");
        }
        finally
        {
            await system.EnsureRunningAsync("metadata");
        }

        var rolledBack = await harness.Index.GetStateAsync();
        await harness.WaitUntilRegistryMirrorsAsync(rolledBack, IndexBound, "the registry must catch up with the rollback once metadata is back");
        await harness.WaitUntilAsync(async () => (await harness.GetJsonAsync("/api/v1/admin/index")).GetProperty("registry").GetProperty("inSync").GetBoolean(),
            IndexBound, "the admin API must show the registry in step again");

        // Back to the version the rest of the suite was using.
        using (var restore = await harness.Admin.PostAsync($"/api/v1/admin/index/versions/{current.ActiveVersion}/activate", null))
        {
            restore.StatusCode.Should().Be(HttpStatusCode.OK, await restore.Content.ReadAsStringAsync());
        }
        await harness.WaitUntilRegistryMirrorsAsync(await harness.Index.GetStateAsync(), IndexBound, "the registry must follow the switch back");
    }

    [Fact]
    public async Task Changes_made_while_rolled_back_are_in_the_newer_version_when_it_is_activated_again()
    {
        await using var harness = await IndexingHarness.StartAsync(system);
        using var metadata = await MetadataApi.ClientAsync(system);
        if (!(await harness.Index.ListVersionsAsync()).Any(v => v is { State: IndexVersionState.Ready, IsActive: false }))
        {
            await ReindexAndWaitAsync(harness);
        }
        var newer = (await harness.Index.GetStateAsync()).ActiveVersion!;
        var older = (await harness.Index.ListVersionsAsync()).Last(v => v is { State: IndexVersionState.Ready, IsActive: false }).Name;

        // Two exercises both versions hold before the rollback: one is updated and one deleted while rolled back.
        var updatedId = MetadataApi.UniqueId("rollback-update");
        var deletedId = MetadataApi.UniqueId("rollback-delete");
        var updatedEtag = await MetadataApi.CreateAsync(metadata, MetadataApi.Exercise(updatedId, "Walrus Shoulder Shrug", "traps"));
        var deletedEtag = await MetadataApi.CreateAsync(metadata, MetadataApi.Exercise(deletedId, "Pelican Chest Fly", "chest"));
        await WaitUntilHeldAsync(harness, newer, new() { [updatedId] = RowVersion(updatedEtag), [deletedId] = RowVersion(deletedEtag) },
            "both exercises must be in the newer version before the rollback");

        await ActivateAsync(harness, older);
        (await harness.Index.GetStateAsync()).ActiveVersion.Should().Be(older);

        var createdId = MetadataApi.UniqueId("rollback-create");
        var createdEtag = await MetadataApi.CreateAsync(metadata, MetadataApi.Exercise(createdId, "Flamingo Balance Hop", "calves"));
        var update = MetadataApi.Exercise(updatedId, "Walrus Shoulder Shrug", "traps");
        update["equipment"] = "kettlebells";
        using (var response = await metadata.SendAsync(MetadataApi.Request(HttpMethod.Put, $"/api/v1/admin/exercises/{updatedId}", update, updatedEtag)))
        {
            response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            updatedEtag = response.Headers.ETag!.Tag;
        }
        using (var response = await metadata.SendAsync(MetadataApi.Request(HttpMethod.Delete, $"/api/v1/admin/exercises/{deletedId}", ifMatch: deletedEtag)))
        {
            response.IsSuccessStatusCode.Should().BeTrue(await response.Content.ReadAsStringAsync());
        }
        // The rolled-back version serves the three changes: the consumer has handled their events.
        await harness.WaitUntilAsync(async () =>
        {
            var held = await harness.Index.GetAsync(older, [createdId, updatedId, deletedId]);
            return held.Any(r => r.Id == createdId) && held.Any(r => r.Id == updatedId && r.Attributes.Equipment == "kettlebells")
                && held.All(r => r.Id != deletedId);
        }, IndexBound, "the active (rolled-back) version must reflect the changes");

        await ActivateAsync(harness, newer);
        (await harness.Index.GetStateAsync()).ActiveVersion.Should().Be(newer, "the roll-forward must switch back");

        // Searches on the newer version, as the search service runs them (the active version), see all three changes.
        var created = await TopIdsAsync(harness, await harness.EmbedAsync("flamingo balance hop"), ExerciseFilters.Empty);
        created.Should().Contain(createdId, "an exercise created while rolled back must be found after the roll-forward");
        var walrus = await harness.EmbedAsync("walrus shoulder shrug");
        (await TopIdsAsync(harness, walrus, ExerciseFilters.Of(FacetField.Equipment, ["kettlebells"])))
            .Should().Contain(updatedId, "an update made while rolled back must be served after the roll-forward");
        (await TopIdsAsync(harness, walrus, ExerciseFilters.Of(FacetField.Equipment, ["body only"]))).Should().NotContain(updatedId);
        (await TopIdsAsync(harness, await harness.EmbedAsync("pelican chest fly"), ExerciseFilters.Empty))
            .Should().NotContain(deletedId, "an exercise deleted while rolled back must not be found after the roll-forward");
        var stored = await harness.Index.GetSourceVersionsAsync(newer, [createdId, updatedId, deletedId]);
        stored.GetValueOrDefault(createdId).Should().Be(RowVersion(createdEtag));
        stored.GetValueOrDefault(updatedId).Should().Be(RowVersion(updatedEtag));
        (await harness.Index.GetAsync(newer, [deletedId])).Should().BeEmpty("the newer version holds a tombstone for the deleted exercise");
    }

    private static long RowVersion(string etag) => long.Parse(etag.Trim('"'), System.Globalization.CultureInfo.InvariantCulture);

    private static async Task WaitUntilHeldAsync(IndexingHarness harness, string version, Dictionary<string, long> expected, string because)
        => await harness.WaitUntilAsync(async () =>
        {
            var stored = await harness.Index.GetSourceVersionsAsync(version, [.. expected.Keys]);
            return expected.All(e => stored.GetValueOrDefault(e.Key) >= e.Value);
        }, IndexBound, because);

    /// <summary>Activates through the admin API; a catch-up that outlasts the call's wait (202) is followed to its end.</summary>
    private async Task ActivateAsync(IndexingHarness harness, string version)
    {
        using var response = await harness.Admin.PostAsync($"/api/v1/admin/index/versions/{version}/activate", null);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().BeOneOf([HttpStatusCode.OK, HttpStatusCode.Accepted], body);
        output.WriteLine($"activate {version}: {(int)response.StatusCode} {body}");
        if (response.StatusCode == HttpStatusCode.Accepted)
        {
            var location = response.Headers.Location!.OriginalString;
            JsonElement job = default;
            await harness.WaitUntilAsync(async () =>
            {
                job = await harness.GetJsonAsync(location);
                return job.GetProperty("phase").GetString() is "Succeeded" or "Failed" or "Superseded" or "Cancelled";
            }, TimeSpan.FromMinutes(2), "the activation's catch-up should finish");
            job.GetProperty("phase").GetString().Should().Be("Succeeded", job.ToString());
        }
    }

    private static async Task ReindexAndWaitAsync(IndexingHarness harness)
    {
        var jobId = (await harness.ReindexAsync()).GetProperty("id").GetString();
        JsonElement progress = default;
        await harness.WaitUntilAsync(async () =>
        {
            progress = await harness.GetJsonAsync($"/api/v1/admin/index/reindex/{jobId}");
            return progress.GetProperty("phase").GetString() is "Succeeded" or "Failed" or "Cancelled";
        }, TimeSpan.FromMinutes(5), "the re-index should finish");
        progress.GetProperty("phase").GetString().Should().Be("Succeeded", progress.ToString());
    }

    private static async Task<IReadOnlyList<string>> TopIdsAsync(IndexingHarness harness, float[] query, ExerciseFilters filter)
        => [.. (await harness.Index.SearchAsync(new VectorQuery(query, 10) { Filter = filter })).Hits.Select(h => h.Id)];

    private async Task PublishRawAsync(string messageId, string body)
    {
        var factory = new ConnectionFactory { Uri = new Uri(system.RabbitMq) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(true, true));
        await channel.BasicPublishAsync("catalog.events", "exercise.upserted", mandatory: true,
            new BasicProperties { Persistent = true, MessageId = messageId, ContentType = "application/json" }, Encoding.UTF8.GetBytes(body));
    }

    /// <summary>Takes this test's message out of the parking queue, leaving any other parked message in place.</summary>
    private async Task RemoveParkedAsync(string messageId)
    {
        var factory = new ConnectionFactory { Uri = new Uri(system.RabbitMq) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        while (await channel.BasicGetAsync("indexing.catalog-changes.parking", autoAck: false) is { } message)
        {
            if (message.BasicProperties.MessageId == messageId)
            {
                await channel.BasicAckAsync(message.DeliveryTag, multiple: false);
                return;
            }
        }
    }
}

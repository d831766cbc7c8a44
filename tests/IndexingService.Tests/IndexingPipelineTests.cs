using FitnessAssistant.Contracts;
using FitnessAssistant.IndexingService.Documents;
using FitnessAssistant.IndexingService.Pipeline;
using FitnessAssistant.IndexingService.Tests.Fakes;
using FitnessAssistant.ServiceDefaults;
using FitnessAssistant.VectorIndex;
using Microsoft.Extensions.Logging.Abstractions;

namespace FitnessAssistant.IndexingService.Tests;

public sealed class IndexingPipelineTests
{
    private readonly InMemoryVectorIndex _index = new();
    private readonly FakeCatalog _catalog = new();
    private readonly FakeEmbedder _embedder = new();
    private readonly FakeAnnouncer _announcer = new();
    private readonly IndexingPipeline _pipeline;

    public IndexingPipelineTests()
        => _pipeline = new IndexingPipeline(_index, _catalog, _embedder, _announcer, NullLogger<IndexingPipeline>.Instance);

    [Fact]
    public async Task An_upsert_is_fetched_embedded_and_written_with_its_attributes_then_announced()
    {
        var active = await ActiveVersionAsync();
        var exercise = _catalog.Put("Push_Up", 7);

        var outcome = await _pipeline.ProcessAsync([Upserted("Push_Up", 7)], default);

        outcome.Should().BeEquivalentTo(new BatchOutcome(1, 0, 0, []));
        var row = _index.Rows(active)["Push_Up"];
        row.SourceVersion.Should().Be(7);
        row.Record!.Vector.ToArray().Should().Equal(_embedder.Vector(ExerciseDocument.Text(exercise)));
        row.Record.Attributes.Should().BeEquivalentTo(ExerciseDocument.Attributes(exercise));
        _announcer.Committed.Should().HaveCount(1);
        _catalog.Fetches.Single().Should().BeEquivalentTo(new Dictionary<string, long> { ["Push_Up"] = 7 },
            "the fetch names the version the event announced, so a lagging replica is not taken for the truth");
    }

    [Fact]
    public async Task Many_events_become_one_fetch_and_one_embedding_batch()
    {
        await ActiveVersionAsync();
        var events = Enumerable.Range(1, 20).Select(i => { _catalog.Put($"E{i}", i); return Upserted($"E{i}", i); }).ToList();

        (await _pipeline.ProcessAsync(events, default)).Upserted.Should().Be(20);

        _catalog.Fetches.Should().ContainSingle().Which.Should().HaveCount(20);
        _embedder.Batches.Should().ContainSingle().Which.Should().HaveCount(20);
    }

    [Fact]
    public async Task Repeated_and_stale_events_change_nothing_and_cost_no_fetch_or_embedding()
    {
        var active = await ActiveVersionAsync();
        _catalog.Put("Squat", 5);
        await _pipeline.ProcessAsync([Upserted("Squat", 5)], default);
        _catalog.Fetches.Clear();
        _embedder.Batches.Clear();
        _announcer.Committed.Clear();

        var outcome = await _pipeline.ProcessAsync([Upserted("Squat", 5), Upserted("Squat", 3)], default);

        outcome.Should().BeEquivalentTo(new BatchOutcome(0, 0, 2, []));
        _catalog.Fetches.Should().BeEmpty();
        _embedder.Batches.Should().BeEmpty();
        _announcer.Committed.Should().BeEmpty("nothing searches see changed");
        _index.Rows(active)["Squat"].SourceVersion.Should().Be(5);
    }

    [Fact]
    public async Task A_delete_leaves_a_tombstone_that_an_older_upsert_arriving_late_cannot_undo()
    {
        var active = await ActiveVersionAsync();
        _catalog.Put("Lunge", 4);
        await _pipeline.ProcessAsync([Upserted("Lunge", 4)], default);
        _catalog.Exercises.Remove("Lunge");

        (await _pipeline.ProcessAsync([Deleted("Lunge", 9)], default)).Deleted.Should().Be(1);
        (await _pipeline.ProcessAsync([Upserted("Lunge", 4)], default)).Should().BeEquivalentTo(new BatchOutcome(0, 0, 1, []));

        _index.Rows(active)["Lunge"].Should().Be(new InMemoryVectorIndex.Row(9, true, null));
    }

    [Fact]
    public async Task Within_a_batch_the_newest_event_of_an_exercise_wins()
    {
        var active = await ActiveVersionAsync();
        _catalog.Put("Plank", 2);

        await _pipeline.ProcessAsync([Upserted("Plank", 2), Deleted("Plank", 3)], default);

        _index.Rows(active)["Plank"].Deleted.Should().BeTrue();
        _embedder.Batches.Should().BeEmpty("the exercise is deleted: nothing to embed");
    }

    [Fact]
    public async Task An_upsert_whose_exercise_is_already_gone_is_written_as_a_tombstone()
    {
        var active = await ActiveVersionAsync();

        var outcome = await _pipeline.ProcessAsync([Upserted("Ghost", 11)], default);

        outcome.Deleted.Should().Be(1);
        _index.Rows(active)["Ghost"].Should().Be(new InMemoryVectorIndex.Row(11, true, null));
    }

    [Fact]
    public async Task Changes_go_to_every_live_version_of_the_serving_model_and_outdated_ones_are_reported()
    {
        var active = await ActiveVersionAsync();
        var building = (await _index.CreateVersionAsync(_embedder.Model, 8, ExerciseDocument.Format)).Name;
        var oldModel = (await _index.CreateVersionAsync(new EmbeddingModel("fake", "0"), 8, ExerciseDocument.Format)).Name;
        _catalog.Put("Dip", 3);

        var outcome = await _pipeline.ProcessAsync([Upserted("Dip", 3)], default);

        outcome.OutdatedVersions.Should().Equal(oldModel);
        outcome.ActiveVersionOutdated.Should().BeFalse("an inactive version of another model is caught up when activated, not rebuilt");
        _index.Rows(active).Should().ContainKey("Dip");
        _index.Rows(building).Should().ContainKey("Dip", "a version being built must not miss changes made during its build");
        _index.Rows(oldModel).Should().NotContainKey("Dip");
        (await _index.ListVersionsAsync()).Single(v => v.Name == oldModel).MissedChanges.Should().Be(1, "it cannot be activated before a catch-up");
    }

    [Fact]
    public async Task Changes_go_to_ready_versions_kept_for_rollback_so_a_roll_forward_serves_them()
    {
        var kept = await ActiveVersionAsync();
        var active = await ActiveVersionAsync();
        _catalog.Put("Dip", 3);
        _catalog.Put("Squat", 4);
        await _pipeline.ProcessAsync([Upserted("Dip", 3), Upserted("Squat", 4)], default);
        _catalog.Exercises.Remove("Squat");

        await _pipeline.ProcessAsync([Deleted("Squat", 5)], default);

        kept.Should().NotBe(active);
        _index.Rows(kept)["Dip"].SourceVersion.Should().Be(3);
        _index.Rows(kept)["Squat"].Deleted.Should().BeTrue();
        (await _index.ListVersionsAsync()).Single(v => v.Name == kept).MissedChanges.Should().Be(0);
    }

    [Fact]
    public async Task An_active_version_of_another_model_is_reported_for_a_rebuild()
    {
        var active = await ActiveVersionAsync();
        _embedder.Model = new EmbeddingModel("fake", "2");
        _catalog.Put("Dip", 3);

        var outcome = await _pipeline.ProcessAsync([Upserted("Dip", 3)], default);

        outcome.ActiveVersionOutdated.Should().BeTrue();
        outcome.OutdatedVersions.Should().Equal(active);
    }

    [Fact]
    public async Task Before_any_version_exists_events_are_left_to_the_first_build()
    {
        _catalog.Put("Row", 1);
        (await _pipeline.ProcessAsync([Upserted("Row", 1)], default)).Should().BeEquivalentTo(new BatchOutcome(0, 0, 1, []));
        _catalog.Fetches.Should().BeEmpty();
    }

    [Fact]
    public async Task A_dependency_outage_surfaces_as_such_and_writes_nothing()
    {
        var active = await ActiveVersionAsync();
        _catalog.Put("Curl", 1);
        _embedder.Down = true;

        var process = () => _pipeline.ProcessAsync([Upserted("Curl", 1)], default);

        (await process.Should().ThrowAsync<DependencyUnavailableException>()).Which.Dependency.Should().Be("embedding");
        _index.Rows(active).Should().BeEmpty();
    }

    private async Task<string> ActiveVersionAsync()
    {
        var version = await _index.CreateVersionAsync(_embedder.Model, 8, ExerciseDocument.Format);
        await _index.SealVersionAsync(version.Name);
        await _index.ActivateAsync(version.Name);
        return version.Name;
    }

    private static CatalogEvent Upserted(string id, long version)
        => new(Guid.NewGuid(), CatalogEventTypes.Upserted, id, version, DateTime.UtcNow);

    private static CatalogEvent Deleted(string id, long version)
        => new(Guid.NewGuid(), CatalogEventTypes.Deleted, id, version, DateTime.UtcNow);
}

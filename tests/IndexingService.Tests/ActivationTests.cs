using FitnessAssistant.IndexingService.Activation;
using FitnessAssistant.IndexingService.Catalog;
using FitnessAssistant.IndexingService.Documents;
using FitnessAssistant.IndexingService.Registry;
using FitnessAssistant.IndexingService.Reindex;
using FitnessAssistant.IndexingService.Tests.Fakes;
using FitnessAssistant.Metadata.V1;
using Grpc.Net.Client;
using FitnessAssistant.VectorIndex;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FitnessAssistant.IndexingService.Tests;

public sealed class ActivationTests : IAsyncDisposable
{
    private readonly InMemoryVectorIndex _index = new();
    private readonly FakeCatalog _catalog = new();
    private readonly FakeEmbedder _embedder = new();
    private readonly FakeAnnouncer _announcer = new();
    private readonly GrpcChannel _unusedMetadata = GrpcChannel.ForAddress("http://127.0.0.1:9");
    private readonly ActivationCoordinator _activations;

    public ActivationTests()
    {
        // The registry mirror is only signalled here (it never runs), so its metadata address is never called.
        var mirror = new EmbeddingVersionMirror(_index, new MetadataService.MetadataServiceClient(_unusedMetadata), Options.Create(new RegistryMirrorOptions()),
            TimeProvider.System, NullLogger<EmbeddingVersionMirror>.Instance);
        var walk = new ReindexOptions { PageSize = 2, EmbeddingBatchSize = 2, OutagePause = TimeSpan.FromMilliseconds(10), MaxOutagePause = TimeSpan.FromMilliseconds(20) };
        _activations = new ActivationCoordinator(_index, _catalog, _embedder, _announcer, mirror, Options.Create(walk),
            Options.Create(new ActivationOptions { ResponseWait = TimeSpan.FromMilliseconds(300) }), TimeProvider.System, NullLoggerFactory.Instance);
    }

    [Fact]
    public async Task A_version_that_missed_changes_is_caught_up_with_the_catalog_before_searches_read_it()
    {
        var (active, older) = await TwoVersionsAsync(_embedder.Model);
        // While the older version was not kept current: one exercise updated, one created, one deleted.
        _catalog.Put("Squat", 5, name: "Goblet Squat");
        _catalog.Put("Lunge", 6);
        _catalog.Exercises.Remove("Dip");
        await _index.MarkBehindAsync(older);

        var job = await WaitForAsync((await _activations.ActivateAsync(older, default)).Id, p => p.IsFinished);

        job.Phase.Should().Be(ActivationPhase.Succeeded, job.Error);
        job.SwitchedBeforeCatchUp.Should().BeFalse();
        (job.Checked, job.Total, job.Reembedded, job.Deleted).Should().Be((3L, 3L, 2L, 1L), "Squat, Row and Lunge compared; Squat and Lunge embedded; Dip deleted");
        (await _index.GetStateAsync()).ActiveVersion.Should().Be(older);
        var rows = _index.Rows(older);
        rows["Squat"].SourceVersion.Should().Be(5);
        rows["Squat"].Record!.Vector.ToArray().Should().Equal(_embedder.Vector(ExerciseDocument.Text(_catalog.Exercises["Squat"])));
        rows["Lunge"].SourceVersion.Should().Be(6);
        rows["Dip"].Should().Be(new InMemoryVectorIndex.Row(1, true, null), "a tombstone at the row version it held");
        (await _index.ListVersionsAsync()).Single(v => v.Name == older).MissedChanges.Should().Be(0);
        _embedder.Batches.SelectMany(b => b).Should().HaveCount(2, "only what differs is embedded again");
        active.Should().NotBe(older);
    }

    [Fact]
    public async Task A_current_version_costs_one_comparison_and_no_embedding()
    {
        var (_, older) = await TwoVersionsAsync(_embedder.Model);

        var job = await WaitForAsync((await _activations.ActivateAsync(older, default)).Id, p => p.IsFinished);

        job.Phase.Should().Be(ActivationPhase.Succeeded, job.Error);
        (job.Checked, job.Reembedded, job.Deleted).Should().Be((3L, 0L, 0L));
        _embedder.Batches.Should().BeEmpty();
        (await _index.GetStateAsync()).ActiveVersion.Should().Be(older);
    }

    [Fact]
    public async Task A_version_whose_model_is_not_served_is_not_activated_when_changes_need_new_vectors()
    {
        var oldModel = new EmbeddingModel("fake", "0");
        var (active, older) = await TwoVersionsAsync(oldModel);
        _catalog.Put("Squat", 5);
        await _index.MarkBehindAsync(older);

        var job = await WaitForAsync((await _activations.ActivateAsync(older, default)).Id, p => p.IsFinished);

        job.Phase.Should().Be(ActivationPhase.Failed);
        job.Error.Should().Contain("fake@0").And.Contain("does not serve");
        (await _index.GetStateAsync()).ActiveVersion.Should().Be(active, "searches keep the version that is current");
        (await _index.ListVersionsAsync()).Single(v => v.Name == older).MissedChanges.Should().Be(1, "still behind");
    }

    [Fact]
    public async Task A_version_whose_model_is_not_served_is_activated_when_only_deletions_were_missed()
    {
        var (_, older) = await TwoVersionsAsync(new EmbeddingModel("fake", "0"));
        _catalog.Exercises.Remove("Dip");
        await _index.MarkBehindAsync(older);

        var job = await WaitForAsync((await _activations.ActivateAsync(older, default)).Id, p => p.IsFinished);

        job.Phase.Should().Be(ActivationPhase.Succeeded, job.Error);
        _index.Rows(older)["Dip"].Deleted.Should().BeTrue();
    }

    [Fact]
    public async Task During_a_catalog_outage_a_version_that_missed_nothing_switches_at_once_and_is_compared_afterwards()
    {
        var (_, older) = await TwoVersionsAsync(_embedder.Model);
        _catalog.Down = true;

        var job = await WaitForAsync((await _activations.ActivateAsync(older, default)).Id, p => p.SwitchedAt is not null);

        (await _index.GetStateAsync()).ActiveVersion.Should().Be(older, "a rollback must not wait for the catalog");
        job.SwitchedBeforeCatchUp.Should().BeTrue();
        job.Phase.Should().Be(ActivationPhase.CatchingUp);
        job.PausedFor.Should().Be("metadata");

        _catalog.Put("Squat", 5);
        _catalog.Down = false;
        var finished = await WaitForAsync(job.Id, p => p.IsFinished);
        finished.Phase.Should().Be(ActivationPhase.Succeeded, finished.Error);
        _index.Rows(older)["Squat"].SourceVersion.Should().Be(5);
        _announcer.Committed.Should().BeEmpty("repairs of the active version carry no catalog change time");
    }

    [Fact]
    public async Task During_a_catalog_outage_a_version_that_missed_changes_waits_for_its_catch_up()
    {
        var (active, older) = await TwoVersionsAsync(_embedder.Model);
        await _index.MarkBehindAsync(older);
        _catalog.Down = true;

        // Paused once its first catalog call failed, which on a loaded machine may come after ActivateAsync returns.
        var job = await WaitForAsync((await _activations.ActivateAsync(older, default)).Id, p => p.PausedFor is not null);

        job.SwitchedAt.Should().BeNull();
        job.Phase.Should().Be(ActivationPhase.CatchingUp);
        job.PausedFor.Should().Be("metadata");
        (await _index.GetStateAsync()).ActiveVersion.Should().Be(active);

        _catalog.Down = false;
        (await WaitForAsync(job.Id, p => p.IsFinished)).Phase.Should().Be(ActivationPhase.Succeeded);
        (await _index.GetStateAsync()).ActiveVersion.Should().Be(older);
    }

    [Fact]
    public async Task A_later_activation_supersedes_one_still_waiting()
    {
        var (active, older) = await TwoVersionsAsync(_embedder.Model);
        await _index.MarkBehindAsync(older);
        _catalog.Down = true;
        var first = await _activations.ActivateAsync(older, default);

        // Asked for while the first still waits for the catalog: once the catalog is back, the first must not go on.
        var later = await _activations.ActivateAsync(active, default);
        _catalog.Down = false;
        var second = await WaitForAsync(later.Id, p => p.IsFinished);

        second.Phase.Should().Be(ActivationPhase.Succeeded, second.Error);
        _activations.Find(first.Id)!.Phase.Should().Be(ActivationPhase.Superseded);
        (await _index.GetStateAsync()).ActiveVersion.Should().Be(active);
    }

    /// <summary>
    /// The active version (created second) and an older ready one of <paramref name="olderModel"/>, both holding
    /// Squat@1, Dip@1 and Row@1, which the catalog holds too.
    /// </summary>
    private async Task<(string Active, string Older)> TwoVersionsAsync(EmbeddingModel olderModel)
    {
        var older = await _index.CreateVersionAsync(olderModel, 8, ExerciseDocument.Format);
        var active = await _index.CreateVersionAsync(_embedder.Model, 8, ExerciseDocument.Format);
        foreach (var (version, model) in new[] { (older.Name, olderModel), (active.Name, _embedder.Model) })
        {
            var records = new[] { "Squat", "Dip", "Row" }.Select(id => _catalog.Put(id, 1))
                .Select(e => new VectorRecord(e.Id, e.RowVersion, _embedder.Vector(ExerciseDocument.Text(e)), ExerciseDocument.Attributes(e)))
                .ToList();
            await _index.UpsertAsync(version, model, records);
            await _index.SealVersionAsync(version);
        }
        await _index.ActivateAsync(active.Name);
        return (active.Name, older.Name);
    }

    private async Task<ActivationProgress> WaitForAsync(Guid id, Func<ActivationProgress, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition(_activations.Find(id)!))
        {
            DateTime.UtcNow.Should().BeBefore(deadline, $"the activation should get there: {_activations.Find(id)}");
            await Task.Delay(20);
        }
        return _activations.Find(id)!;
    }

    public async ValueTask DisposeAsync()
    {
        await _activations.StopAsync(default);
        _unusedMetadata.Dispose();
    }
}

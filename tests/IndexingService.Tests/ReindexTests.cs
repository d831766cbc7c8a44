using FitnessAssistant.IndexingService.Registry;
using FitnessAssistant.IndexingService.Reindex;
using FitnessAssistant.IndexingService.Tests.Fakes;
using FitnessAssistant.Metadata.V1;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FitnessAssistant.IndexingService.Tests;

public sealed class ReindexTests : IAsyncDisposable
{
    private readonly InMemoryVectorIndex _index = new();
    private readonly FakeCatalog _catalog = new();
    private readonly FakeEmbedder _embedder = new();
    private readonly GrpcChannel _unusedMetadata = GrpcChannel.ForAddress("http://127.0.0.1:9");
    private readonly ReindexOptions _options = new()
    {
        PageSize = 2, EmbeddingBatchSize = 2, AutomaticRetryAfterFailure = TimeSpan.FromMilliseconds(50),
        OutagePause = TimeSpan.FromMilliseconds(10), MaxOutagePause = TimeSpan.FromMilliseconds(20),
    };
    private readonly ReindexCoordinator _reindex;

    public ReindexTests()
    {
        // The registry mirror is only signalled here (it never runs), so its metadata address is never called.
        var mirror = new EmbeddingVersionMirror(_index, new MetadataService.MetadataServiceClient(_unusedMetadata), Options.Create(new RegistryMirrorOptions()),
            TimeProvider.System, NullLogger<EmbeddingVersionMirror>.Instance);
        _reindex = new ReindexCoordinator(_index, _catalog, _embedder, new FakeAnnouncer(), mirror, Options.Create(_options), TimeProvider.System, NullLoggerFactory.Instance);
    }

    [Fact]
    public async Task Exercises_committed_behind_the_walk_are_indexed_before_verification_instead_of_failing_it()
    {
        foreach (var id in new[] { "Lunge", "Plank", "Row", "Squat", "Twist" })
        {
            _catalog.Put(id, 1);
        }
        // An import commits while the first page is embedded, at ids the walk has passed; the consumer has not
        // written them (it is behind, or the events came before the version existed).
        _embedder.BeforeEmbedding = texts =>
        {
            if (texts.Count > 1 && !_catalog.Exercises.ContainsKey("Curl"))
            {
                _catalog.Put("Curl", 1);
                _catalog.Put("Dip", 1);
            }
        };

        var (started, _) = _reindex.Start("test");
        await _reindex.WhenIdleAsync(default).WaitAsync(TimeSpan.FromSeconds(30));

        var job = _reindex.Find(started.Id)!;
        job.Phase.Should().Be(ReindexPhase.Succeeded, job.Error);
        job.Verification!.VersionCount.Should().Be(7);
        (await _index.GetStateAsync()).ActiveVersion.Should().Be(job.Version);
        _index.Rows(job.Version!).Keys.Should().BeEquivalentTo(_catalog.Exercises.Keys);
    }

    [Fact]
    public async Task The_bootstrap_builds_again_after_a_failed_first_build_until_searches_have_a_version()
    {
        _catalog.Put("Lunge", 1);
        _catalog.Put("Plank", 1);
        var failures = 1;
        _embedder.Rejects = text => text != "exercise" && failures-- > 0;
        using var bootstrapper = new IndexBootstrapper(_index, _embedder, _reindex, Options.Create(_options), NullLogger<IndexBootstrapper>.Instance);

        await bootstrapper.StartAsync(default);
        await bootstrapper.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));

        _reindex.Recent.Select(job => job.Phase).Should().Equal(ReindexPhase.Succeeded, ReindexPhase.Failed);
        (await _index.GetStateAsync()).ActiveVersion.Should().Be(_reindex.Recent[0].Version);
    }

    public async ValueTask DisposeAsync()
    {
        await _reindex.StopAsync(default);
        _unusedMetadata.Dispose();
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using FitnessAssistant.Embedding.V1;
using FitnessAssistant.IntegrationTests.Fixtures;
using FitnessAssistant.IntegrationTests.Metadata;
using FitnessAssistant.Metadata.V1;
using Grpc.Net.Client;
using FitnessAssistant.VectorIndex;
using FitnessAssistant.VectorIndex.PgVector;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FitnessAssistant.IntegrationTests.Indexing;

/// <summary>
/// The indexing service as the fixture runs it, with what a test needs around it: the vector index it writes
/// (read through the same library search uses), the embedding service for query vectors, and its admin API.
/// </summary>
internal sealed class IndexingHarness : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly GrpcChannel _embeddingChannel;
    private readonly GrpcChannel _metadataChannel;

    private IndexingHarness(SystemFixture system)
    {
        _dataSource = NpgsqlDataSource.Create(system.VectorDb);
        Index = new PgVectorIndex(_dataSource, Options.Create(new VectorIndexOptions()));
        _embeddingChannel = system.ServiceChannel(system.Endpoint(system.Embedding[0], "grpc"));
        Embedding = new EmbeddingService.EmbeddingServiceClient(_embeddingChannel);
        _metadataChannel = system.ServiceChannel(system.Endpoint("metadata", "grpc"));
        Admin = system.WithAdminToken(new HttpClient { BaseAddress = system.Endpoint("indexing"), Timeout = TimeSpan.FromSeconds(60) });
    }

    public PgVectorIndex Index { get; }

    public EmbeddingService.EmbeddingServiceClient Embedding { get; }

    public HttpClient Admin { get; }

    /// <summary>Starts indexing (and metadata, embedding) and waits until the bootstrap has activated a version.</summary>
    public static async Task<IndexingHarness> StartAsync(SystemFixture system)
    {
        await system.EnsureRunningAsync("indexing");
        var harness = new IndexingHarness(system);
        await harness.WaitUntilAsync(async () => (await harness.Index.GetStateAsync()).ActiveVersion is not null,
            TimeSpan.FromMinutes(3), "the bootstrap should index the starter catalog and activate a version");
        return harness;
    }

    public async Task<float[]> EmbedAsync(string text)
    {
        var request = new EmbedRequest();
        request.Texts.Add(text);
        var response = await Embedding.EmbedAsync(request, deadline: DateTime.UtcNow.AddSeconds(30));
        return [.. response.Embeddings[0].Vector];
    }

    /// <summary>The catalog's embedding-version registry, read through metadata gRPC.</summary>
    public async Task<IReadOnlyList<EmbeddingVersion>> ListRegistryAsync()
        => (await new MetadataGrpcClient(_metadataChannel).ListEmbeddingVersionsAsync()).Versions;

    /// <summary>The registry id the indexing service gives a version (docs/indexing.md).</summary>
    public static string RegistryId(EmbeddingModel model, string version) => $"{model.Id}@{model.Version}-{version}";

    /// <summary>Waits until the registry shows the index's active version as its active entry.</summary>
    public async Task WaitUntilRegistryMirrorsAsync(IndexState state, TimeSpan timeout, string because)
    {
        var id = RegistryId(state.ActiveModel!, state.ActiveVersion!);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var registry = await ListRegistryAsync();
            if (registry.Any(v => v.Id == id && v.Status == EmbeddingVersionStatus.Active))
            {
                return;
            }
            DateTime.UtcNow.Should().BeBefore(deadline,
                $"{because} ({id} active; newest entries: {string.Join(", ", registry.Take(5).Select(v => $"{v.Id} {v.Status}"))})");
            await Task.Delay(200);
        }
    }

    public async Task<JsonElement> ReindexAsync()
    {
        using var response = await Admin.PostAsJsonAsync("/api/v1/admin/index/reindex", new { reason = "integration test" });
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Admin.GetAsync(path);
        response.IsSuccessStatusCode.Should().BeTrue(await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string because)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, because);
            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        _embeddingChannel.Dispose();
        _metadataChannel.Dispose();
        await _dataSource.DisposeAsync();
    }
}

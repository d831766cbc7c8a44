using FitnessAssistant.IndexingService.Grpc;
using FitnessAssistant.Metadata.V1;
using FitnessAssistant.ServiceDefaults.Grpc;

namespace FitnessAssistant.IndexingService.Catalog;

/// <summary>
/// Mirrors index versions into the catalog's embedding-version registry (metadata gRPC, docs/metadata.md): registered
/// when a build starts, activated on a switch, retired when dropped. The index in <c>vectordb</c> is the truth searches
/// read; the registry is a record for catalog-side tools, so a failure to update it is logged, never fatal.
/// </summary>
public sealed partial class EmbeddingVersionRegistry(MetadataClient client, ILogger<EmbeddingVersionRegistry> logger)
{
    private static readonly GrpcCallOptions Options = new() { Timeout = TimeSpan.FromSeconds(10), Idempotent = true };

    /// <summary>The registry id of an index version: model, model version and index version, e.g. <c>use-lite-en@1-v3</c>.</summary>
    public static string IdOf(IndexVersion version) => $"{version.Model.Id}@{version.Model.Version}-{version.Name}";

    public Task RegisteredAsync(IndexVersion version, CancellationToken cancellationToken)
        => MirrorAsync("register", version, () => client.RegisterEmbeddingVersionAsync(new RegisterEmbeddingVersionRequest
        {
            Id = IdOf(version),
            Model = version.Model.Id,
            Version = version.Model.Version,
            Dimensions = version.Dimensions,
        }, Options, cancellationToken));

    public async Task ActivatedAsync(IndexVersion version, CancellationToken cancellationToken)
    {
        // Registering first is idempotent and covers versions built before the registry existed.
        await RegisteredAsync(version, cancellationToken);
        await MirrorAsync("activate", version, () => client.ActivateEmbeddingVersionAsync(IdOf(version), Options, cancellationToken));
    }

    public Task RetiredAsync(IndexVersion version, CancellationToken cancellationToken)
        => MirrorAsync("retire", version, () => client.RetireEmbeddingVersionAsync(IdOf(version), Options, cancellationToken));

    private async Task MirrorAsync(string action, IndexVersion version, Func<Task<EmbeddingVersion>> call)
    {
        try
        {
            await call();
        }
        catch (GrpcException ex)
        {
            LogMirrorFailed(action, IdOf(version), ex.StatusCode.ToString(), ex.Detail);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Could not {Action} embedding version {Id} in the catalog registry ({Status}: {Detail}); the index is unaffected")]
    private partial void LogMirrorFailed(string action, string id, string status, string detail);
}

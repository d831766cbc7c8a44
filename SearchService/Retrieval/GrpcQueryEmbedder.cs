using FitnessAssistant.Embedding.V1;
using FitnessAssistant.SearchService.Resilience;
using FitnessAssistant.VectorIndex;

namespace FitnessAssistant.SearchService.Retrieval;

/// <summary>
/// Query embeddings from the embedding service, asking for the model of the active index version so the
/// service refuses (FAILED_PRECONDITION) rather than returns a vector the index cannot be searched with.
/// </summary>
public sealed class GrpcQueryEmbedder(EmbeddingService.EmbeddingServiceClient client, IndexEpochMonitor index, DependencyGuard guard) : IQueryEmbedder
{
    public Task<QueryVector> EmbedAsync(string text, CancellationToken cancellationToken)
        => guard.ExecuteAsync(Dependencies.Embedding, guard.Options.EmbeddingDeadline, async token =>
        {
            var request = new EmbedRequest { Texts = { text }, Purpose = TextPurpose.Query };
            if (index.ActiveModel is { } model)
            {
                request.Model = new ModelRef { Id = model.Id, Version = model.Version };
            }
            // The guard's deadline cancels the call, which resets its stream: the service drops the work once nobody waits for it.
            var response = await client.EmbedAsync(request, cancellationToken: token);
            var embedding = response.Embeddings.Single();
            var produced = embedding.Model ?? response.Model;
            return new QueryVector([.. embedding.Vector], new EmbeddingModel(produced.Id, produced.Version));
        }, cancellationToken);
}

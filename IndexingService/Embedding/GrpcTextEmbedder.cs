using FitnessAssistant.Embedding.V1;
using FitnessAssistant.IndexingService.Pipeline;
using FitnessAssistant.ServiceDefaults;
using Grpc.Core;

namespace FitnessAssistant.IndexingService.Embedding;

/// <summary>
/// <see cref="ITextEmbedder"/> over the embedding service: texts go in calls of at most the service's batch limit,
/// one at a time (the re-index and the consumer must leave the service room for queries, FM-3). Outages and
/// overload (<c>UNAVAILABLE</c>, <c>RESOURCE_EXHAUSTED</c>, deadlines) are the dependency's, not the message's.
/// </summary>
internal sealed class GrpcTextEmbedder(EmbeddingService.EmbeddingServiceClient client) : ITextEmbedder
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);
    private int _maxBatchSize;

    public async Task<EmbeddedBatch> EmbedAsync(IReadOnlyList<string> texts, EmbeddingModel? requested, CancellationToken cancellationToken)
    {
        try
        {
            if (_maxBatchSize == 0)
            {
                var info = await client.GetModelInfoAsync(new GetModelInfoRequest(), deadline: DateTime.UtcNow + CallTimeout, cancellationToken: cancellationToken);
                _maxBatchSize = Math.Max(1, info.MaxBatchSize);
            }
            EmbeddingModel? model = null;
            var vectors = new List<float[]>(texts.Count);
            foreach (var chunk in texts.Chunk(_maxBatchSize))
            {
                var request = new EmbedRequest { Model = requested is null ? null : new ModelRef { Id = requested.Id, Version = requested.Version } };
                request.Texts.AddRange(chunk);
                var response = await client.EmbedAsync(request, deadline: DateTime.UtcNow + CallTimeout, cancellationToken: cancellationToken);
                if (response.Embeddings.Count != chunk.Length)
                {
                    throw new InvalidOperationException($"The embedding service returned {response.Embeddings.Count} vectors for {chunk.Length} texts.");
                }
                var chunkModel = new EmbeddingModel(response.Model.Id, response.Model.Version);
                if (model is not null && model != chunkModel)
                {
                    // The service switched models between two calls of one batch: these vectors cannot go together.
                    throw new DependencyUnavailableException("embedding", $"the model changed from {model} to {chunkModel} during a batch");
                }
                model = chunkModel;
                vectors.AddRange(response.Embeddings.Select(e => e.Vector.ToArray()));
            }
            return new EmbeddedBatch(model!, vectors);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.ResourceExhausted
                                           or StatusCode.DeadlineExceeded or StatusCode.Aborted or StatusCode.Unknown)
        {
            throw new DependencyUnavailableException("embedding", ex.Status.Detail, ex);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.FailedPrecondition && requested is not null)
        {
            throw new EmbeddingModelNotServedException(requested, ex.Status.Detail);
        }
        catch (RpcException ex)
        {
            // This text cannot be embedded (INVALID_ARGUMENT, or INTERNAL on this input): a message failure, retried
            // and then parked, rather than a pause that would hold every other message back.
            throw new ArgumentException($"The embedding service refused the texts ({ex.StatusCode}): {ex.Status.Detail}", ex);
        }
    }
}

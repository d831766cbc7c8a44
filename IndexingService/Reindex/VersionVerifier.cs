using FitnessAssistant.IndexingService.Catalog;
using FitnessAssistant.IndexingService.Documents;
using FitnessAssistant.IndexingService.Embedding;

namespace FitnessAssistant.IndexingService.Reindex;

/// <summary>
/// Checks a sealed version before it may become active (FM-11): it holds as many exercises as the catalog; its
/// vectors are unit length; a sample of exercises, embedded afresh, each find themselves first (catches a model,
/// tokenizer or text mismatch); and approximate search agrees with exact search on the sample (catches a broken
/// graph).
/// </summary>
internal sealed class VersionVerifier(IVectorIndex index, ICatalogReader catalog, ITextEmbedder embedder, ReindexOptions options)
{
    private const double NormTolerance = 1e-3;
    private const int CountChecks = 5;

    public async Task<VerificationReport> VerifyAsync(string version, EmbeddingModel model, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var failures = new List<string>();

        // Live changes may be in flight between the catalog and this version: look a few times before calling it a gap.
        long versionCount = 0, catalogCount = 0;
        for (var check = 1; check <= CountChecks; check++)
        {
            catalogCount = await catalog.CountAsync(options.PageSize, cancellationToken);
            versionCount = await index.CountAsync(version, cancellationToken);
            if (versionCount == catalogCount)
            {
                break;
            }
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
        if (versionCount != catalogCount)
        {
            failures.Add($"the version holds {versionCount} exercises, the catalog {catalogCount}");
        }

        var sample = ids.OrderBy(_ => Random.Shared.Next()).Take(options.VerificationSample).ToList();
        var stored = (await index.GetAsync(version, sample, cancellationToken)).ToDictionary(r => r.Id);
        var exercises = await catalog.GetAsync(sample.ToDictionary(id => id, _ => 0L), cancellationToken);
        var maxNormError = stored.Values.Select(r => Math.Abs(Math.Sqrt(r.Vector.Span.ToArray().Sum(v => (double)v * v)) - 1)).DefaultIfEmpty(0).Max();
        if (maxNormError > NormTolerance)
        {
            failures.Add($"a vector's length differs from 1 by {maxNormError:G3}");
        }

        int selfFound = 0, selfChecked = 0;
        foreach (var chunk in exercises.Where(e => stored.ContainsKey(e.Id)).Chunk(options.EmbeddingBatchSize))
        {
            EmbeddedBatch embedded;
            try
            {
                embedded = await embedder.EmbedAsync(chunk.Select(ExerciseDocument.Text).ToList(), model, cancellationToken);
            }
            catch (EmbeddingModelNotServedException)
            {
                failures.Add($"the embedding service no longer serves {model}, the model the version holds");
                break;
            }
            for (var i = 0; i < chunk.Length; i++)
            {
                var hits = (await index.SearchAsync(new VectorQuery(embedded.Vectors[i], 2) { Version = version }, cancellationToken)).Hits;
                selfChecked++;
                // An exact duplicate text ties with the exercise itself: finding an equally similar hit first counts too.
                if (hits.Count > 0 && (hits[0].Id == chunk[i].Id || hits.Any(h => h.Id == chunk[i].Id && h.Similarity >= hits[0].Similarity - 1e-6)))
                {
                    selfFound++;
                }
            }
        }
        var selfRetrieval = selfChecked == 0 ? 0 : (double)selfFound / selfChecked;
        if (selfChecked == 0 && catalogCount > 0)
        {
            failures.Add("no exercise of the sample could be checked");
        }
        else if (selfRetrieval < options.MinSelfRetrieval)
        {
            failures.Add($"self-retrieval {selfRetrieval:P1} < {options.MinSelfRetrieval:P0}");
        }

        double found = 0, expected = 0;
        foreach (var record in stored.Values)
        {
            var approximate = await index.SearchAsync(new VectorQuery(record.Vector, 10) { Version = version }, cancellationToken);
            var exact = await index.SearchAsync(new VectorQuery(record.Vector, 10) { Version = version, Exact = true }, cancellationToken);
            var truth = exact.Hits.Select(h => h.Id).ToHashSet();
            expected += truth.Count;
            found += approximate.Hits.Count(h => truth.Contains(h.Id));
        }
        var recall = expected == 0 ? 1 : found / expected;
        if (recall < options.MinRecallAt10)
        {
            failures.Add($"recall@10 against exact search {recall:P1} < {options.MinRecallAt10:P0}");
        }
        return new VerificationReport(versionCount, catalogCount, sample.Count, selfRetrieval, recall, maxNormError, failures);
    }
}

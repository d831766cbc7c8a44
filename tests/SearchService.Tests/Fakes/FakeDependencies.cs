using FitnessAssistant.SearchService.QueryUnderstanding;
using FitnessAssistant.SearchService.Retrieval;
using FitnessAssistant.ServiceDefaults;

namespace FitnessAssistant.SearchService.Tests.Fakes;

/// <summary>
/// In-memory stand-ins for the embedding service, the vector index and the metadata service over
/// <see cref="SampleCatalog"/>, each of which can be switched off to exercise degradation. Semantic search is a
/// bag of hashed words; keyword search counts shared words. Crude, but deterministic and enough to drive the
/// service's own logic.
/// </summary>
public sealed class FakeDependencies : IQueryEmbedder, IVectorSearch, IExerciseCatalog, IIndexEpochSource
{
    private const int Dimensions = 64;

    public bool EmbeddingDown { get; set; }

    public bool VectorIndexDown { get; set; }

    public bool KeywordDown { get; set; }

    public bool DetailsDown { get; set; }

    public long? Epoch { get; set; } = 1;

    /// <summary>While set, embedding calls wait for it (counted in <see cref="EmbeddingWaiters"/>): a search held in flight.</summary>
    public TaskCompletionSource? EmbeddingGate { get; set; }

    public int EmbeddingWaiters;

    public int DetailCalls;

    public int VocabularyCalls;

    public long? Current => Epoch;

    public async Task<QueryVector> EmbedAsync(string text, CancellationToken cancellationToken)
    {
        if (EmbeddingGate is { } gate)
        {
            Interlocked.Increment(ref EmbeddingWaiters);
            await gate.Task.WaitAsync(cancellationToken);
        }
        return EmbeddingDown ? throw Down(Dependencies.Embedding) : new QueryVector(Embed(text), new FitnessAssistant.VectorIndex.EmbeddingModel("fake", "1"));
    }

    public Task<IReadOnlyList<SemanticHit>> SearchAsync(QueryVector vector, ExerciseFilters filters, int limit, CancellationToken cancellationToken)
    {
        if (VectorIndexDown)
        {
            throw Down(Dependencies.VectorIndex);
        }
        IReadOnlyList<SemanticHit> hits = SampleCatalog.Exercises
            .Where(e => e.Satisfies(filters))
            .Select(e => new SemanticHit(e.Id, Dot(vector.Values, Embed(Document(e)))))
            .OrderByDescending(h => h.Similarity)
            .Take(limit)
            .ToList();
        return Task.FromResult(hits);
    }

    public Task<IReadOnlyList<KeywordHit>> SearchKeywordAsync(string text, ExerciseFilters filters, int limit, CancellationToken cancellationToken)
    {
        if (KeywordDown || DetailsDown)
        {
            throw Down(Dependencies.Metadata);
        }
        var words = Words(text);
        IReadOnlyList<KeywordHit> hits = SampleCatalog.Exercises
            .Where(e => e.Satisfies(filters))
            .Select(e => new KeywordHit(e.Id, Words(Document(e)).Intersect(words).Count()))
            .Where(h => h.Score > 0)
            .OrderByDescending(h => h.Score)
            .Take(limit)
            .ToList();
        return Task.FromResult(hits);
    }

    public Task<IReadOnlyList<ExerciseDetails>> GetExercisesAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref DetailCalls);
        if (DetailsDown)
        {
            throw Down(Dependencies.Metadata);
        }
        IReadOnlyList<ExerciseDetails> found = SampleCatalog.Exercises.Where(e => ids.Contains(e.Id)).ToList();
        return Task.FromResult(found);
    }

    public Task<IReadOnlyList<ExerciseDetails>> ListExercisesAsync(CancellationToken cancellationToken)
        => DetailsDown ? throw Down(Dependencies.Metadata) : Task.FromResult<IReadOnlyList<ExerciseDetails>>(SampleCatalog.Exercises);

    public Task<CatalogVocabulary> GetVocabularyAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref VocabularyCalls);
        if (DetailsDown)
        {
            throw Down(Dependencies.Metadata);
        }
        return Task.FromResult(new CatalogVocabulary([], SampleCatalog.Exercises.SelectMany(e => e.Name.Split(' ')).Distinct().ToDictionary(w => w, _ => 1)));
    }

    private static string Document(ExerciseDetails e)
        => $"{e.Name} {e.Category} {e.Equipment} {string.Join(' ', e.PrimaryMuscles)} {string.Join(' ', e.SecondaryMuscles)}";

    private static HashSet<string> Words(string text) => [.. TextNormalizer.Tokenize(text).Select(Inflection.Singular)];

    private static float[] Embed(string text)
    {
        var vector = new float[Dimensions];
        foreach (var word in Words(text))
        {
            vector[(int)((uint)StringComparer.Ordinal.GetHashCode(word) % Dimensions)] += 1;
        }
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return norm == 0 ? vector : [.. vector.Select(v => v / norm)];
    }

    private static double Dot(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum();

    private static DependencyUnavailableException Down(string dependency) => new(dependency, "switched off by the test");
}

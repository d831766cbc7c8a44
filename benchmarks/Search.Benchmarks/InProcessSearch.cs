using System.Diagnostics.Metrics;
using System.Text.Json;
using FitnessAssistant.EmbeddingService.Encoder;
using FitnessAssistant.MetadataService.Catalog;
using FitnessAssistant.MetadataService.Data;
using FitnessAssistant.MetadataService.Search;
using FitnessAssistant.MetadataService.Vocabulary;
using FitnessAssistant.SearchService;
using FitnessAssistant.SearchService.Caching;
using FitnessAssistant.SearchService.QueryUnderstanding;
using FitnessAssistant.SearchService.Related;
using FitnessAssistant.SearchService.Resilience;
using FitnessAssistant.SearchService.Retrieval;
using FitnessAssistant.SearchService.Search;
using FitnessAssistant.SearchService.Suggest;
using FitnessAssistant.ServiceDefaults;
using FitnessAssistant.ServiceDefaults.Redis;
using FitnessAssistant.VectorIndex;
using FitnessAssistant.VectorIndex.PgVector;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using CatalogExerciseFilter = FitnessAssistant.MetadataService.Catalog.ExerciseFilter;
using SearchCatalogVocabulary = FitnessAssistant.SearchService.Retrieval.CatalogVocabulary;
using SearchKeywordHit = FitnessAssistant.SearchService.Retrieval.KeywordHit;

namespace FitnessAssistant.Search.Benchmarks;

/// <summary>
/// The same retrieval as the deployed search service, in this one process: the search service's own classes
/// (query understanding, hybrid retrieval, fusion, ranking, Redis cache, response shaping and JSON) with the
/// embedding model run in process, the vector index read directly from PostgreSQL and the metadata service's
/// own keyword search and detail queries run in process. Only the gateway, the service processes and the gRPC
/// hops are missing: the difference is what the split into services costs.
/// </summary>
public sealed class InProcessSearch : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly ExerciseSearch _search;
    private readonly VocabularyProvider _vocabulary;
    private readonly SearchOptions _options = new();

    private InProcessSearch(ServiceProvider services)
    {
        _services = services;
        _search = services.GetRequiredService<ExerciseSearch>();
        _vocabulary = services.GetRequiredService<VocabularyProvider>();
    }

    /// <param name="connectionString">The system's connection strings by name (<c>redis</c>, <c>vectordb</c>, <c>catalogdb</c>).</param>
    /// <param name="recorder">When given, every downstream call a search makes is recorded there.</param>
    public static async Task<InProcessSearch> CreateAsync(Func<string, string> connectionString, RoundTripRecorder? recorder = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:redis"] = connectionString("redis") })
            .Build();
        var collection = new ServiceCollection()
            .AddLogging()
            .AddMetrics()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(Options.Create(new CacheOptions()))
            .AddSingleton(Options.Create(new ResilienceOptions()))
            .AddSingleton(Options.Create(new IndexEpochOptions()))
            .AddSingleton<IOptionsMonitor<RetrievalOptions>>(new FixedOptions<RetrievalOptions>(new RetrievalOptions()))
            .AddSingleton<SearchMetrics>()
            .AddSingleton<DependencyGuard>()
            .AddSingleton<VocabularyProvider>()
            .AddRedisConnection(sp => sp.GetRequiredService<IOptions<CacheOptions>>().Value.RedisClient)
            .AddSingleton<ISearchCache, RedisSearchCache>()
            .AddSingleton<IVectorIndexReader>(new RecordedVectorIndexReader(new PgVectorIndex(NpgsqlDataSource.Create(connectionString("vectordb")),
                Options.Create(new VectorIndexOptions())), recorder))
            .AddSingleton<IndexEpochMonitor>()
            .AddSingleton<IIndexEpochSource>(sp => sp.GetRequiredService<IndexEpochMonitor>())
            .AddSingleton<IVectorSearch, VectorIndexSearch>()
            .AddSingleton(_ => SentenceEncoder.OpenPrepared())
            .AddSingleton(new CallRecording(recorder))
            .AddSingleton<InProcessEmbedder>()
            .AddSingleton<IQueryEmbedder>(sp => ActivatorUtilities.CreateInstance<CachedQueryEmbedder>(sp, sp.GetRequiredService<InProcessEmbedder>()))
            .AddSingleton(new CatalogDataSources(NpgsqlDataSource.Create(connectionString("catalogdb")), null))
            .AddSingleton(Options.Create(new ReplicaLagOptions()))
            .AddSingleton<ReplicaLagMonitor>()
            .AddSingleton<ReadYourWrites>()
            .AddSingleton<VocabularyHolder>()
            .AddSingleton<KeywordSearch>()
            .AddSingleton<ExerciseQueries>()
            .AddSingleton<SearchLexicon>()
            .AddSingleton<IExerciseCatalog, InProcessCatalog>()
            .AddSingleton<HybridSearcher>()
            .AddSingleton(Options.Create(new MatchOptions()))
            .AddSingleton<SuggestIndexProvider>()
            .AddSingleton<MatchAssessor>()
            .AddSingleton<RelatedExercises>()
            .AddSingleton<RelatedRequestReader>()
            .AddSingleton<RelatedSearch>()
            .AddSingleton<ExerciseSearch>();
        var provider = collection.BuildServiceProvider();
        recorder?.Attach(provider.GetRequiredService<RedisConnection>().Database.Multiplexer);

        await using (var connection = await provider.GetRequiredService<CatalogDataSources>().Primary.OpenConnectionAsync())
        {
            provider.GetRequiredService<VocabularyHolder>().Set(await MetadataService.Vocabulary.CatalogVocabulary.LoadAsync(connection, CancellationToken.None));
        }
        // Started before the vocabulary is merged so it rebuilds with the catalog's names, as in the service.
        await provider.GetRequiredService<SuggestIndexProvider>().StartAsync(CancellationToken.None);
        var catalogVocabulary = await provider.GetRequiredService<IExerciseCatalog>().GetVocabularyAsync(CancellationToken.None);
        provider.GetRequiredService<VocabularyProvider>().UseCatalogVocabulary(catalogVocabulary.Facets, catalogVocabulary.Words);
        var state = await provider.GetRequiredService<IVectorIndexReader>().GetStateAsync();
        provider.GetRequiredService<IndexEpochMonitor>().Observe(state.Epoch, state.ActiveModel);
        return new InProcessSearch(provider);
    }

    /// <summary>One search as the API runs it: validate and read, search (cache-aside), cut the page, serialise.</summary>
    public async Task<RequestOutcome> SearchAsync(string queryString)
    {
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(queryString);
        IReadOnlyList<string?> Values(string name) => query.TryGetValue(name, out var values) ? values.ToList() : [];
        var filters = new SearchFilterValues(Values("muscle"), Values("equipment"), Values("category"), Values("level"), Values("force"), Values("mechanic"));
        var input = new SearchInput(query["q"], filters, query.TryGetValue("limit", out var limit) ? limit.ToString() : null, null);
        SearchRequestValidator.Validate(input, _vocabulary.Current, _options, out var validated);
        try
        {
            var answer = await _search.SearchAsync(validated!, CancellationToken.None);
            var body = JsonSerializer.SerializeToUtf8Bytes(SearchResponseMapper.ToResponse(validated!, answer), JsonSerializerOptions.Web);
            return new RequestOutcome(body.Length > 0 ? 200 : 500, answer.Cache is CacheStatus.Hit, answer.Degradations.Count > 0);
        }
        catch (DependencyUnavailableException)
        {
            return new RequestOutcome(503, false, false);
        }
    }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();

    private sealed class FixedOptions<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;

        public T Get(string? name) => value;

        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }

    /// <summary>
    /// The embedding model in this process, one run at a time as in the embedding service; callers wait without
    /// holding a thread (a blocked thread pool would delay every timer and miss every deadline).
    /// </summary>
    private sealed class InProcessEmbedder(SentenceEncoder encoder, CallRecording recording) : IQueryEmbedder
    {
        private readonly SemaphoreSlim _gate = new(1, 1);

        public Task<QueryVector> EmbedAsync(string text, CancellationToken cancellationToken)
            => recording.RecordAsync("embed", () => EmbedOnceAsync(text, cancellationToken));

        private async Task<QueryVector> EmbedOnceAsync(string text, CancellationToken cancellationToken)
        {
            await _gate.WaitAsync(cancellationToken);
            try
            {
                var embedding = encoder.Embed([text], TextPurpose.Query)[0];
                return new QueryVector(embedding.Vector, new EmbeddingModel(encoder.Model.Id, encoder.Model.Version));
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    /// <summary>The metadata service's keyword search and detail queries, called directly.</summary>
    private sealed class InProcessCatalog(KeywordSearch keyword, ExerciseQueries queries, VocabularyHolder holder, SearchLexicon lexicon, CallRecording recording) : IExerciseCatalog
    {
        public Task<IReadOnlyList<SearchKeywordHit>> SearchKeywordAsync(string text, ExerciseFilters filters, int limit, CancellationToken cancellationToken)
            => recording.RecordAsync("keyword", () => SearchKeywordOnceAsync(text, filters, limit, cancellationToken));

        public Task<IReadOnlyList<ExerciseDetails>> GetExercisesAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
            => recording.RecordAsync("details", () => GetExercisesOnceAsync(ids, cancellationToken));

        private async Task<IReadOnlyList<SearchKeywordHit>> SearchKeywordOnceAsync(string text, ExerciseFilters filters, int limit, CancellationToken cancellationToken)
        {
            var filter = new CatalogExerciseFilter(filters[FacetField.Muscle], [], filters[FacetField.Equipment], filters[FacetField.Category],
                filters[FacetField.Level], filters[FacetField.Force], filters[FacetField.Mechanic]);
            var result = await keyword.SearchAsync(text, filter, Math.Min(limit, KeywordSearch.MaxLimit), null, cancellationToken);
            return [.. result.Results.Select(h => new SearchKeywordHit(h.Id, h.Score))];
        }

        private async Task<IReadOnlyList<ExerciseDetails>> GetExercisesOnceAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
        {
            var found = await queries.GetManyAsync(ids, null, cancellationToken);
            return [.. found.Values.Select(e => new ExerciseDetails(e.Id, e.Name, e.Category, e.Level, e.Force, e.Mechanic, e.Equipment,
                e.PrimaryMuscles, e.SecondaryMuscles))];
        }

        public async Task<IReadOnlyList<ExerciseDetails>> ListExercisesAsync(CancellationToken cancellationToken)
        {
            var all = new List<ExerciseDetails>();
            string? after = null;
            ExercisePage page;
            do
            {
                page = await queries.ListAsync(CatalogExerciseFilter.Empty, after, 500, null, cancellationToken);
                all.AddRange(page.Items.Select(e => new ExerciseDetails(e.Id, e.Name, e.Category, e.Level, e.Force, e.Mechanic, e.Equipment,
                    e.PrimaryMuscles, e.SecondaryMuscles) { Aliases = e.Aliases }));
                after = page.Items.LastOrDefault()?.Id;
            }
            while (page.NextCursor is not null);
            return all;
        }

        public async Task<SearchCatalogVocabulary> GetVocabularyAsync(CancellationToken cancellationToken)
        {
            var facets = holder.Current.Terms
                .Select(t => FacetFields.TryParse(t.Kind, out var field)
                    ? new FacetValue(field, t.Value, [.. t.Synonyms.Where(s => !s.IsMisspelling).Select(s => s.Text)])
                    {
                        Misspellings = [.. t.Synonyms.Where(s => s.IsMisspelling).Select(s => s.Text)],
                    }
                    : null)
                .OfType<FacetValue>()
                .ToList();
            var words = await lexicon.WordsAsync(cancellationToken);
            return new SearchCatalogVocabulary(facets, words.ToDictionary(w => w.Word, w => w.DocumentCount, StringComparer.Ordinal));
        }
    }

    /// <summary>The recorder, if any, as the in-process dependencies see it.</summary>
    private sealed class CallRecording(RoundTripRecorder? recorder)
    {
        public Task<T> RecordAsync<T>(string kind, Func<Task<T>> call) => recorder is null ? call() : recorder.RecordAsync(kind, call);
    }

    /// <summary>Each k-NN search recorded as one call (the service sends it to PostgreSQL as one request of the library).</summary>
    private sealed class RecordedVectorIndexReader(IVectorIndexReader inner, RoundTripRecorder? recorder) : IVectorIndexReader
    {
        private readonly CallRecording _recording = new(recorder);

        public Task<IndexState> GetStateAsync(CancellationToken cancellationToken = default) => inner.GetStateAsync(cancellationToken);

        public Task<VectorSearchResult> SearchAsync(VectorQuery query, CancellationToken cancellationToken = default)
            => _recording.RecordAsync("knn", () => inner.SearchAsync(query, cancellationToken));
    }
}

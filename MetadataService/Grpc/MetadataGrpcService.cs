using System.Text.RegularExpressions;
using FitnessAssistant.Metadata.V1;
using FitnessAssistant.MetadataService.Catalog;
using FitnessAssistant.MetadataService.Data;
using FitnessAssistant.MetadataService.Embeddings;
using FitnessAssistant.MetadataService.Search;
using FitnessAssistant.MetadataService.Vocabulary;
using FitnessAssistant.ServiceDefaults.Grpc;

namespace FitnessAssistant.MetadataService.Grpc;

/// <summary>
/// <c>fitness.metadata.v1.MetadataService</c>: the catalog for the other services. Bad input is INVALID_ARGUMENT
/// with every problem named; unknown embedding versions NOT_FOUND; a database that does not answer UNAVAILABLE
/// (the runtime's callers retry idempotent calls on that).
/// </summary>
public static partial class MetadataGrpcService
{
    public const string Name = "fitness.metadata.v1.MetadataService";
    public const int MaxIds = 500;
    public const int DefaultListLimit = 100;
    public const int MaxListLimit = 500;

    public static RouteGroupBuilder MapMetadataGrpcService(this IEndpointRouteBuilder app)
        => app.MapGrpcService(Name, service => service
            .MapUnary<GetExercisesRequest, GetExercisesResponse>("GetExercises", GetExercisesAsync)
            .MapUnary<SearchKeywordRequest, SearchKeywordResponse>("SearchKeyword", SearchKeywordAsync)
            .MapUnary<GetVocabularyRequest, GetVocabularyResponse>("GetVocabulary", GetVocabularyAsync)
            .MapUnary<ListExercisesRequest, ListExercisesResponse>("ListExercises", ListExercisesAsync)
            .MapUnary<RegisterEmbeddingVersionRequest, EmbeddingVersion>("RegisterEmbeddingVersion", RegisterEmbeddingVersionAsync)
            .MapUnary<EmbeddingVersionId, EmbeddingVersion>("ActivateEmbeddingVersion", ActivateEmbeddingVersionAsync)
            .MapUnary<EmbeddingVersionId, EmbeddingVersion>("RetireEmbeddingVersion", RetireEmbeddingVersionAsync)
            .MapUnary<ListEmbeddingVersionsRequest, ListEmbeddingVersionsResponse>("ListEmbeddingVersions", ListEmbeddingVersionsAsync));

    public static async Task<GetExercisesResponse> GetExercisesAsync(GetExercisesRequest request, GrpcCallContext context)
    {
        if (request.Ids.Count > MaxIds)
        {
            throw Invalid($"at most {MaxIds} ids per call (got {request.Ids.Count})");
        }
        var ids = request.Ids.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var invalid = ids.Where(id => !Slug.IsValid(id)).ToList();
        var found = await Service<ExerciseQueries>(context).GetManyAsync(ids.Except(invalid).ToList(), MinLsn(request.Consistency), context.CancellationToken);
        var response = new GetExercisesResponse();
        foreach (var id in ids)
        {
            if (found.TryGetValue(id, out var exercise))
            {
                response.Exercises.Add(GrpcMapping.ToMessage(exercise));
            }
            else
            {
                response.MissingIds.Add(id);
            }
        }
        return response;
    }

    public static async Task<SearchKeywordResponse> SearchKeywordAsync(SearchKeywordRequest request, GrpcCallContext context)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(request.Query))
        {
            problems.Add("query: must not be empty");
        }
        else if (request.Query.Length > KeywordQuery.MaxLength)
        {
            problems.Add($"query: at most {KeywordQuery.MaxLength} characters");
        }
        if (request.Limit is < 0 or > KeywordSearch.MaxLimit)
        {
            problems.Add($"limit: between 1 and {KeywordSearch.MaxLimit} (0 for the default)");
        }
        var filter = Filter(request.Filter, context, problems);
        if (problems.Count > 0)
        {
            throw Invalid(string.Join("; ", problems));
        }
        var result = await Service<KeywordSearch>(context).SearchAsync(request.Query, filter!, request.Limit == 0 ? 20 : request.Limit, null, context.CancellationToken);
        var response = new SearchKeywordResponse { InterpretedQuery = result.Query };
        response.Corrections.Add(result.Corrections.ToDictionary());
        response.Hits.AddRange(result.Results.Select(h => new Metadata.V1.KeywordHit { Id = h.Id, Score = h.Score, MatchedTerms = { h.MatchedTerms } }));
        return response;
    }

    public static async Task<GetVocabularyResponse> GetVocabularyAsync(GetVocabularyRequest request, GrpcCallContext context)
    {
        var response = new GetVocabularyResponse();
        response.Terms.AddRange(Service<VocabularyHolder>(context).Current.Terms.Select(GrpcMapping.ToMessage));
        if (request.IncludeWords)
        {
            var words = await Service<SearchLexicon>(context).WordsAsync(context.CancellationToken);
            response.Words.AddRange(words.Select(w => new LexiconWord { Word = w.Word, DocumentCount = w.DocumentCount }));
        }
        return response;
    }

    public static async Task<ListExercisesResponse> ListExercisesAsync(ListExercisesRequest request, GrpcCallContext context)
    {
        var problems = new List<string>();
        var filter = Filter(request.Filter, context, problems);
        if (!PageCursor.TryDecode(request.Cursor, out var after))
        {
            problems.Add("cursor: not one this service returned; start again without it");
        }
        if (request.Limit is < 0 or > MaxListLimit)
        {
            problems.Add($"limit: between 1 and {MaxListLimit} (0 for the default)");
        }
        if (problems.Count > 0)
        {
            throw Invalid(string.Join("; ", problems));
        }
        var page = await Service<ExerciseQueries>(context).ListAsync(filter!, after, request.Limit == 0 ? DefaultListLimit : request.Limit,
            MinLsn(request.Consistency), context.CancellationToken);
        var response = new ListExercisesResponse { NextCursor = page.NextCursor ?? "" };
        response.Exercises.AddRange(page.Items.Select(GrpcMapping.ToMessage));
        return response;
    }

    public static async Task<EmbeddingVersion> RegisterEmbeddingVersionAsync(RegisterEmbeddingVersionRequest request, GrpcCallContext context)
    {
        var problems = new List<string>();
        if (!VersionId().IsMatch(request.Id))
        {
            problems.Add("id: 1-128 letters, digits and . _ : @ -, starting with a letter or digit");
        }
        if (string.IsNullOrWhiteSpace(request.Model))
        {
            problems.Add("model: required");
        }
        if (string.IsNullOrWhiteSpace(request.Version))
        {
            problems.Add("version: required");
        }
        if (request.Dimensions is < 1 or > 16000)
        {
            problems.Add("dimensions: between 1 and 16000");
        }
        if (problems.Count > 0)
        {
            throw Invalid(string.Join("; ", problems));
        }
        var (record, conflict) = await Service<EmbeddingVersionStore>(context).RegisterAsync(
            request.Id, request.Model.Trim(), request.Version.Trim(), request.Dimensions, context.CancellationToken);
        if (conflict)
        {
            throw new GrpcException(GrpcStatusCode.AlreadyExists,
                $"embedding version '{request.Id}' exists as {record.Model} {record.Version} ({record.Dimensions} dimensions)");
        }
        return GrpcMapping.ToMessage(record);
    }

    public static async Task<EmbeddingVersion> ActivateEmbeddingVersionAsync(EmbeddingVersionId request, GrpcCallContext context)
        => GrpcMapping.ToMessage(await Service<EmbeddingVersionStore>(context).ActivateAsync(request.Id, context.CancellationToken)
           ?? throw NotFound(request.Id));

    public static async Task<EmbeddingVersion> RetireEmbeddingVersionAsync(EmbeddingVersionId request, GrpcCallContext context)
    {
        var (record, isActive) = await Service<EmbeddingVersionStore>(context).RetireAsync(request.Id, context.CancellationToken);
        if (isActive)
        {
            throw new GrpcException(GrpcStatusCode.FailedPrecondition, $"embedding version '{request.Id}' is active: activate another version first");
        }
        return GrpcMapping.ToMessage(record ?? throw NotFound(request.Id));
    }

    public static async Task<ListEmbeddingVersionsResponse> ListEmbeddingVersionsAsync(ListEmbeddingVersionsRequest request, GrpcCallContext context)
    {
        var response = new ListEmbeddingVersionsResponse();
        response.Versions.AddRange((await Service<EmbeddingVersionStore>(context).ListAsync(context.CancellationToken)).Select(GrpcMapping.ToMessage));
        return response;
    }

    private static Catalog.ExerciseFilter? Filter(Metadata.V1.ExerciseFilter? filter, GrpcCallContext context, List<string> problems)
    {
        if (filter is null)
        {
            return Catalog.ExerciseFilter.Empty;
        }
        var (parsed, errors) = ExerciseFilterParser.Parse(new(filter.Muscles, filter.PrimaryMuscles, filter.Equipment,
            filter.Categories, filter.Levels, filter.Forces, filter.Mechanics), Service<VocabularyHolder>(context).Current);
        problems.AddRange(errors.SelectMany(e => e.Value.Select(m => $"filter.{e.Key}: {m}")));
        return parsed;
    }

    private static string? MinLsn(ReadConsistency? consistency)
        => consistency is null ? null
            : consistency.Primary ? ReadYourWrites.PrimaryOnly
            : string.IsNullOrEmpty(consistency.MinLsn) ? null : consistency.MinLsn;

    private static T Service<T>(GrpcCallContext context) where T : notnull => context.HttpContext.RequestServices.GetRequiredService<T>();

    private static GrpcException Invalid(string detail) => new(GrpcStatusCode.InvalidArgument, detail);

    private static GrpcException NotFound(string id) => new(GrpcStatusCode.NotFound, $"no embedding version '{id}'");

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$")]
    private static partial Regex VersionId();
}

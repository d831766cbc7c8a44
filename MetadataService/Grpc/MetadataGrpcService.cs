using System.Text.RegularExpressions;
using FitnessAssistant.Metadata.V1;
using FitnessAssistant.MetadataService.Catalog;
using FitnessAssistant.MetadataService.Data;
using FitnessAssistant.MetadataService.Embeddings;
using FitnessAssistant.MetadataService.Search;
using FitnessAssistant.MetadataService.Vocabulary;
using Grpc.Core;

namespace FitnessAssistant.MetadataService.Grpc;

/// <summary>
/// <c>fitness.metadata.v1.MetadataService</c>: the catalog for the other services. Bad input is INVALID_ARGUMENT
/// with every problem named; unknown embedding versions NOT_FOUND; a database that does not answer UNAVAILABLE
/// (ServiceDefaults' interceptor; the callers' channels retry it).
/// </summary>
public sealed partial class MetadataGrpcService(
    ExerciseQueries exercises,
    KeywordSearch keywordSearch,
    VocabularyHolder vocabulary,
    SearchLexicon lexicon,
    EmbeddingVersionStore embeddingVersions) : Metadata.V1.MetadataService.MetadataServiceBase
{
    public const int MaxIds = 500;
    public const int DefaultListLimit = 100;
    public const int MaxListLimit = 500;

    public override async Task<GetExercisesResponse> GetExercises(GetExercisesRequest request, ServerCallContext context)
    {
        if (request.Ids.Count > MaxIds)
        {
            throw Invalid($"at most {MaxIds} ids per call (got {request.Ids.Count})");
        }
        var ids = request.Ids.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var invalid = ids.Where(id => !Slug.IsValid(id)).ToList();
        var found = await exercises.GetManyAsync(ids.Except(invalid).ToList(), MinLsn(request.Consistency), context.CancellationToken);
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

    public override async Task<SearchKeywordResponse> SearchKeyword(SearchKeywordRequest request, ServerCallContext context)
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
        var filter = Filter(request.Filter, problems);
        if (problems.Count > 0)
        {
            throw Invalid(string.Join("; ", problems));
        }
        var result = await keywordSearch.SearchAsync(request.Query, filter!, request.Limit == 0 ? 20 : request.Limit, null, context.CancellationToken);
        var response = new SearchKeywordResponse { InterpretedQuery = result.Query };
        response.Corrections.Add(result.Corrections.ToDictionary());
        response.Hits.AddRange(result.Results.Select(h => new Metadata.V1.KeywordHit { Id = h.Id, Score = h.Score, MatchedTerms = { h.MatchedTerms } }));
        return response;
    }

    public override async Task<GetVocabularyResponse> GetVocabulary(GetVocabularyRequest request, ServerCallContext context)
    {
        var response = new GetVocabularyResponse();
        response.Terms.AddRange(vocabulary.Current.Terms.Select(GrpcMapping.ToMessage));
        if (request.IncludeWords)
        {
            var words = await lexicon.WordsAsync(context.CancellationToken);
            response.Words.AddRange(words.Select(w => new LexiconWord { Word = w.Word, DocumentCount = w.DocumentCount }));
        }
        return response;
    }

    public override async Task<ListExercisesResponse> ListExercises(ListExercisesRequest request, ServerCallContext context)
    {
        var problems = new List<string>();
        var filter = Filter(request.Filter, problems);
        if (!KeysetCursor.TryDecode(request.Cursor, out var after))
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
        var page = await exercises.ListAsync(filter!, after, request.Limit == 0 ? DefaultListLimit : request.Limit,
            MinLsn(request.Consistency), context.CancellationToken);
        var response = new ListExercisesResponse { NextCursor = page.NextCursor ?? "" };
        response.Exercises.AddRange(page.Items.Select(GrpcMapping.ToMessage));
        return response;
    }

    public override async Task<EmbeddingVersion> RegisterEmbeddingVersion(RegisterEmbeddingVersionRequest request, ServerCallContext context)
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
        var (record, conflict) = await embeddingVersions.RegisterAsync(
            request.Id, request.Model.Trim(), request.Version.Trim(), request.Dimensions, context.CancellationToken);
        if (conflict)
        {
            throw Error(StatusCode.AlreadyExists, $"embedding version '{request.Id}' exists as {record.Model} {record.Version} ({record.Dimensions} dimensions)");
        }
        return GrpcMapping.ToMessage(record);
    }

    public override async Task<EmbeddingVersion> ActivateEmbeddingVersion(EmbeddingVersionId request, ServerCallContext context)
        => GrpcMapping.ToMessage(await embeddingVersions.ActivateAsync(request.Id, context.CancellationToken)
           ?? throw NotFound(request.Id));

    public override async Task<EmbeddingVersion> RetireEmbeddingVersion(EmbeddingVersionId request, ServerCallContext context)
    {
        var (record, isActive) = await embeddingVersions.RetireAsync(request.Id, context.CancellationToken);
        if (isActive)
        {
            throw Error(StatusCode.FailedPrecondition, $"embedding version '{request.Id}' is active: activate another version first");
        }
        return GrpcMapping.ToMessage(record ?? throw NotFound(request.Id));
    }

    public override async Task<ListEmbeddingVersionsResponse> ListEmbeddingVersions(ListEmbeddingVersionsRequest request, ServerCallContext context)
    {
        var response = new ListEmbeddingVersionsResponse();
        response.Versions.AddRange((await embeddingVersions.ListAsync(context.CancellationToken)).Select(GrpcMapping.ToMessage));
        return response;
    }

    private Catalog.ExerciseFilter? Filter(Metadata.V1.ExerciseFilter? filter, List<string> problems)
    {
        if (filter is null)
        {
            return Catalog.ExerciseFilter.Empty;
        }
        var (parsed, errors) = ExerciseFilterParser.Parse(new(filter.Muscles, filter.PrimaryMuscles, filter.Equipment,
            filter.Categories, filter.Levels, filter.Forces, filter.Mechanics), vocabulary.Current);
        problems.AddRange(errors.SelectMany(e => e.Value.Select(m => $"filter.{e.Key}: {m}")));
        return parsed;
    }

    private static string? MinLsn(ReadConsistency? consistency)
        => consistency is null ? null
            : consistency.Primary ? ReadYourWrites.PrimaryOnly
            : string.IsNullOrEmpty(consistency.MinLsn) ? null : consistency.MinLsn;

    private static RpcException Error(StatusCode code, string detail) => new(new Status(code, detail));

    private static RpcException Invalid(string detail) => Error(StatusCode.InvalidArgument, detail);

    private static RpcException NotFound(string id) => Error(StatusCode.NotFound, $"no embedding version '{id}'");

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$")]
    private static partial Regex VersionId();
}

using FitnessAssistant.Metadata.V1;
using FitnessAssistant.SearchService.QueryUnderstanding;
using FitnessAssistant.SearchService.Resilience;

namespace FitnessAssistant.SearchService.Retrieval;

/// <summary>
/// The metadata service over gRPC. Keyword search and detail loading have breakers of their own: a slow
/// keyword search degrades to semantic-only answers without taking detail loading (and so every answer) down.
/// </summary>
public sealed class GrpcExerciseCatalog(MetadataService.MetadataServiceClient client, DependencyGuard guard) : IExerciseCatalog
{
    /// <summary>Limits of the metadata API (metadata.proto).</summary>
    private const int MaxQueryLength = 256;
    private const int MaxKeywordLimit = 200;
    private const int MaxIdsPerCall = 500;

    public const string KeywordDependency = "metadata-keyword";

    public Task<IReadOnlyList<KeywordHit>> SearchKeywordAsync(string text, ExerciseFilters filters, int limit, CancellationToken cancellationToken)
        => guard.ExecuteAsync(KeywordDependency, guard.Options.KeywordDeadline, async token =>
        {
            var request = new SearchKeywordRequest
            {
                Query = text.Length <= MaxQueryLength ? text : text[..MaxQueryLength],
                Filter = ToFilter(filters),
                Limit = Math.Min(limit, MaxKeywordLimit),
            };
            // The guard's deadline cancels the call (one deadline, as for the embedding call).
            var response = await client.SearchKeywordAsync(request, cancellationToken: token);
            return (IReadOnlyList<KeywordHit>)[.. response.Hits.Select(h => new KeywordHit(h.Id, h.Score))];
        }, cancellationToken);

    public Task<IReadOnlyList<ExerciseDetails>> GetExercisesAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
        => guard.ExecuteAsync(Dependencies.Metadata, guard.Options.DetailsDeadline, async token =>
        {
            var details = new List<ExerciseDetails>(ids.Count);
            foreach (var chunk in ids.Chunk(MaxIdsPerCall))
            {
                var response = await client.GetExercisesAsync(new GetExercisesRequest { Ids = { chunk } }, cancellationToken: token);
                details.AddRange(response.Exercises.Select(ToDetails));
            }
            return (IReadOnlyList<ExerciseDetails>)details;
        }, cancellationToken);

    public Task<IReadOnlyList<ExerciseDetails>> ListExercisesAsync(CancellationToken cancellationToken)
        => guard.ExecuteAsync(Dependencies.Metadata, TimeSpan.FromSeconds(10), async token =>
        {
            var exercises = new List<ExerciseDetails>();
            var cursor = "";
            do
            {
                var response = await client.ListExercisesAsync(new ListExercisesRequest { Cursor = cursor, Limit = MaxIdsPerCall },
                    deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: token);
                exercises.AddRange(response.Exercises.Select(e => ToDetails(e) with { Aliases = [.. e.Aliases] }));
                cursor = response.NextCursor;
            }
            while (cursor.Length > 0);
            return (IReadOnlyList<ExerciseDetails>)exercises;
        }, cancellationToken);

    public Task<CatalogVocabulary> GetVocabularyAsync(CancellationToken cancellationToken)
        => guard.ExecuteAsync(Dependencies.Metadata, TimeSpan.FromSeconds(5), async token =>
        {
            var response = await client.GetVocabularyAsync(new GetVocabularyRequest { IncludeWords = true },
                deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: token);
            var facets = new List<FacetValue>();
            foreach (var term in response.Terms)
            {
                if (FacetFields.TryParse(term.Kind, out var field))
                {
                    facets.Add(new FacetValue(field, term.Value, [.. term.Synonyms.Where(s => !s.IsMisspelling).Select(s => s.Text)])
                    {
                        Misspellings = [.. term.Synonyms.Where(s => s.IsMisspelling).Select(s => s.Text)],
                    });
                }
            }
            return new CatalogVocabulary(facets, response.Words.ToDictionary(w => w.Word, w => w.DocumentCount, StringComparer.Ordinal));
        }, cancellationToken);

    public static ExerciseFilter ToFilter(ExerciseFilters filters) => new()
    {
        Muscles = { filters[FacetField.Muscle] },
        Equipment = { filters[FacetField.Equipment] },
        Categories = { filters[FacetField.Category] },
        Levels = { filters[FacetField.Level] },
        Forces = { filters[FacetField.Force] },
        Mechanics = { filters[FacetField.Mechanic] },
    };

    private static ExerciseDetails ToDetails(Exercise exercise) => new(
        exercise.Id,
        exercise.Name,
        exercise.Category,
        exercise.Level,
        exercise.HasForce ? exercise.Force : null,
        exercise.HasMechanic ? exercise.Mechanic : null,
        exercise.HasEquipment ? exercise.Equipment : null,
        [.. exercise.PrimaryMuscles],
        [.. exercise.SecondaryMuscles]);
}

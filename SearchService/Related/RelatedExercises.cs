using FitnessAssistant.SearchService.Retrieval;
using FitnessAssistant.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace FitnessAssistant.SearchService.Related;

/// <summary>
/// Exercises related to one exercise of the catalog: substitutes (the same movement: primary muscles, force and
/// mechanic, ranked by how close the encoder puts them) and progressions (the same movement at an easier or a
/// harder level, those working its primary muscle only as a secondary one last). Candidates come from filtered k-NN around the exercise's own text; when semantic search is down,
/// from keyword search on its name (and the answer says it is degraded).
/// </summary>
public sealed class RelatedExercises(
    IQueryEmbedder embedder,
    IVectorSearch vectors,
    IExerciseCatalog catalog,
    IOptionsMonitor<RetrievalOptions> options,
    ILogger<RelatedExercises> logger)
{
    private static readonly string[] Levels = ["beginner", "intermediate", "expert"];

    /// <returns>Null when the catalog has no exercise with that id.</returns>
    /// <exception cref="DependencyUnavailableException">The metadata service cannot answer.</exception>
    public async Task<RelatedAnswer?> SimilarAsync(string id, ExerciseFilters filters, int limit, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, cancellationToken) is not { } source)
        {
            return null;
        }
        var (candidates, degraded) = await CandidatesAsync(source, filters, cancellationToken);
        var ranked = candidates
            .Where(c => SharesPrimary(source, c.Exercise))
            .Select(c => Score(source, c.Exercise, c.Similarity))
            .OrderByDescending(r => r.Score)
            .ThenBy(r => r.Exercise.Name, StringComparer.Ordinal)
            .Take(limit)
            .ToList();
        return new RelatedAnswer(source, ranked, [], degraded);
    }

    /// <returns>Null when the catalog has no exercise with that id.</returns>
    /// <exception cref="DependencyUnavailableException">The metadata service cannot answer.</exception>
    public async Task<RelatedAnswer?> ProgressionsAsync(string id, ExerciseFilters filters, int limit, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, cancellationToken) is not { } source)
        {
            return null;
        }
        var level = Array.IndexOf(Levels, source.Level);
        var (candidates, degraded) = await CandidatesAsync(source, filters, cancellationToken);
        var variants = candidates
            .Where(c => SameMovement(source, c.Exercise))
            .Select(c => (Hit: Score(source, c.Exercise, c.Similarity), SharesPrimary: SharesPrimary(source, c.Exercise)))
            .ToList();
        // Variants working the exercise's muscle as a main mover first; then those working it as a helper (a beginner
        // hinge for a deadlift, whose main mover is the lower back, works it secondarily): a step of the same pattern
        // is a better next exercise than nothing. Within each, one level away first: the next exercise to try.
        var easier = variants.Where(v => Array.IndexOf(Levels, v.Hit.Exercise.Level) is var l && l >= 0 && l < level)
            .OrderByDescending(v => v.SharesPrimary).ThenByDescending(v => Array.IndexOf(Levels, v.Hit.Exercise.Level)).ThenByDescending(v => v.Hit.Score)
            .Select(v => v.Hit).Take(limit).ToList();
        var harder = variants.Where(v => Array.IndexOf(Levels, v.Hit.Exercise.Level) > level && level >= 0)
            .OrderByDescending(v => v.SharesPrimary).ThenBy(v => Array.IndexOf(Levels, v.Hit.Exercise.Level)).ThenByDescending(v => v.Hit.Score)
            .Select(v => v.Hit).Take(limit).ToList();
        return new RelatedAnswer(source, easier, harder, degraded);
    }

    private async Task<ExerciseDetails?> FindAsync(string id, CancellationToken cancellationToken)
        => (await catalog.GetExercisesAsync([id], cancellationToken)).FirstOrDefault(e => e.Id == id);

    /// <summary>
    /// Exercises working one of the exercise's primary muscles (as a primary or a secondary muscle) that satisfy the
    /// filters, with their semantic similarity when known.
    /// </summary>
    private async Task<(IReadOnlyList<(ExerciseDetails Exercise, double? Similarity)> Candidates, bool Degraded)> CandidatesAsync(
        ExerciseDetails source, ExerciseFilters filters, CancellationToken cancellationToken)
    {
        var depth = options.CurrentValue.ListDepth;
        var sameMuscles = filters.Narrow(ExerciseFilters.Of(FacetField.Muscle, source.PrimaryMuscles));
        IReadOnlyList<(string Id, double? Similarity)> found;
        var degraded = false;
        try
        {
            var vector = await embedder.EmbedAsync(Describe(source), cancellationToken);
            found = [.. (await vectors.SearchAsync(vector, sameMuscles, depth, cancellationToken)).Select(h => (h.Id, (double?)h.Similarity))];
        }
        catch (DependencyUnavailableException ex)
        {
            logger.LogWarning("Related exercises from keyword search only: {Reason}", ex.Message);
            degraded = true;
            found = [.. (await catalog.SearchKeywordAsync(source.Name, sameMuscles, depth, cancellationToken)).Select(h => (h.Id, (double?)null))];
        }
        var ids = found.Select(f => f.Id).Where(i => i != source.Id).ToList();
        var details = ids.Count == 0 ? [] : await catalog.GetExercisesAsync(ids, cancellationToken);
        var byId = details.ToDictionary(d => d.Id, StringComparer.Ordinal);
        return ([.. found.Where(f => byId.ContainsKey(f.Id) && byId[f.Id].Satisfies(filters))
            .Select(f => (byId[f.Id], f.Similarity))], degraded);
    }

    /// <summary>What is embedded for an exercise: its name and the muscles it works, as a query about it would read.</summary>
    private static string Describe(ExerciseDetails exercise)
        => $"{exercise.Name} {string.Join(' ', exercise.PrimaryMuscles)}";

    private static bool SharesPrimary(ExerciseDetails source, ExerciseDetails other) => source.PrimaryMuscles.Any(other.PrimaryMuscles.Contains);

    private static bool SameMovement(ExerciseDetails source, ExerciseDetails other)
        => Equals(source.Force, other.Force) && Equals(source.Mechanic, other.Mechanic) && source.Category == other.Category;

    /// <summary>
    /// Closeness to the source: the share of its primary muscles worked, the same force and mechanic, the same
    /// category, then semantic similarity; each part that counted is named.
    /// </summary>
    private static RelatedHit Score(ExerciseDetails source, ExerciseDetails other, double? similarity)
    {
        var why = new List<string>();
        var shared = source.PrimaryMuscles.Where(other.PrimaryMuscles.Contains).ToList();
        var score = (double)shared.Count / source.PrimaryMuscles.Count;
        if (shared.Count > 0)
        {
            why.Add($"works {string.Join(", ", shared)}");
        }
        else
        {
            why.Add($"works {string.Join(", ", source.PrimaryMuscles.Where(other.SecondaryMuscles.Contains))} as a secondary muscle");
        }
        if (source.Force is not null && source.Force == other.Force)
        {
            score += 0.5;
            why.Add($"same force: {other.Force}");
        }
        if (source.Mechanic is not null && source.Mechanic == other.Mechanic)
        {
            score += 0.5;
            why.Add($"same mechanic: {other.Mechanic}");
        }
        if (source.Category == other.Category)
        {
            score += 0.25;
            why.Add($"same category: {other.Category}");
        }
        if (similarity is { } s)
        {
            score += s;
            why.Add($"semantic similarity {s:0.00}");
        }
        if (!string.Equals(source.Equipment, other.Equipment, StringComparison.Ordinal))
        {
            why.Add($"uses {other.Equipment ?? "no stated equipment"} instead of {source.Equipment ?? "no stated equipment"}");
        }
        if (!string.Equals(source.Level, other.Level, StringComparison.Ordinal))
        {
            why.Add($"{other.Level} rather than {source.Level}");
        }
        return new RelatedHit(other, Math.Round(score, 6), similarity is { } rounded ? Math.Round(rounded, 4) : null, why);
    }
}

/// <param name="First">Substitutes, or for progressions the easier variants.</param>
/// <param name="Second">For progressions the harder variants; empty for substitutes.</param>
public sealed record RelatedAnswer(ExerciseDetails Source, IReadOnlyList<RelatedHit> First, IReadOnlyList<RelatedHit> Second, bool Degraded);

public sealed record RelatedHit(ExerciseDetails Exercise, double Score, double? SemanticSimilarity, IReadOnlyList<string> Why);

using FitnessAssistant.SearchService.QueryUnderstanding;

namespace FitnessAssistant.SearchService.Retrieval;

/// <summary>
/// The final order: the fused retrieval score (scaled to [0, 1]) plus boosts for the facets the query names
/// (a primary muscle more than a secondary one) and for the query's words in the exercise's name. Boosts are
/// soft: an exercise without the facet still ranks, below those with it, so no reading of the query can empty
/// the result. Every hit carries the reasons it ranked.
/// </summary>
public static class Reranker
{
    public const string FromFilter = "filter";
    public const string FromQuery = "query";

    public static IReadOnlyList<RankedHit> Rank(
        ParsedQuery query,
        ExerciseFilters filters,
        IReadOnlyList<FusedCandidate> candidates,
        IReadOnlyDictionary<string, ExerciseDetails> details,
        RetrievalOptions options,
        bool applyConstraints = true)
    {
        var bestFused = candidates.Count == 0 ? 0 : candidates.Max(c => c.Score);
        var queryTerms = query.Terms.Select(NameMatch.Words).ToList();
        var phraseWords = query.Facets.Where(f => !f.Phrase.Contains(' ')).Select(f => NameMatch.Words(f.Phrase)).ToList();
        var highlightPhrases = query.Facets.Select(f => NameMatch.Words(f.Phrase)).ToList();
        var nameBoost = options.NameBoost + NamedMovementDominance(query, options);
        var hits = new List<RankedHit>(candidates.Count);
        foreach (var candidate in candidates)
        {
            if (!details.TryGetValue(candidate.Id, out var exercise) || !exercise.Satisfies(filters)
                || (applyConstraints && !QueryConstraints.Admits(query, exercise)))
            {
                continue;
            }
            var nameWords = NameMatch.Words(exercise.Name);
            var matchedTerms = new List<string>();
            var contentMatches = 0;
            for (var i = 0; i < queryTerms.Count; i++)
            {
                if (NameMatch.Contains(nameWords, queryTerms[i]))
                {
                    matchedTerms.Add(query.Terms[i]);
                    contentMatches++;
                }
            }
            foreach (var words in phraseWords)
            {
                var phrase = string.Join(' ', words);
                if (NameMatch.Contains(nameWords, words) && !matchedTerms.Contains(phrase))
                {
                    matchedTerms.Add(phrase);
                }
            }

            var score = bestFused > 0 ? options.RetrievalWeight * candidate.Score / bestFused : 0;
            if (queryTerms.Count > 0)
            {
                score += nameBoost * contentMatches / queryTerms.Count;
            }
            var matchedFacets = new List<FacetMatch>();
            foreach (var field in filters.Fields)
            {
                foreach (var value in filters[field].Where(v => exercise.Has(field, v)))
                {
                    matchedFacets.Add(new FacetMatch(field.ParameterName(), value, FromFilter, MuscleRole(field, exercise, value)));
                }
                if (field == FacetField.Muscle)
                {
                    score += FacetScore(field, filters[field], exercise, options);
                }
            }
            foreach (var field in FacetFields.All)
            {
                var values = query.ValuesOf(field);
                if (values.Count == 0)
                {
                    continue;
                }
                score += FacetScore(field, values, exercise, options);
                foreach (var value in values.Where(v => exercise.Has(field, v)))
                {
                    matchedFacets.Add(new FacetMatch(field.ParameterName(), value, FromQuery, MuscleRole(field, exercise, value)));
                }
            }
            hits.Add(new RankedHit(
                exercise,
                Math.Round(score, 6),
                new HitExplanation(matchedTerms, matchedFacets, candidate.Similarity is { } s ? Math.Round(s, 4) : null,
                    candidate.SemanticRank, candidate.KeywordRank, NameMatch.Spans(exercise.Name, queryTerms.Concat(highlightPhrases)))));
        }
        return hits
            .OrderByDescending(h => h.Score)
            .ThenBy(h => h.Exercise.Name, StringComparer.Ordinal)
            .Take(options.CandidatePool)
            .ToList();
    }

    /// <summary>The boost for one field: the best of the values the exercise has (a muscle counts less when secondary).</summary>
    private static double FacetScore(FacetField field, IReadOnlyList<string> values, ExerciseDetails exercise, RetrievalOptions options)
    {
        if (field == FacetField.Muscle)
        {
            if (values.Any(exercise.PrimaryMuscles.Contains))
            {
                return options.MuscleBoost;
            }
            return values.Any(exercise.SecondaryMuscles.Contains) ? options.MuscleBoost * options.SecondaryMuscleShare : 0;
        }
        if (!values.Any(v => exercise.Has(field, v)))
        {
            return 0;
        }
        return field switch
        {
            FacetField.Equipment => options.EquipmentBoost,
            FacetField.Category => options.CategoryBoost,
            FacetField.Level => options.LevelBoost,
            FacetField.Force => options.ForceBoost,
            FacetField.Mechanic => options.MechanicBoost,
            _ => 0,
        };
    }

    private static string? MuscleRole(FacetField field, ExerciseDetails exercise, string value)
        => field != FacetField.Muscle ? null : exercise.PrimaryMuscles.Contains(value) ? "primary" : "secondary";

    /// <summary>
    /// When the query names a movement ("step ups", "pullovers") the other words only modify it: an exercise of
    /// that movement gets at least what the modifiers (muscle, equipment, level, force, mechanic) could give any
    /// other exercise, so "barbell step ups" lists every step-up, the barbell one first, before barbell squats. A
    /// category ("stretches", "plyometrics") names a kind of exercise itself and keeps competing.
    /// </summary>
    private static double NamedMovementDominance(ParsedQuery query, RetrievalOptions options)
    {
        if (!query.Terms.Any(t => !StopWords.IsGeneric(t)))
        {
            return 0;
        }
        var fields = query.Facets.Select(f => f.Field).Distinct();
        return fields.Sum(field => field switch
        {
            FacetField.Muscle => options.MuscleBoost,
            FacetField.Equipment => options.EquipmentBoost,
            FacetField.Level => options.LevelBoost,
            FacetField.Force => options.ForceBoost,
            FacetField.Mechanic => options.MechanicBoost,
            _ => 0,
        });
    }
}

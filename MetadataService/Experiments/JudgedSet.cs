namespace FitnessAssistant.MetadataService.Experiments;

/// <summary>A judged query as stored: its text, its rule and its explicit grades (which override the rule's).</summary>
public sealed record JudgedQuery(long Id, string Query, JudgingRule? Rule, IReadOnlyDictionary<string, int> Relevant)
{
    /// <summary>
    /// The grades over <paramref name="catalog"/> as it is now, only those above 0 (evaluate.py's format): the rule's
    /// for every exercise, overridden by the explicit grade where there is one. An explicit grade for an exercise the
    /// catalog no longer holds is left out: no search can find it, and it would only lower recall.
    /// </summary>
    public Dictionary<string, int> Resolve(IReadOnlyList<GradedExercise> catalog)
    {
        var grades = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var exercise in catalog)
        {
            var grade = Relevant.TryGetValue(exercise.Id, out var explicitGrade) ? explicitGrade : Rule?.Grade(exercise) ?? 0;
            if (grade > 0)
            {
                grades[exercise.Id] = grade;
            }
        }
        return grades;
    }
}

/// <summary>A judged set with its queries in the order they were added. <see cref="Version"/> is its ETag.</summary>
public sealed record JudgedSet(
    string Id, string Name, string? Description, DateTime CreatedAt, DateTime UpdatedAt, long Version, IReadOnlyList<JudgedQuery> Queries);

/// <summary>A set in a listing: its queries counted, not listed.</summary>
public sealed record JudgedSetSummary(string Id, string Name, string? Description, DateTime CreatedAt, DateTime UpdatedAt, long Version, int Queries);

/// <summary>One page of sets in id order; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record JudgedSetPage(IReadOnlyList<JudgedSetSummary> Items, string? NextCursor);

/// <summary>One query of the export: evaluate.py's judgments format, grades resolved against the catalog.</summary>
public sealed record ResolvedJudgments(string Query, IReadOnlyDictionary<string, int> Relevant);

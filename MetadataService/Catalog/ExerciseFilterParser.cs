using FitnessAssistant.MetadataService.Vocabulary;

namespace FitnessAssistant.MetadataService.Catalog;

/// <summary>
/// Reads filters from repeated or comma-separated values (<c>muscle=chest&amp;muscle=lats</c> or
/// <c>muscle=chest,lats</c>), case-insensitively, and reports every unknown value with the allowed ones.
/// </summary>
public static class ExerciseFilterParser
{
    public sealed record Values(
        IEnumerable<string?>? Muscle = null,
        IEnumerable<string?>? PrimaryMuscle = null,
        IEnumerable<string?>? Equipment = null,
        IEnumerable<string?>? Category = null,
        IEnumerable<string?>? Level = null,
        IEnumerable<string?>? Force = null,
        IEnumerable<string?>? Mechanic = null);

    public static (ExerciseFilter? Filter, IDictionary<string, string[]> Errors) Parse(Values values, CatalogVocabulary vocabulary)
    {
        var errors = new Dictionary<string, string[]>();
        var filter = new ExerciseFilter(
            Read("muscle", VocabularyKind.Muscle, values.Muscle, allowNone: false),
            Read("primaryMuscle", VocabularyKind.Muscle, values.PrimaryMuscle, allowNone: false),
            Read("equipment", VocabularyKind.Equipment, values.Equipment, allowNone: true),
            Read("category", VocabularyKind.Category, values.Category, allowNone: false),
            Read("level", VocabularyKind.Level, values.Level, allowNone: false),
            Read("force", VocabularyKind.Force, values.Force, allowNone: true),
            Read("mechanic", VocabularyKind.Mechanic, values.Mechanic, allowNone: true));
        return (errors.Count == 0 ? filter : null, errors);

        IReadOnlyList<string> Read(string field, string kind, IEnumerable<string?>? raw, bool allowNone)
        {
            var result = new List<string>();
            var unknown = new List<string>();
            foreach (var value in (raw ?? []).SelectMany(v => (v ?? "").Split(',')).Select(v => v.Trim().ToLowerInvariant()).Where(v => v.Length > 0))
            {
                if (vocabulary.Contains(kind, value) || (allowNone && value == ExerciseFilter.None))
                {
                    if (!result.Contains(value))
                    {
                        result.Add(value);
                    }
                }
                else
                {
                    unknown.Add(value);
                }
            }
            if (unknown.Count > 0)
            {
                var allowed = vocabulary.Values(kind).Concat(allowNone ? [ExerciseFilter.None] : []);
                errors[field] = [$"Unknown {kind} {string.Join(", ", unknown.Select(u => $"'{u}'"))}: use one of {string.Join(", ", allowed.Select(a => $"'{a}'"))}."];
            }
            return result;
        }
    }
}

using FitnessAssistant.MetadataService.Catalog;
using FitnessAssistant.MetadataService.Vocabulary;

namespace FitnessAssistant.MetadataService.Experiments;

/// <summary>A validated judged query: trimmed text, a rule with canonical vocabulary values, explicit grades.</summary>
public sealed record JudgedQueryDraft(string Query, JudgingRule? Rule, IReadOnlyDictionary<string, int> Relevant);

/// <summary>A validated judged set.</summary>
public sealed record JudgedSetDraft(string Id, string Name, string? Description, IReadOnlyList<JudgedQueryDraft> Queries);

/// <summary>
/// Turns client input into drafts or errors keyed by the JSON path they concern (<c>queries[3].rule.level_any[0]</c>),
/// the shape of RFC 9457 validation problem details. Vocabulary values are accepted in any case and stored as the
/// catalog spells them; a rule must state at least one constraint (an empty one would judge every exercise relevant).
/// </summary>
public static class JudgedSetValidator
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 2000;
    public const int MaxQueryLength = 500;
    public const int MaxQueries = 2000;
    public const int MaxRuleValues = 50;
    public const int MaxPatternLength = 300;
    public const int MaxJudgments = 2000;

    public static (JudgedSetDraft? Draft, Dictionary<string, string[]> Errors) Validate(JudgedSetInput input, CatalogVocabulary vocabulary)
    {
        var errors = new Errors();
        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            errors.Add("name", "The name is required.");
        }
        else if (name.Length > MaxNameLength)
        {
            errors.Add("name", $"The name must be at most {MaxNameLength} characters.");
        }
        else if (TextHygiene.Problem(name) is { } nameProblem)
        {
            errors.Add("name", nameProblem);
        }
        var description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim();
        if (description is not null && (description.Length > MaxDescriptionLength || TextHygiene.Problem(description, multiline: true) is not null))
        {
            errors.Add("description", TextHygiene.Problem(description, multiline: true) ?? $"The description must be at most {MaxDescriptionLength} characters.");
        }
        var id = input.Id?.Trim();
        if (string.IsNullOrEmpty(id) && !string.IsNullOrEmpty(name))
        {
            id = Slug.FromName(name);
        }
        if (!Slug.IsValid(id))
        {
            errors.Add("id", input.Id is null
                ? "No id can be derived from the name: send an id (letters, digits, '_' and '-', up to 128, starting with a letter or digit)."
                : "The id must be letters, digits, '_' and '-', up to 128 characters, starting with a letter or digit.");
        }
        var queries = input.Queries ?? [];
        if (queries.Count > MaxQueries)
        {
            errors.Add("queries", $"A set holds at most {MaxQueries} queries.");
            queries = [];
        }
        var drafts = new List<JudgedQueryDraft>(queries.Count);
        for (var i = 0; i < queries.Count; i++)
        {
            if (ValidateQuery(queries[i], vocabulary, errors, $"queries[{i}].") is { } draft)
            {
                drafts.Add(draft);
            }
        }
        return errors.Count == 0 ? (new JudgedSetDraft(id!, name!, description, drafts), errors.ToProblem()) : (null, errors.ToProblem());
    }

    public static (JudgedQueryDraft? Draft, Dictionary<string, string[]> Errors) ValidateQuery(JudgedQueryInput input, CatalogVocabulary vocabulary)
    {
        var errors = new Errors();
        var draft = ValidateQuery(input, vocabulary, errors, "");
        return (errors.Count == 0 ? draft : null, errors.ToProblem());
    }

    private static JudgedQueryDraft? ValidateQuery(JudgedQueryInput? input, CatalogVocabulary vocabulary, Errors errors, string path)
    {
        if (input is null)
        {
            errors.Add(path.TrimEnd('.'), "A query must be an object with \"query\" and a \"rule\" and/or \"relevant\" judgments.");
            return null;
        }
        var before = errors.Count;
        var text = input.Query?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            errors.Add(path + "query", "The query text is required.");
        }
        else if (text.Length > MaxQueryLength)
        {
            errors.Add(path + "query", $"The query must be at most {MaxQueryLength} characters.");
        }
        else if (TextHygiene.Problem(text) is { } problem)
        {
            errors.Add(path + "query", problem);
        }
        if (input.Rule is null && (input.Relevant is null || input.Relevant.Count == 0))
        {
            errors.Add(path + "rule", "Judge the query by a rule, by explicit \"relevant\" grades, or both.");
        }
        var rule = input.Rule is null ? null : ValidateRule(input.Rule, vocabulary, errors, path + "rule.");
        var relevant = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        if (input.Relevant is { Count: > MaxJudgments })
        {
            errors.Add(path + "relevant", $"A query holds at most {MaxJudgments} explicit judgments.");
        }
        else if (input.Relevant is not null)
        {
            foreach (var (exercise, grade) in input.Relevant)
            {
                if (!Slug.IsValid(exercise))
                {
                    errors.Add($"{path}relevant.{exercise}", "Not an exercise id: letters, digits, '_' and '-', up to 128 characters.");
                }
                else if (grade is < 0 or > 2)
                {
                    errors.Add($"{path}relevant.{exercise}", "A grade is 0 (not relevant), 1 (partly) or 2 (relevant).");
                }
                else if (!relevant.TryAdd(exercise, grade))
                {
                    errors.Add($"{path}relevant.{exercise}", "The exercise is judged twice (ids compare case-insensitively).");
                }
            }
        }
        return errors.Count == before ? new JudgedQueryDraft(text!, rule, relevant) : null;
    }

    private static JudgingRule? ValidateRule(JudgingRule rule, CatalogVocabulary vocabulary, Errors errors, string path)
    {
        var before = errors.Count;
        IReadOnlyList<string>? Values(IReadOnlyList<string>? values, string field, string kind, bool noneAllowed)
        {
            if (values is null)
            {
                return null;
            }
            if (values.Count is 0 or > MaxRuleValues)
            {
                errors.Add(path + field, $"List 1 to {MaxRuleValues} values (an empty list would match nothing).");
                return null;
            }
            var canonical = new List<string>(values.Count);
            for (var i = 0; i < values.Count; i++)
            {
                var value = values[i]?.Trim().ToLowerInvariant() ?? "";
                if (value == JudgingRule.None && noneAllowed || vocabulary.Contains(kind, value))
                {
                    canonical.Add(value);
                }
                else
                {
                    errors.Add($"{path}{field}[{i}]", $"'{values[i]}' is not a {kind}: use one of {string.Join(", ", vocabulary.Values(kind))}" +
                        (noneAllowed ? $", or '{JudgingRule.None}' for exercises that do not state it." : "."));
                }
            }
            return canonical;
        }
        string? Pattern(string? pattern, string field)
        {
            if (pattern is null)
            {
                return null;
            }
            if (pattern.Length is 0 or > MaxPatternLength || TextHygiene.Problem(pattern) is not null)
            {
                errors.Add(path + field, TextHygiene.Problem(pattern) ?? $"A pattern is 1 to {MaxPatternLength} characters.");
                return null;
            }
            try
            {
                JudgingRule.Compile(pattern);
                return pattern;
            }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
            {
                errors.Add(path + field, $"Not a usable regular expression ({ex.Message}). Lookarounds and backreferences are not supported.");
                return null;
            }
        }

        var validated = new JudgingRule
        {
            EquipmentAny = Values(rule.EquipmentAny, "equipment_any", VocabularyKind.Equipment, noneAllowed: true),
            EquipmentNot = Values(rule.EquipmentNot, "equipment_not", VocabularyKind.Equipment, noneAllowed: true),
            CategoryAny = Values(rule.CategoryAny, "category_any", VocabularyKind.Category, noneAllowed: false),
            CategoryNot = Values(rule.CategoryNot, "category_not", VocabularyKind.Category, noneAllowed: false),
            LevelAny = Values(rule.LevelAny, "level_any", VocabularyKind.Level, noneAllowed: false),
            LevelNot = Values(rule.LevelNot, "level_not", VocabularyKind.Level, noneAllowed: false),
            MechanicAny = Values(rule.MechanicAny, "mechanic_any", VocabularyKind.Mechanic, noneAllowed: true),
            MechanicNot = Values(rule.MechanicNot, "mechanic_not", VocabularyKind.Mechanic, noneAllowed: true),
            ForceAny = Values(rule.ForceAny, "force_any", VocabularyKind.Force, noneAllowed: true),
            ForceNot = Values(rule.ForceNot, "force_not", VocabularyKind.Force, noneAllowed: true),
            NameRegex = Pattern(rule.NameRegex, "name_regex"),
            NameNotRegex = Pattern(rule.NameNotRegex, "name_not_regex"),
            MusclesAny = Values(rule.MusclesAny, "muscles_any", VocabularyKind.Muscle, noneAllowed: false),
        };
        if (errors.Count > before)
        {
            return null;
        }
        if (validated == new JudgingRule())
        {
            errors.Add(path.TrimEnd('.'), "A rule states at least one constraint; an empty rule would judge every exercise relevant.");
            return null;
        }
        return validated;
    }

    private sealed class Errors
    {
        private readonly Dictionary<string, List<string>> _errors = [];

        public int Count => _errors.Values.Sum(e => e.Count);

        public void Add(string field, string message)
        {
            if (!_errors.TryGetValue(field, out var list))
            {
                _errors[field] = list = [];
            }
            list.Add(message);
        }

        public Dictionary<string, string[]> ToProblem() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
    }
}

using System.Text.RegularExpressions;
using FitnessAssistant.MetadataService.Vocabulary;

namespace FitnessAssistant.MetadataService.Catalog;

/// <summary>
/// Turns client input (admin API, import, starter catalog) into an <see cref="ExerciseDraft"/> or a list of errors
/// keyed by the JSON field they concern, the shape of RFC 9457 validation problem details. Harmless differences
/// are normalised (case of vocabulary values, whitespace, blank instruction lines, a secondary muscle that is also
/// primary); anything that would change meaning is an error.
/// </summary>
public static partial class ExerciseValidator
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 2000;
    public const int MaxInstructions = 50;
    public const int MaxInstructionLength = 2000;
    public const int MaxAliases = 20;
    public const int MaxAliasLength = 100;

    public static ValidationOutcome Validate(ExerciseInput input, CatalogVocabulary vocabulary, bool idRequired = false)
    {
        var errors = new Dictionary<string, List<string>>();
        void Error(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }
            list.Add(message);
        }

        foreach (var (field, text, multiline) in Texts(input))
        {
            if (TextHygiene.Problem(text, multiline) is { } problem)
            {
                Error(field, problem);
            }
        }

        var name = Collapse(input.Name);
        if (string.IsNullOrEmpty(name))
        {
            Error("name", "The name is required.");
        }
        else if (name.Length > MaxNameLength)
        {
            Error("name", $"The name must be at most {MaxNameLength} characters.");
        }

        string? id = input.Id?.Trim();
        if (string.IsNullOrEmpty(id))
        {
            if (idRequired)
            {
                Error("id", "The id is required.");
            }
            else if (!string.IsNullOrEmpty(name) && !errors.ContainsKey("name"))
            {
                id = Slug.FromName(name);
                if (!Slug.IsValid(id))
                {
                    Error("id", "No id can be derived from this name: send an id (letters, digits, '_' and '-').");
                }
            }
        }
        else if (!Slug.IsValid(id))
        {
            Error("id", $"The id must be 1-{Slug.MaxLength} letters, digits, '_' or '-', starting with a letter or digit.");
        }

        var description = input.Description?.Trim();
        if (description is { Length: 0 })
        {
            description = null;
        }
        else if (description is { Length: > MaxDescriptionLength })
        {
            Error("description", $"The description must be at most {MaxDescriptionLength} characters.");
        }

        var instructions = new List<string>();
        if (input.Instructions is { } lines)
        {
            for (var i = 0; i < lines.Count; i++)
            {
                var line = lines[i]?.Trim();
                if (line is null)
                {
                    Error($"instructions[{i}]", "An instruction must be a string.");
                }
                else if (line.Length > MaxInstructionLength)
                {
                    Error($"instructions[{i}]", $"An instruction must be at most {MaxInstructionLength} characters.");
                }
                else if (line.Length > 0)
                {
                    instructions.Add(line);
                }
            }
            if (instructions.Count > MaxInstructions)
            {
                Error("instructions", $"At most {MaxInstructions} instructions are allowed.");
            }
        }

        var category = Required(VocabularyKind.Category, "category", input.Category);
        var level = Required(VocabularyKind.Level, "level", input.Level);
        var force = Optional(VocabularyKind.Force, "force", input.Force);
        var mechanic = Optional(VocabularyKind.Mechanic, "mechanic", input.Mechanic);
        var equipment = Optional(VocabularyKind.Equipment, "equipment", input.Equipment);

        var primary = Muscles("primaryMuscles", input.PrimaryMuscles);
        if (input.PrimaryMuscles is null || input.PrimaryMuscles.Count == 0)
        {
            Error("primaryMuscles", "At least one primary muscle is required.");
        }
        var secondary = Muscles("secondaryMuscles", input.SecondaryMuscles).Where(m => !primary.Contains(m)).ToList();

        var aliases = new List<string>();
        if (input.Aliases is { } given)
        {
            for (var i = 0; i < given.Count; i++)
            {
                var alias = Collapse(given[i]);
                if (string.IsNullOrEmpty(alias))
                {
                    Error($"aliases[{i}]", "An alias must be a non-empty string.");
                }
                else if (alias.Length > MaxAliasLength)
                {
                    Error($"aliases[{i}]", $"An alias must be at most {MaxAliasLength} characters.");
                }
                else if (!aliases.Contains(alias, StringComparer.OrdinalIgnoreCase)
                         && !string.Equals(alias, name, StringComparison.OrdinalIgnoreCase))
                {
                    aliases.Add(alias);
                }
            }
            if (aliases.Count > MaxAliases)
            {
                Error("aliases", $"At most {MaxAliases} aliases are allowed.");
            }
        }

        if (errors.Count > 0)
        {
            return new ValidationOutcome(null, errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        }
        return new ValidationOutcome(
            new ExerciseDraft(id!, name!, description, instructions, category!, level!, force, mechanic, equipment, primary, secondary, aliases),
            new Dictionary<string, string[]>());

        string? Required(string kind, string field, string? value)
        {
            var normalised = value?.Trim().ToLowerInvariant();
            if (string.IsNullOrEmpty(normalised))
            {
                Error(field, $"The {field} is required: one of {Allowed(kind)}.");
                return null;
            }
            return Known(kind, field, normalised);
        }

        string? Optional(string kind, string field, string? value)
        {
            var normalised = value?.Trim().ToLowerInvariant();
            return string.IsNullOrEmpty(normalised) ? null : Known(kind, field, normalised);
        }

        string? Known(string kind, string field, string value)
        {
            if (vocabulary.Contains(kind, value))
            {
                return value;
            }
            Error(field, $"'{value}' is not a known {kind}: use one of {Allowed(kind)}.");
            return null;
        }

        List<string> Muscles(string field, IReadOnlyList<string?>? values)
        {
            var muscles = new List<string>();
            for (var i = 0; i < (values?.Count ?? 0); i++)
            {
                var muscle = values![i]?.Trim().ToLowerInvariant();
                if (string.IsNullOrEmpty(muscle))
                {
                    Error($"{field}[{i}]", "A muscle must be a non-empty string.");
                }
                else if (Known(VocabularyKind.Muscle, $"{field}[{i}]", muscle) is { } known && !muscles.Contains(known))
                {
                    muscles.Add(known);
                }
            }
            return muscles;
        }

        string Allowed(string kind) => string.Join(", ", vocabulary.Values(kind).Select(v => $"'{v}'"));
    }

    /// <summary>Every string of the input with its field name and whether it may span lines.</summary>
    private static IEnumerable<(string Field, string Text, bool Multiline)> Texts(ExerciseInput input)
    {
        (string, string?, bool)[] fields =
        [
            ("id", input.Id, false), ("name", input.Name, false), ("description", input.Description, true),
            ("category", input.Category, false), ("level", input.Level, false), ("force", input.Force, false),
            ("mechanic", input.Mechanic, false), ("equipment", input.Equipment, false),
        ];
        foreach (var (field, text, multiline) in fields)
        {
            if (text is not null)
            {
                yield return (field, text, multiline);
            }
        }
        (string, IReadOnlyList<string?>?, bool)[] lists =
        [
            ("instructions", input.Instructions, true), ("primaryMuscles", input.PrimaryMuscles, false),
            ("secondaryMuscles", input.SecondaryMuscles, false), ("aliases", input.Aliases, false),
        ];
        foreach (var (field, values, multiline) in lists)
        {
            for (var i = 0; i < (values?.Count ?? 0); i++)
            {
                if (values![i] is { } text)
                {
                    yield return ($"{field}[{i}]", text, multiline);
                }
            }
        }
    }

    private static string? Collapse(string? text) => text is null ? null : Whitespace().Replace(text.Trim(), " ");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

/// <summary>Either a draft ready to write or the errors per field.</summary>
public sealed record ValidationOutcome(ExerciseDraft? Draft, IDictionary<string, string[]> Errors)
{
    public bool IsValid => Draft is not null;
}

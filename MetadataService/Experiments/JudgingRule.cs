using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace FitnessAssistant.MetadataService.Experiments;

/// <summary>
/// Judges a query's relevance by the facts of each exercise, with exactly the semantics of the shared
/// <c>qrels.py</c> (and its JSON field names): every stated constraint must hold, else grade 0; then grade 2 when
/// <see cref="MusclesAny"/> meets a primary muscle (or no muscle is asked for), 1 when it meets only a secondary one.
/// <c>"none"</c> in a list matches an exercise that does not state the field. Evaluated against the catalog as it is
/// when the grades are read, so an edit to an exercise changes its grades.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record JudgingRule
{
    public const string None = "none";

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] [JsonPropertyName("equipment_any")] public IReadOnlyList<string>? EquipmentAny { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] [JsonPropertyName("equipment_not")] public IReadOnlyList<string>? EquipmentNot { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] [JsonPropertyName("category_any")] public IReadOnlyList<string>? CategoryAny { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] [JsonPropertyName("category_not")] public IReadOnlyList<string>? CategoryNot { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] [JsonPropertyName("level_any")] public IReadOnlyList<string>? LevelAny { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] [JsonPropertyName("level_not")] public IReadOnlyList<string>? LevelNot { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] [JsonPropertyName("mechanic_any")] public IReadOnlyList<string>? MechanicAny { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] [JsonPropertyName("mechanic_not")] public IReadOnlyList<string>? MechanicNot { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] [JsonPropertyName("force_any")] public IReadOnlyList<string>? ForceAny { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] [JsonPropertyName("force_not")] public IReadOnlyList<string>? ForceNot { get; init; }

    /// <summary>A regular expression the name must contain a match of, case-insensitively.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] [JsonPropertyName("name_regex")] public string? NameRegex { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] [JsonPropertyName("name_not_regex")] public string? NameNotRegex { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] [JsonPropertyName("muscles_any")] public IReadOnlyList<string>? MusclesAny { get; init; }

    /// <summary>
    /// Rules come from clients: the non-backtracking engine matches in time linear in the name whatever the
    /// pattern, and supports what qrels.py's patterns use (classes, alternation, quantifiers, anchors, \b).
    /// </summary>
    public static Regex Compile(string pattern)
        => new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    public int Grade(GradedExercise exercise)
    {
        if (!Holds(EquipmentAny, EquipmentNot, exercise.Equipment) || !Holds(CategoryAny, CategoryNot, exercise.Category)
            || !Holds(LevelAny, LevelNot, exercise.Level) || !Holds(MechanicAny, MechanicNot, exercise.Mechanic)
            || !Holds(ForceAny, ForceNot, exercise.Force))
        {
            return 0;
        }
        if (NameRegex is not null && !NamePattern.IsMatch(exercise.Name))
        {
            return 0;
        }
        if (NameNotRegex is not null && NameNotPattern.IsMatch(exercise.Name))
        {
            return 0;
        }
        if (MusclesAny is null)
        {
            return 2;
        }
        if (MusclesAny.Any(exercise.PrimaryMuscles.Contains))
        {
            return 2;
        }
        return MusclesAny.Any(exercise.SecondaryMuscles.Contains) ? 1 : 0;
    }

    private Regex NamePattern => field ??= Compile(NameRegex!);

    private Regex NameNotPattern => field ??= Compile(NameNotRegex!);

    private static bool Holds(IReadOnlyList<string>? any, IReadOnlyList<string>? not, string? value)
        => (any is null || AnyOf(any, value)) && (not is null || !AnyOf(not, value));

    private static bool AnyOf(IReadOnlyList<string> values, string? value)
        => value is null ? values.Contains(None) : values.Contains(value);
}

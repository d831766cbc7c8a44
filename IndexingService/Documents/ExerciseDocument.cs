using System.Text;
using FitnessAssistant.IndexingService.Catalog;

namespace FitnessAssistant.IndexingService.Documents;

/// <summary>
/// The text embedded for an exercise and the attributes stored beside its vector (docs/indexing.md, "What is
/// embedded"). People search with short phrases naming an exercise, a body part, equipment or a goal, so the text
/// is a short card of exactly those facts in words: name and aliases, category and muscles, equipment (body weight
/// spelled out, so "no equipment" matches), level and movement. No instructions or description: measured on the
/// dev queries, adding even the first instruction lowered vector-only nDCG@10 from 0.402 to 0.252 (the narrative
/// drowns the facts, and the encoder reads only 128 tokens); benchmarks/Indexing.Benchmarks --document-text.
/// Changing this text changes what every vector means: bump <see cref="Format"/>, and the service re-indexes on start.
/// </summary>
public static class ExerciseDocument
{
    /// <summary>Recorded on every index version; a version built with another format is rebuilt at start.</summary>
    public const string Format = "card-v2";

    public static string Text(CatalogExercise exercise)
    {
        var text = new StringBuilder();
        text.Append(exercise.Name.Trim()).Append('.');
        var aliases = exercise.Aliases.Where(a => !string.IsNullOrWhiteSpace(a)).ToList();
        if (aliases.Count > 0)
        {
            text.Append(" Also called ").Append(string.Join(", ", aliases)).Append('.');
        }
        text.Append(' ').Append(Capitalise(exercise.Category)).Append(" exercise for the ").Append(Join(exercise.PrimaryMuscles));
        if (exercise.SecondaryMuscles.Count > 0)
        {
            text.Append(", also working the ").Append(Join(exercise.SecondaryMuscles));
        }
        text.Append('.');
        text.Append(exercise.Equipment switch
        {
            null or "" or "body only" => " No equipment, body weight only.",
            "other" => " Uses other equipment.",
            var equipment => $" Equipment: {equipment}.",
        });
        text.Append(' ').Append(Capitalise(exercise.Level)).Append(" level.");
        if (Movement(exercise) is { } movement)
        {
            text.Append(' ').Append(movement).Append('.');
        }
        return text.ToString();
    }

    public static ExerciseAttributes Attributes(CatalogExercise exercise) => new()
    {
        PrimaryMuscles = exercise.PrimaryMuscles,
        SecondaryMuscles = exercise.SecondaryMuscles,
        Equipment = exercise.Equipment,
        Category = exercise.Category,
        Level = exercise.Level,
        Force = exercise.Force,
        Mechanic = exercise.Mechanic,
    };

    private static string? Movement(CatalogExercise exercise) => (exercise.Mechanic, exercise.Force) switch
    {
        (null, null) => null,
        ({ } mechanic, null) => $"{Capitalise(mechanic)} movement",
        (null, { } force) => $"{Capitalise(force)} movement",
        ({ } mechanic, { } force) => $"{Capitalise(mechanic)} {force} movement",
    };

    private static string Join(IReadOnlyList<string> values) => values.Count switch
    {
        0 => "whole body",
        1 => values[0],
        _ => string.Join(", ", values.Take(values.Count - 1)) + " and " + values[^1],
    };

    private static string Capitalise(string value)
        => string.IsNullOrEmpty(value) ? value : char.ToUpperInvariant(value[0]) + value[1..];
}

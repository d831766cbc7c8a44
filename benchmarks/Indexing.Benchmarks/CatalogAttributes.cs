using System.Text.Json;
using FitnessAssistant.VectorIndex;

namespace FitnessAssistant.Indexing.Benchmarks;

/// <summary>The filter attributes of the real catalog (free-exercise-db's exercises.json, read, never copied).</summary>
internal static class CatalogAttributes
{
    public static IReadOnlyList<(string Id, ExerciseAttributes Attributes)> Load(string path)
    {
        using var stream = File.OpenRead(path);
        using var document = JsonDocument.Parse(stream);
        return document.RootElement.EnumerateArray().Select(e => (e.GetProperty("id").GetString()!, new ExerciseAttributes
        {
            PrimaryMuscles = Strings(e, "primaryMuscles"),
            SecondaryMuscles = Strings(e, "secondaryMuscles"),
            Equipment = String(e, "equipment"),
            Category = String(e, "category"),
            Level = String(e, "level"),
            Force = String(e, "force"),
            Mechanic = String(e, "mechanic"),
        })).ToList();
    }

    private static string? String(JsonElement e, string name)
        => e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string[] Strings(JsonElement e, string name)
        => e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select(v => v.GetString()!).ToArray()
            : [];
}

using System.Text.Json;

namespace FitnessAssistant.Embedding.Benchmarks;

/// <summary>Exercise names from the shared free-exercise-db copy: short texts like the queries search embeds.</summary>
public static class ExerciseNames
{
    public static string DataPath => Environment.GetEnvironmentVariable("FA_EXERCISES")
        ?? Path.Combine(FitnessAssistant.AppHostRuns.RepositoryLayout.Shared, "data", "free-exercise-db", "exercises.json");

    public static IReadOnlyList<string> Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(DataPath));
        return document.RootElement.EnumerateArray().Select(exercise => exercise.GetProperty("name").GetString()!).ToList();
    }
}

using FitnessAssistant.SearchService.Retrieval;

namespace FitnessAssistant.SearchService.Tests.Fakes;

/// <summary>A small hand-written catalog for tests: enough variety for filters, facets and paging.</summary>
public static class SampleCatalog
{
    public static IReadOnlyList<ExerciseDetails> Exercises { get; } =
    [
        Exercise("barbell-bench-press", "Barbell Bench Press", "strength", "beginner", "push", "compound", "barbell", ["chest"], ["shoulders", "triceps"]),
        Exercise("dumbbell-bench-press", "Dumbbell Bench Press", "strength", "beginner", "push", "compound", "dumbbell", ["chest"], ["shoulders", "triceps"]),
        Exercise("push-up", "Push-Up", "strength", "beginner", "push", "compound", "body only", ["chest"], ["shoulders", "triceps"]),
        Exercise("wide-push-up", "Wide Grip Push-Up", "strength", "intermediate", "push", "compound", null, ["chest"], ["triceps"]),
        Exercise("dumbbell-row", "One Arm Dumbbell Row", "strength", "beginner", "pull", "compound", "dumbbell", ["middle back"], ["biceps", "lats"]),
        Exercise("barbell-curl", "Barbell Curl", "strength", "beginner", "pull", "isolation", "barbell", ["biceps"], ["forearms"]),
        Exercise("cable-curl", "Cable Curl", "strength", "beginner", "pull", "isolation", "cable", ["biceps"], []),
        Exercise("hamstring-stretch", "Standing Hamstring Stretch", "stretching", "beginner", "static", null, null, ["hamstrings"], ["calves"]),
        Exercise("calf-stretch", "Wall Calf Stretch", "stretching", "beginner", "static", null, "body only", ["calves"], []),
        Exercise("crunch", "Crunch", "strength", "beginner", "pull", "isolation", "body only", ["abdominals"], []),
        Exercise("plank", "Plank", "strength", "beginner", "static", "isolation", "body only", ["abdominals"], ["lower back"]),
        Exercise("kettlebell-swing", "Kettlebell Swing", "plyometrics", "intermediate", "pull", "compound", "kettlebells", ["hamstrings"], ["glutes", "lower back"]),
        Exercise("box-jump", "Box Jump", "plyometrics", "intermediate", "push", "compound", "other", ["quadriceps"], ["glutes", "calves"]),
        Exercise("back-squat", "Barbell Back Squat", "powerlifting", "intermediate", "push", "compound", "barbell", ["quadriceps"], ["glutes", "hamstrings"]),
        Exercise("goblet-squat", "Goblet Squat", "strength", "beginner", "push", "compound", "kettlebells", ["quadriceps"], ["glutes"]),
        Exercise("snatch", "Power Snatch", "olympic weightlifting", "expert", "pull", "compound", "barbell", ["hamstrings"], ["shoulders", "traps", "quadriceps"]),
        Exercise("close-grip-push-up", "Close-Grip Push-Up off of a Dumbbell", "strength", "intermediate", "push", "compound", "body only", ["triceps"], ["chest", "shoulders"]),
        Exercise("bench-dip", "Bench Dip", "strength", "beginner", "push", "compound", "body only", ["triceps"], ["chest", "shoulders"]),
        Exercise("barbell-deadlift", "Barbell Deadlift", "strength", "intermediate", "pull", "compound", "barbell", ["lower back"], ["glutes", "hamstrings"]),
        Exercise("stiff-leg-deadlift", "Stiff-Legged Dumbbell Deadlift", "strength", "beginner", "pull", "compound", "dumbbell", ["hamstrings"], ["glutes", "lower back"]),
    ];

    private static ExerciseDetails Exercise(string id, string name, string category, string level, string? force, string? mechanic,
        string? equipment, string[] primary, string[] secondary)
        => new(id, name, category, level, force, mechanic, equipment, primary, secondary);
}

namespace FitnessAssistant.MetadataService.Catalog;

/// <summary>Where a catalog row last came from (the <c>source</c> column).</summary>
public static class ExerciseSource
{
    public const string Starter = "starter";
    public const string FreeExerciseDb = "free-exercise-db";
    public const string Admin = "admin";
}

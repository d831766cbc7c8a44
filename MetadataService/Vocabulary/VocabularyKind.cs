namespace FitnessAssistant.MetadataService.Vocabulary;

/// <summary>The kinds of controlled values an exercise carries (the <c>kind</c> column of the vocabulary tables).</summary>
public static class VocabularyKind
{
    public const string Muscle = "muscle";
    public const string Equipment = "equipment";
    public const string Category = "category";
    public const string Level = "level";
    public const string Force = "force";
    public const string Mechanic = "mechanic";

    public static IReadOnlyList<string> All { get; } = [Muscle, Equipment, Category, Level, Force, Mechanic];
}

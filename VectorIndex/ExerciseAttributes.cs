namespace FitnessAssistant.VectorIndex;

/// <summary>
/// The attributes search filters on, stored beside each vector so a filtered k-NN query needs nothing else.
/// Values are compared case-insensitively (the index keeps them lower-cased).
/// </summary>
public sealed record ExerciseAttributes
{
    public IReadOnlyList<string> PrimaryMuscles { get; init; } = [];

    public IReadOnlyList<string> SecondaryMuscles { get; init; } = [];

    public string? Equipment { get; init; }

    public string? Category { get; init; }

    public string? Level { get; init; }

    public string? Force { get; init; }

    public string? Mechanic { get; init; }
}

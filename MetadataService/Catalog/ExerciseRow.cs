namespace FitnessAssistant.MetadataService.Catalog;

/// <summary>The <c>exercises</c> columns a query selects (<see cref="Columns"/>), as Dapper materialises them.</summary>
internal sealed class ExerciseRow
{
    public const string Columns =
        "slug, name, description, instructions, category, level, force, mechanic, equipment, " +
        "primary_muscles, secondary_muscles, aliases, source, created_at, updated_at, row_version";

    public string Slug { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public string[] Instructions { get; set; } = [];
    public string Category { get; set; } = "";
    public string Level { get; set; } = "";
    public string? Force { get; set; }
    public string? Mechanic { get; set; }
    public string? Equipment { get; set; }
    public string[] PrimaryMuscles { get; set; } = [];
    public string[] SecondaryMuscles { get; set; } = [];
    public string[] Aliases { get; set; } = [];
    public string Source { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public long RowVersion { get; set; }

    public Exercise ToExercise() => new(Slug, Name, Description, Instructions, Category, Level, Force, Mechanic, Equipment,
        PrimaryMuscles, SecondaryMuscles, Aliases, Source, DateTime.SpecifyKind(CreatedAt, DateTimeKind.Utc),
        DateTime.SpecifyKind(UpdatedAt, DateTimeKind.Utc), RowVersion);

    /// <summary>The stored content in draft form, to compare with an incoming draft.</summary>
    public ExerciseDraft ToDraft() => new(Slug, Name, Description, Instructions, Category, Level, Force, Mechanic, Equipment,
        PrimaryMuscles, SecondaryMuscles, Aliases);
}

namespace FitnessAssistant.MetadataService.Import;

/// <summary>
/// Section <c>Catalog</c>: <c>ImportOnStart</c> names a free-exercise-db file to import each time the service starts
/// (idempotent, so a restart changes nothing). Off by default: a fresh system has only the starter catalog.
/// Set it for the whole AppHost with <c>Catalog__ImportOnStart=/path/exercises.json bash eng/run.sh</c>.
/// </summary>
public sealed class ImportOnStartOptions
{
    public const string Section = "Catalog";

    public string? ImportOnStart { get; set; }
}

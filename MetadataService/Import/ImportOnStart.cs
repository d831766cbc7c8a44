using Microsoft.Extensions.Options;

namespace FitnessAssistant.MetadataService.Import;

/// <summary>Runs the configured start-up import in the background, so the service is ready meanwhile; a failure is logged, never fatal.</summary>
public sealed class ImportOnStart(IOptions<ImportOnStartOptions> options, FreeExerciseDbImporter importer, ILogger<ImportOnStart> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.ImportOnStart is not { Length: > 0 } file)
        {
            return;
        }
        try
        {
            logger.LogInformation("Importing {File} (Catalog:ImportOnStart)", file);
            await using var stream = File.OpenRead(file);
            await importer.ImportAsync(stream, stoppingToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ImportFormatException or NpgsqlException)
        {
            logger.LogError(ex, "The start-up import of {File} failed", file);
        }
    }
}

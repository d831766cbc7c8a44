using System.Text.Json;
using FitnessAssistant.MetadataService.Data;
using FitnessAssistant.MetadataService.Import;

namespace FitnessAssistant.MetadataService.Cli;

/// <summary>
/// One-shot commands run with the service's own configuration instead of serving:
/// <c>dotnet MetadataService.dll migrate</c> (migrations and starter catalog, then exit) and
/// <c>dotnet MetadataService.dll import FILE</c> (free-exercise-db import; progress on stderr, summary JSON on stdout).
/// Exit codes: 0 done, 1 failed, 2 import done but some records were rejected, 64 usage.
/// Events written by an import wait in the outbox until a running service relays them.
/// </summary>
public static class CatalogCommands
{
    public static bool IsCommand(string[] args) => args is ["migrate", ..] or ["import", ..];

    public static async Task<int> RunAsync(WebApplicationBuilder builder, string[] args)
    {
        // stdout carries the command's result; the service's JSON logs go to stderr with the progress lines.
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(
            options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        var app = builder.Build();
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        try
        {
            await app.Services.GetRequiredService<CatalogInitializer>().StartAsync(cancel.Token);
            switch (args)
            {
                case ["migrate"]:
                    Console.Error.WriteLine("catalog: schema up to date, starter catalog loaded");
                    return 0;
                case ["import", var file]:
                    return await ImportAsync(app.Services.GetRequiredService<FreeExerciseDbImporter>(), file, cancel.Token);
                default:
                    Console.Error.WriteLine("usage: MetadataService migrate | MetadataService import FILE");
                    return 64;
            }
        }
        catch (Exception ex) when (ex is ImportFormatException or IOException or UnauthorizedAccessException or NpgsqlException or InvalidOperationException)
        {
            Console.Error.WriteLine($"catalog: {ex.Message}");
            return 1;
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private static async Task<int> ImportAsync(FreeExerciseDbImporter importer, string file, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(file);
        var progress = new Progress<ImportProgress>(p => Console.Error.WriteLine(
            $"import: {p.Processed}/{p.Total} ({100.0 * p.Processed / Math.Max(1, p.Total):0}%) created {p.Created}, updated {p.Updated}, unchanged {p.Unchanged}, rejected {p.Rejected}"));
        var summary = await importer.ImportAsync(stream, progress, cancellationToken);
        Console.WriteLine(JsonSerializer.Serialize(summary, new JsonSerializerOptions(JsonSerializerOptions.Web) { WriteIndented = true }));
        return summary.Rejected == 0 ? 0 : 2;
    }
}

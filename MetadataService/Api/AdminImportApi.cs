using FitnessAssistant.MetadataService.Data;
using FitnessAssistant.MetadataService.Import;
using FitnessAssistant.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FitnessAssistant.MetadataService.Api;

/// <summary>Import of a free-exercise-db file through the admin API; the same importer as the start-up import (<see cref="ImportOnStart"/>).</summary>
public static class AdminImportApi
{
    public const long MaxFileBytes = 32 * 1024 * 1024;

    public static IEndpointRouteBuilder MapAdminImportApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/admin/imports/free-exercise-db", ImportAsync)
            .WithTags("Catalog administration").WithName("ImportFreeExerciseDb").RequireAdmin()
            .WithSummary("Upserts every valid record of a free-exercise-db JSON file (the body); reports created, updated, unchanged and rejected records.")
            .Accepts<object>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return app;
    }

    public static async Task<Results<Ok<ImportSummary>, ProblemHttpResult>> ImportAsync(
        HttpContext context, FreeExerciseDbImporter importer, CatalogDataSources dataSources, CancellationToken cancellationToken)
    {
        if (!context.Request.HasJsonContentType())
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
                detail: "Send the free-exercise-db file as the body with Content-Type: application/json.");
        }
        if (context.Request.ContentLength > MaxFileBytes)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "File too large",
                detail: $"The import accepts files up to {MaxFileBytes / (1024 * 1024)} MB; import larger ones at start-up (Catalog:ImportOnStart).");
        }
        try
        {
            var summary = await importer.ImportAsync(context.Request.Body, cancellationToken);
            // As after every write: the client that imported reads its records, from the replica once it has replayed them.
            ConsistencyToken.Issue(context.Response, await ReadYourWrites.CommittedLsnAsync(dataSources, cancellationToken));
            return TypedResults.Ok(summary);
        }
        catch (ImportFormatException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unreadable import file", detail: ex.Message);
        }
    }
}

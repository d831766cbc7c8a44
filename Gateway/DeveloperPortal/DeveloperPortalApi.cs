using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FitnessAssistant.Gateway.DeveloperPortal;

public static class DeveloperPortalApi
{
    /// <summary><c>/openapi/{name}/v1.json</c> for each configured service document, and the Swagger UI at <c>/swagger</c>.</summary>
    public static WebApplication MapDeveloperPortal(this WebApplication app)
    {
        app.MapGroup("/openapi")
            .MapGet("/{name}/v1.json", GetDocumentAsync)
            .WithName("GetPublicOpenApiDocument");

        var documents = app.Services.GetRequiredService<IOptions<DeveloperPortalOptions>>().Value.Documents;
        app.UseSwaggerUI(ui =>
        {
            ui.RoutePrefix = "swagger";
            ui.DocumentTitle = "FitnessAssistant API";
            foreach (var (name, document) in documents)
            {
                ui.SwaggerEndpoint($"/openapi/{name}/v1.json", document.Title);
            }
        });
        return app;
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetDocumentAsync(
        string name, UpstreamApiDocuments documents, CancellationToken cancellationToken)
    {
        var document = await documents.GetAsync(name, cancellationToken);
        return document is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No API document named '{name}'.")
            : TypedResults.Content(document.ToJsonString(), "application/json");
    }
}

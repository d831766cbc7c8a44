using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FitnessAssistant.MetadataService.Api;

/// <summary>
/// Reads a JSON request body with errors a client can act on: 415 for another media type, 400 naming the line
/// and path of malformed JSON (the framework's own binding answers both with an empty body).
/// </summary>
public static class JsonBody
{
    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type",
                detail: $"Send the body as application/json (got '{request.ContentType ?? "no content type"}')."));
        }
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, JsonSerializerOptions.Web, cancellationToken);
            return value is null
                ? (null, BadRequest("The body must be a JSON object, not null."))
                : (value, null);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" at line {line + 1}, position {ex.BytePositionInLine + 1}" : "";
            var path = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "" : $" ({ex.Path})";
            return (null, BadRequest($"The body is not valid JSON for this request{where}{path}."));
        }
    }

    private static ProblemHttpResult BadRequest(string detail)
        => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed request body", detail: detail);
}

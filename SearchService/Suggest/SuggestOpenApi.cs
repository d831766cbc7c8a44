using FitnessAssistant.SearchService.Search;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FitnessAssistant.SearchService.Suggest;

/// <summary>Parameter descriptions and examples for the suggest endpoint.</summary>
public static class SuggestOpenApi
{
    public static Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName != "Suggest")
        {
            return Task.CompletedTask;
        }
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter.Name == "q")
            {
                parameter.Required = true;
                parameter.Description = $"What has been typed so far; 1 to {SuggestApi.MaxQueryLength} characters with at least one letter or digit.";
                parameter.Example = "bulgarain";
                parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = SuggestApi.MaxQueryLength };
            }
            else if (parameter.Name == "limit")
            {
                parameter.Description = $"How many suggestions, 1 to {SuggestApi.MaxLimit} (default {SuggestApi.DefaultLimit}).";
                parameter.Example = 5;
                parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1", Maximum = SuggestApi.MaxLimit.ToString() };
            }
        }
        operation.Responses ??= [];
        if (!operation.Responses.ContainsKey("400"))
        {
            operation.Responses["400"] = new OpenApiResponse
            {
                Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() },
            };
        }
        SearchOpenApi.Example(operation.Responses, "200", SearchOpenApi.Node(new SuggestResponse("bulgarain", [
            new Suggestion("Split Squat with Dumbbells", Suggestion.Exercise, "Split_Squat_with_Dumbbells", "bulgarian squat", true),
        ])), "Completions, best first, each with its kind (exercise, muscle, equipment).");
        SearchOpenApi.Example(operation.Responses, "400", SearchOpenApi.Node(new
        {
            type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
            title = "The request is invalid.",
            status = 400,
            errors = new Dictionary<string, string[]>
            {
                ["q"] = ["'q' is required: the text typed so far."],
                ["limit"] = [$"'limit' must be a whole number from 1 to {SuggestApi.MaxLimit}."],
            },
        }), "A parameter is missing or malformed; every problem is listed by parameter.");
        return Task.CompletedTask;
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using FitnessAssistant.SearchService.QueryUnderstanding;
using FitnessAssistant.SearchService.Retrieval;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace FitnessAssistant.SearchService.Search;

/// <summary>
/// What the generated OpenAPI document cannot infer: parameter limits and allowed values (from the options and
/// the vocabulary), the headers, and worked examples of a request, an answer, a validation problem and a 503.
/// </summary>
public static class SearchOpenApi
{
    public const string Description =
        "Free text is normalised, spelling-corrected and read for muscles, equipment, categories, levels, forces and " +
        "mechanics (\"abs\", \"no equipment\", \"dumbell\"); those boost matching exercises and never exclude any. " +
        "Conditions the query states are filters, listed under query.constraints: negations (\"presses without a " +
        "machine\", \"no crunches\", \"nothing too advanced\"), the equipment someone has (\"all I've got is a kettlebell " +
        "and a band\"), reasons (\"quiet enough for an apartment\": no jumping; \"no floor work\"; \"seated\"); when " +
        "nothing satisfies them they are relaxed and query.constraintsRelaxed says so. German, Spanish, French, Italian " +
        "and Portuguese words for common muscles, equipment, categories and exercises are read as English (query.language " +
        "names the language). Each hit's why.highlights marks the spans of its name the query matched. " +
        "Filters are hard: within a field any value matches, across fields all must hold. Results come from semantic " +
        "(vector) and keyword search fused, each with why it matched. When a dependency is down the answer is degraded " +
        "(keyword-only, semantic-only, or the last good answer: stale), said in the body and the X-Search-Degraded " +
        "header; with no answer possible the status is 503 with Retry-After.";

    public static Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var name = context.Description.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName;
        if (name is not ("SearchExercises" or "SearchExercisesWithBody"))
        {
            return Task.CompletedTask;
        }
        var options = context.ApplicationServices.GetRequiredService<IOptions<SearchOptions>>().Value;
        var vocabulary = context.ApplicationServices.GetRequiredService<VocabularyProvider>().Current;

        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            Describe(parameter, options, vocabulary);
        }
        if (operation.RequestBody is OpenApiRequestBody body)
        {
            body.Required = true;
            foreach (var media in body.Content?.Values ?? [])
            {
                media.Example = Node(new SearchRequest("dumbell chest press", new SearchFilterValues(Level: ["beginner"]), 20));
            }
        }
        if (operation.Responses is { } responses)
        {
            Example(responses, "200", Node(SampleResponse()), "One page of results.");
            AddHeaders(responses, "200");
            Example(responses, "400", Node(new
            {
                type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
                title = "The search request is invalid.",
                status = 400,
                errors = new Dictionary<string, string[]>
                {
                    ["q"] = ["The query 'q' is required and must not be empty."],
                    ["muscle"] = [$"Unknown muscle 'elbows'. Known values: {string.Join(", ", vocabulary.ValuesOf(FacetField.Muscle))}."],
                },
            }), "The request is invalid; every problem is listed by parameter.");
            Example(responses, "503", Node(new
            {
                type = "https://tools.ietf.org/html/rfc9110#section-15.6.4",
                title = "Search is temporarily unavailable.",
                status = 503,
                detail = "The search could not be answered and no earlier answer is cached (metadata is unavailable: circuit open). Retry later.",
            }), "No answer possible and none cached; retry after the Retry-After header's seconds.");
        }
        return Task.CompletedTask;
    }

    private static void Describe(OpenApiParameter parameter, SearchOptions options, Vocabulary vocabulary)
    {
        if (parameter.Name == "q")
        {
            parameter.Required = true;
            parameter.Description = $"What the person typed; required, at most {options.MaxQueryLength} characters.";
            parameter.Example = "hamstrng strech";
            if (parameter.Schema is OpenApiSchema q)
            {
                q.MinLength = 1;
                q.MaxLength = options.MaxQueryLength;
            }
            return;
        }
        if (parameter.Name == "limit")
        {
            parameter.Description = $"Page size, 1 to {options.MaxLimit} (default {options.DefaultLimit}).";
            parameter.Example = 20;
            parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1", Maximum = options.MaxLimit.ToString() };
            return;
        }
        if (parameter.Name == "cursor")
        {
            parameter.Description = "The nextCursor of the previous page of the same search (same q and filters).";
            return;
        }
        if (FacetFields.TryParse(parameter.Name ?? "", out var field))
        {
            parameter.Description = $"Only exercises with any of these {parameter.Name} values; repeat the parameter or separate " +
                "values with commas. Synonyms of a single value are accepted (\"quads\").";
            parameter.Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                MaxItems = options.MaxFilterValues,
                Items = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Enum = [.. vocabulary.ValuesOf(field).Select(v => (JsonNode)JsonValue.Create(v))],
                },
            };
        }
    }

    internal static void Example(OpenApiResponses responses, string status, JsonNode example, string description)
    {
        if (responses.TryGetValue(status, out var response) && response is OpenApiResponse concrete)
        {
            concrete.Description = description;
            foreach (var media in concrete.Content?.Values ?? [])
            {
                media.Example = example;
            }
        }
    }

    private static void AddHeaders(OpenApiResponses responses, string status)
    {
        if (!responses.TryGetValue(status, out var response) || response is not OpenApiResponse concrete)
        {
            return;
        }
        concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
        concrete.Headers[SearchApi.CacheHeader] = new OpenApiHeader
        {
            Description = "hit, miss, stale or unavailable: where the results came from.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        };
        concrete.Headers[SearchApi.DegradedHeader] = new OpenApiHeader
        {
            Description = "Present only on a degraded answer: keyword-only, semantic-only or stale.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        };
    }

    internal static JsonNode Node<T>(T value) => JsonSerializer.SerializeToNode(value, JsonSerializerOptions.Web)!;

    private static SearchResponse SampleResponse() => new(
        new QueryInterpretation(
            "hamstrng strech without a band",
            "hamstring stretch without a band",
            [new SpellingCorrection("hamstrng", "hamstring"), new SpellingCorrection("strech", "stretch")],
            [],
            [
                new InterpretedFacet("muscle", "hamstring", ["hamstrings"], SearchResponseMapper.AppliedAsBoost),
                new InterpretedFacet("category", "stretch", ["stretching"], SearchResponseMapper.AppliedAsBoost),
            ],
            new Dictionary<string, IReadOnlyList<string>>(),
            [new InterpretedConstraint("exclude", "without a band", "equipment", ["bands"], null, "filter")],
            false),
        [
            new SearchHit(new ExerciseDetails("Hamstring_Stretch", "Hamstring Stretch", "stretching", "beginner", "static", null, null,
                ["hamstrings"], []), 3.91,
                new HitExplanation(["hamstring", "stretch"],
                    [new FacetMatch("muscle", "hamstrings", "query", "primary"), new FacetMatch("category", "stretching", "query")],
                    0.83, 1, 1)),
        ],
        87,
        20,
        SearchPageCursor.Encode(20, "3f1c9a7b2e5d4c6f8a0b1c2d3e4f5a6b"),
        new Dictionary<string, IReadOnlyList<FacetCount>>
        {
            ["muscle"] = [new FacetCount("hamstrings", 41), new FacetCount("calves", 17)],
            ["category"] = [new FacetCount("stretching", 52), new FacetCount("strength", 30)],
        },
        "miss",
        false,
        false,
        [],
        MatchQuality.Good,
        []);
}

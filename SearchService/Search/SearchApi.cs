using System.Globalization;
using System.Text.Json;
using FitnessAssistant.SearchService.QueryUnderstanding;
using FitnessAssistant.SearchService.Retrieval;
using FitnessAssistant.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FitnessAssistant.SearchService.Search;

/// <summary><c>/api/v1/search</c>: GET with the query string, POST with the same fields as JSON.</summary>
public static class SearchApi
{
    public const string DegradedHeader = "X-Search-Degraded";
    public const string CacheHeader = "X-Search-Cache";

    private static readonly HashSet<string> QueryParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "q", "limit", "cursor", "muscle", "equipment", "category", "level", "force", "mechanic",
    };

    private static readonly HashSet<string> SingleValued = new(StringComparer.OrdinalIgnoreCase) { "q", "limit", "cursor" };

    public static RouteGroupBuilder MapSearchApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/search").WithTags("Search");
        api.MapGet("/", SearchWithQueryStringAsync)
            .WithName("SearchExercises")
            .WithSummary("Search exercises by free text and filters")
            .WithDescription(SearchOpenApi.Description)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapPost("/", SearchWithBodyAsync)
            .WithName("SearchExercisesWithBody")
            .WithSummary("Search exercises, parameters as a JSON body")
            .WithDescription(SearchOpenApi.Description)
            .Accepts<SearchRequest>("application/json")
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return api;
    }

    public static async Task<Results<Ok<SearchResponse>, ValidationProblem, ProblemHttpResult>> SearchWithQueryStringAsync(
        HttpContext context,
        [AsParameters] SearchQueryString query,
        [AsParameters] SearchServices services,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var (key, values) in context.Request.Query)
        {
            if (!QueryParameters.Contains(key))
            {
                errors[key] = [$"Unknown parameter '{key}'. Known parameters: {string.Join(", ", QueryParameters)}."];
            }
            else if (values.Count > 1 && SingleValued.Contains(key))
            {
                // Bound as one string, ?q=a&q=b would silently become "a,b".
                errors[key] = [$"'{key}' may be given once (got {values.Count} values)."];
            }
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The search request is invalid.");
        }
        var input = new SearchInput(query.Q, new SearchFilterValues(query.Muscle, query.Equipment, query.Category, query.Level, query.Force, query.Mechanic),
            query.Limit, query.Cursor);
        return await RunAsync(context, input, services, cancellationToken);
    }

    public static async Task<Results<Ok<SearchResponse>, ValidationProblem, ProblemHttpResult>> SearchWithBodyAsync(
        HttpContext context,
        [AsParameters] SearchServices services,
        CancellationToken cancellationToken)
    {
        if (!context.Request.HasJsonContentType())
        {
            return TypedResults.Problem(
                title: "Unsupported media type.",
                detail: "Send the search as a JSON body with 'Content-Type: application/json'.",
                statusCode: StatusCodes.Status415UnsupportedMediaType);
        }
        SearchRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<SearchRequest>(context.Request.Body, JsonSerializerOptions.Web, cancellationToken);
        }
        catch (JsonException ex)
        {
            return TypedResults.ValidationProblem(SearchBodyErrors.Describe(ex), title: "The search request is invalid.");
        }
        if (request is null)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["body"] = ["The body must be a JSON object."] },
                title: "The search request is invalid.");
        }
        var input = new SearchInput(
            request.Q,
            request.Filters ?? new SearchFilterValues(),
            request.Limit?.ToString(CultureInfo.InvariantCulture),
            request.Cursor);
        return await RunAsync(context, input, services, cancellationToken);
    }

    private static async Task<Results<Ok<SearchResponse>, ValidationProblem, ProblemHttpResult>> RunAsync(
        HttpContext context,
        SearchInput input,
        SearchServices services,
        CancellationToken cancellationToken)
    {
        var (search, vocabulary, options) = (services.Search, services.Vocabulary, services.Options.Value);
        var errors = SearchRequestValidator.Validate(input, vocabulary.Current, options, out var validated);
        if (validated is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The search request is invalid.");
        }

        SearchAnswer answer;
        try
        {
            answer = await search.SearchAsync(validated, cancellationToken);
        }
        catch (DependencyUnavailableException ex)
        {
            var retryAfter = ex.RetryAfter ?? TimeSpan.FromSeconds(5);
            context.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(
                title: "Search is temporarily unavailable.",
                detail: $"The search could not be answered and no earlier answer is cached ({ex.Message}). Retry later.",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        context.Response.Headers[CacheHeader] = answer.Cache.ToString().ToLowerInvariant();
        if (answer.Degradations.Count > 0)
        {
            context.Response.Headers[DegradedHeader] = string.Join(", ", answer.Degradations.Select(d => d.Mode).Distinct());
        }
        return TypedResults.Ok(SearchResponseMapper.ToResponse(validated, answer));
    }
}

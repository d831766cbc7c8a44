using FitnessAssistant.SearchService.QueryUnderstanding;
using FitnessAssistant.SearchService.Retrieval;
using FitnessAssistant.SearchService.Search;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FitnessAssistant.SearchService.Related;

/// <summary>Examples and parameter descriptions for the substitutes and progressions endpoints.</summary>
public static class RelatedExercisesOpenApi
{
    public static Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var name = context.Description.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName;
        if (name is not ("SimilarExercises" or "ExerciseProgressions"))
        {
            return Task.CompletedTask;
        }
        var vocabulary = context.ApplicationServices.GetRequiredService<VocabularyProvider>().Current;
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            (parameter.Description, parameter.Example) = parameter.Name switch
            {
                "id" => ("The exercise's id (its public slug).", (System.Text.Json.Nodes.JsonNode?)"Barbell_Bench_Press_-_Medium_Grip"),
                "without" => ($"Equipment the results must not need, comma-separated; one of: {string.Join(", ", vocabulary.ValuesOf(FacetField.Equipment))}.", "machine,cable"),
                "equipment" or "level" or "category" => ($"Only results with any of these {parameter.Name} values, comma-separated.", null),
                "limit" => ($"How many (of each list), 1 to {RelatedExercisesApi.MaxLimit}; default {RelatedExercisesApi.DefaultLimit}.", 10),
                _ => (parameter.Description, parameter.Example),
            };
        }
        if (operation.Responses is not { } responses)
        {
            return Task.CompletedTask;
        }
        var source = new RelatedExerciseHit(new ExerciseDetails("Barbell_Bench_Press_-_Medium_Grip", "Barbell Bench Press - Medium Grip", "strength", "beginner",
            "push", "compound", "barbell", ["chest"], ["shoulders", "triceps"]), null, null, []);
        var dumbbell = new RelatedExerciseHit(new ExerciseDetails("Dumbbell_Bench_Press", "Dumbbell Bench Press", "strength", "beginner", "push", "compound",
            "dumbbell", ["chest"], ["shoulders", "triceps"]), 3.08, 0.83,
            ["works chest", "same force: push", "same mechanic: compound", "same category: strength", "semantic similarity 0.83",
                "uses dumbbell instead of barbell"]);
        var harder = dumbbell with
        {
            Id = "Wide-Grip_Decline_Barbell_Bench_Press", Name = "Wide-Grip Decline Barbell Bench Press", Level = "intermediate", Equipment = "barbell",
            Why = ["works chest", "same force: push", "same mechanic: compound", "same category: strength", "semantic similarity 0.79",
                "intermediate rather than beginner"],
        };
        SearchOpenApi.Example(responses, "200", name == "SimilarExercises"
            ? SearchOpenApi.Node(new SimilarExercisesResponse(source, [dumbbell], false))
            : SearchOpenApi.Node(new ProgressionsResponse(source, [], [harder], false)), "The related exercises, best first, each with why.");
        SearchOpenApi.Example(responses, "400", SearchOpenApi.Node(new
        {
            type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
            title = "The request is invalid.",
            status = 400,
            errors = new Dictionary<string, string[]> { ["without"] = ["Unknown equipment 'rocket'. Known values: ..."], ["limit"] = ["'limit' must be a whole number from 1 to 50."] },
        }), "A parameter is malformed; every problem is listed by parameter.");
        SearchOpenApi.Example(responses, "404", SearchOpenApi.Node(new
        {
            type = "https://tools.ietf.org/html/rfc9110#section-15.5.5",
            title = "Exercise not found.",
            status = 404,
            detail = "The catalog has no exercise with id 'No_Such_Exercise'.",
        }), "The catalog has no exercise with this id.");
        return Task.CompletedTask;
    }
}

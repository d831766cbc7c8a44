using System.Text.Json.Serialization;

namespace FitnessAssistant.SearchService.Retrieval;

/// <summary>
/// The facts about an exercise that every search answer carries, one shape for the details search ranks on and
/// for the hits the API returns. <see cref="Id"/> is the public slug (for imported free-exercise-db records, their source id).
/// </summary>
/// <remarks>
/// The hits are built from an exercise rather than from each fact, so their constructors do not name these
/// properties; <see cref="JsonRequiredAttribute"/> keeps them required in the OpenAPI documents all the same.
/// </remarks>
public abstract record ExerciseFacts(
    [property: JsonRequired] string Id,
    [property: JsonRequired] string Name,
    [property: JsonRequired] string? Category,
    [property: JsonRequired] string? Level,
    [property: JsonRequired] string? Force,
    [property: JsonRequired] string? Mechanic,
    [property: JsonRequired] string? Equipment,
    [property: JsonRequired] IReadOnlyList<string> PrimaryMuscles,
    [property: JsonRequired] IReadOnlyList<string> SecondaryMuscles);

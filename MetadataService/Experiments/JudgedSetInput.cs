namespace FitnessAssistant.MetadataService.Experiments;

/// <summary>A new judged set as clients send it; the id is derived from the name when absent.</summary>
public sealed record JudgedSetInput(string? Id, string? Name, string? Description, List<JudgedQueryInput?>? Queries);

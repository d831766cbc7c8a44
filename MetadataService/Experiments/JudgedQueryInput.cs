namespace FitnessAssistant.MetadataService.Experiments;

/// <summary>
/// A judged query as clients send it. The shape is both shared formats at once: <c>{"query", "rule"}</c> is an entry
/// of qrels.py's rules file, <c>{"query", "relevant": {id: grade}}</c> one of evaluate.py's judgments file.
/// </summary>
public sealed record JudgedQueryInput(string? Query, JudgingRule? Rule, Dictionary<string, int>? Relevant);

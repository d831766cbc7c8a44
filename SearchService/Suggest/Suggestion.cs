namespace FitnessAssistant.SearchService.Suggest;

/// <summary>One completion of what someone is typing.</summary>
/// <param name="Text">An exercise's name as the catalog writes it, or a muscle or equipment value (usable as that search filter).</param>
/// <param name="Kind"><c>exercise</c>, <c>muscle</c> or <c>equipment</c>.</param>
/// <param name="Id">The exercise's id; only for exercises.</param>
/// <param name="Alias">The word people use that matched, when it is not the value itself ("quads" for quadriceps).</param>
/// <param name="Corrected">A typo was forgiven to find it ("bulgarain" for "Bulgarian").</param>
public sealed record Suggestion(string Text, string Kind, string? Id, string? Alias, bool Corrected)
{
    public const string Exercise = "exercise";
    public const string Muscle = "muscle";
    public const string Equipment = "equipment";
}

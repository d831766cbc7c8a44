namespace FitnessAssistant.SearchService.QueryUnderstanding;

/// <summary>What a constraint of the query does to the results.</summary>
public enum ConstraintKind
{
    /// <summary>Results must not have these facet values ("without a machine", "not stretches").</summary>
    ExcludeValues,

    /// <summary>Results must have one of these facet values (the equipment someone says they have).</summary>
    OnlyValues,

    /// <summary>Results whose name contains one of these words are left out ("no crunches", "no floor work").</summary>
    ExcludeNames,

    /// <summary>Results must have one of these words in their name ("seated").</summary>
    RequireNames,
}

/// <summary>
/// A condition the query states rather than a topic it names: applied as a filter (never as a boost), and
/// relaxed, with the response saying so, only when nothing at all satisfies it.
/// </summary>
/// <param name="Phrase">The words of the query that stated it ("without a machine", "all ive got is").</param>
/// <param name="Field">The facet it concerns, for <see cref="ConstraintKind.ExcludeValues"/> and <see cref="ConstraintKind.OnlyValues"/>.</param>
/// <param name="Values">Facet values, or for the name kinds the words of the name (singular: "crunch", "push up").</param>
/// <param name="Reason">Why, when the query gave a reason rather than the thing ("quiet": no jumps).</param>
public sealed record QueryConstraint(ConstraintKind Kind, string Phrase, FacetField? Field, IReadOnlyList<string> Values, string? Reason = null);

using System.ComponentModel.DataAnnotations;

namespace FitnessAssistant.SearchService.Search;

/// <summary>When a query is answered weakly or not at all (section <c>Search:Match</c>).</summary>
public sealed class MatchOptions
{
    public const string Section = "Search:Match";

    /// <summary>
    /// The best cosine similarity (of the active embedding model) below which the nearest exercise is taken as
    /// unrelated to a query that names nothing in the catalog. Calibrated for all-MiniLM-L6-v2 between the highest
    /// of random letter strings and off-topic questions (0.34) and the 5th percentile of the catalog's own
    /// instruction sentences (0.42): docs/search.md, "Knowing when nothing matches". Another model needs its own.
    /// </summary>
    [Range(0.0, 1.0)]
    public double MinSimilarity { get; set; } = 0.37;
}

using System.ComponentModel.DataAnnotations;

namespace FitnessAssistant.SearchService.Retrieval;

/// <summary>
/// Retrieval and ranking (section <c>Search:Retrieval</c>). The defaults are the values tuned on the dev set
/// (docs/search.md gives the measurements).
/// </summary>
public sealed class RetrievalOptions
{
    public const string Section = "Search:Retrieval";

    /// <summary>How many ranked results a query keeps (and pages through).</summary>
    [Range(10, 1000)]
    public int CandidatePool { get; set; } = 200;

    /// <summary>How many hits each retrieval list (semantic, keyword; broad and narrowed) asks for.</summary>
    [Range(10, 1000)]
    public int ListDepth { get; set; } = 100;

    public FusionMethod Fusion { get; set; } = FusionMethod.Rrf;

    /// <summary>The k of reciprocal rank fusion: 1 / (k + rank).</summary>
    [Range(1, 1000)]
    public int RrfK { get; set; } = 60;

    /// <summary>Weight of the semantic (vector) lists in fusion.</summary>
    [Range(0, 10)]
    public double SemanticWeight { get; set; } = 0.5;

    /// <summary>Weight of the keyword lists in fusion.</summary>
    [Range(0, 10)]
    public double KeywordWeight { get; set; } = 1.0;

    /// <summary>Extra weight of lists narrowed by the facets the query names, relative to the broad ones.</summary>
    [Range(0, 10)]
    public double NarrowedWeight { get; set; } = 2.0;

    /// <summary>Weight of the fused retrieval score (scaled to [0, 1]) in the final score.</summary>
    [Range(0, 10)]
    public double RetrievalWeight { get; set; } = 1.0;

    /// <summary>Added when an exercise has a muscle the query names as a primary muscle (half for secondary).</summary>
    [Range(0, 10)]
    public double MuscleBoost { get; set; } = 1.0;

    [Range(0, 1)]
    public double SecondaryMuscleShare { get; set; } = 0.5;

    [Range(0, 10)]
    public double EquipmentBoost { get; set; } = 1.0;

    [Range(0, 10)]
    public double CategoryBoost { get; set; } = 1.0;

    [Range(0, 10)]
    public double LevelBoost { get; set; } = 0.5;

    [Range(0, 10)]
    public double ForceBoost { get; set; } = 0.5;

    [Range(0, 10)]
    public double MechanicBoost { get; set; } = 0.5;

    /// <summary>Added in proportion to the share of the query's content words found in the exercise's name.</summary>
    [Range(0, 10)]
    public double NameBoost { get; set; } = 1.0;
}

public enum FusionMethod
{
    /// <summary>Reciprocal rank fusion: sum of weight / (k + rank) over the lists.</summary>
    Rrf,

    /// <summary>Sum of weight x score, each list's scores scaled to [0, 1] by its best.</summary>
    Weighted,
}

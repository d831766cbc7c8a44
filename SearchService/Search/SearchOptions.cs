using System.ComponentModel.DataAnnotations;

namespace FitnessAssistant.SearchService.Search;

/// <summary>Limits of the public search API (section <c>Search</c>).</summary>
public sealed class SearchOptions
{
    public const string Section = "Search";

    /// <summary>Longest accepted query, in characters.</summary>
    [Range(1, 10_000)]
    public int MaxQueryLength { get; set; } = 200;

    [Range(1, 1000)]
    public int DefaultLimit { get; set; } = 20;

    /// <summary>Largest page a client may ask for.</summary>
    [Range(50, 1000)]
    public int MaxLimit { get; set; } = 100;

    /// <summary>Most values one filter may list.</summary>
    [Range(1, 100)]
    public int MaxFilterValues { get; set; } = 20;
}

namespace FitnessAssistant.SearchService.QueryUnderstanding;

/// <summary>
/// How a query was read: the corrected text, the facets its phrases name (boosts, and filters where they hold)
/// and the remaining content words.
/// </summary>
/// <param name="Original">What the client sent.</param>
/// <param name="Text">Normalized, corrected and rewritten: what the encoder embeds and the cache keys on.</param>
/// <param name="Terms">Content words left once facet phrases and request words are taken out ("curls", "swing").</param>
/// <param name="Facets">Facet values named in the query, each with the phrase that named them.</param>
/// <param name="Corrections">Misspellings that were corrected.</param>
public sealed record ParsedQuery(
    string Original,
    string Text,
    IReadOnlyList<string> Terms,
    IReadOnlyList<RecognizedFacet> Facets,
    IReadOnlyList<SpellingCorrection> Corrections)
{
    /// <summary>
    /// What the encoder embeds: <see cref="Text"/> without the negated parts, which would otherwise pull results
    /// toward exactly what the query rules out ("presses without a machine" is embedded as "presses").
    /// </summary>
    public string SemanticText { get; init; } = Text;

    /// <summary>Conditions the query states (negations, the equipment someone has, reasons): filters, not boosts.</summary>
    public IReadOnlyList<QueryConstraint> Constraints { get; init; } = [];

    /// <summary>The language the query was written in when it was not English ("de", "es", "fr", "it", "pt"), else null.</summary>
    public string? Language { get; init; }

    /// <summary>Per field with a value condition, the values a result may have (the conditions combined).</summary>
    public IReadOnlyDictionary<FacetField, IReadOnlyList<string>> AllowedValues { get; init; } = new Dictionary<FacetField, IReadOnlyList<string>>();

    /// <summary>
    /// The text for keyword search: the content words, the words of single-word facet phrases and the catalog
    /// names of muscles, equipment and categories ("abs" -> "abs abdominals"); levels, forces and mechanics are
    /// not words of an exercise's text and only filter or boost.
    /// </summary>
    public string KeywordText
    {
        get
        {
            var words = new List<string>(Terms);
            foreach (var facet in Facets)
            {
                if (facet.Field is FacetField.Level or FacetField.Force or FacetField.Mechanic)
                {
                    continue;
                }
                if (!facet.Phrase.Contains(' '))
                {
                    words.Add(facet.Phrase);
                }
                words.AddRange(facet.Values.Where(v => v != FacetFields.Unstated));
            }
            return string.Join(' ', words.SelectMany(w => w.Split(' ')).Distinct(StringComparer.Ordinal));
        }
    }

    /// <summary>The values recognised for one field, across all phrases.</summary>
    public IReadOnlyList<string> ValuesOf(FacetField field)
        => Facets.Where(f => f.Field == field).SelectMany(f => f.Values).Distinct(StringComparer.Ordinal).ToList();
}

/// <param name="Phrase">The (corrected) words of the query that named the values.</param>
/// <param name="Values">Catalog values; several when the phrase is broad ("legs", "no equipment").</param>
public sealed record RecognizedFacet(FacetField Field, string Phrase, IReadOnlyList<string> Values);

public sealed record SpellingCorrection(string From, string To);

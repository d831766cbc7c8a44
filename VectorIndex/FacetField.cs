namespace FitnessAssistant.VectorIndex;

/// <summary>The catalog attributes an exercise is filtered (and a query boosted) on; the names are those of the REST filters.</summary>
public enum FacetField
{
    Muscle,
    Equipment,
    Category,
    Level,
    Force,
    Mechanic,
}

public static class FacetFields
{
    /// <summary>
    /// The value that matches exercises which do not state the attribute (free-exercise-db leaves equipment, force
    /// and mechanic empty on some): "no equipment" means body only or none.
    /// </summary>
    public const string Unstated = "none";

    public static IReadOnlyList<FacetField> All { get; } = Enum.GetValues<FacetField>();

    /// <summary>The REST parameter and JSON name of a field: <c>muscle</c>, <c>equipment</c>, ...</summary>
    public static string ParameterName(this FacetField field) => field switch
    {
        FacetField.Muscle => "muscle",
        FacetField.Equipment => "equipment",
        FacetField.Category => "category",
        FacetField.Level => "level",
        FacetField.Force => "force",
        FacetField.Mechanic => "mechanic",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };

    public static bool TryParse(string name, out FacetField field)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.ParameterName(), name, StringComparison.OrdinalIgnoreCase))
            {
                field = candidate;
                return true;
            }
        }
        field = default;
        return false;
    }
}

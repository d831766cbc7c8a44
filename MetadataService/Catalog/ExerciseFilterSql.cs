namespace FitnessAssistant.MetadataService.Catalog;

/// <summary>
/// WHERE clauses for an <see cref="ExerciseFilter"/>, with parameters added to a shared <see cref="DynamicParameters"/>.
/// Only the filters present produce SQL, so the planner sees a query shaped like the request.
/// </summary>
internal static class ExerciseFilterSql
{
    public const string Muscle = "muscle";
    public const string PrimaryMuscle = "primaryMuscle";
    public const string Equipment = "equipment";
    public const string Category = "category";
    public const string Level = "level";
    public const string Force = "force";
    public const string Mechanic = "mechanic";

    public static void AddParameters(ExerciseFilter filter, DynamicParameters parameters)
    {
        parameters.Add("FilterMuscles", filter.Muscles.ToArray());
        parameters.Add("FilterPrimaryMuscles", filter.PrimaryMuscles.ToArray());
        parameters.Add("FilterEquipment", filter.Equipment.ToArray());
        parameters.Add("FilterCategories", filter.Categories.ToArray());
        parameters.Add("FilterLevels", filter.Levels.ToArray());
        parameters.Add("FilterForces", filter.Forces.ToArray());
        parameters.Add("FilterMechanics", filter.Mechanics.ToArray());
    }

    /// <summary>The conditions (joined with AND, "true" when none), leaving out the facet named in <paramref name="except"/>.</summary>
    public static string Where(ExerciseFilter filter, string alias = "e", string? except = null)
    {
        var conditions = new List<string>();
        if (filter.Muscles.Count > 0 && except != Muscle)
        {
            conditions.Add($"({alias}.primary_muscles || {alias}.secondary_muscles) && @FilterMuscles");
        }
        if (filter.PrimaryMuscles.Count > 0 && except != PrimaryMuscle)
        {
            conditions.Add($"{alias}.primary_muscles && @FilterPrimaryMuscles");
        }
        Scalar(filter.Equipment, Equipment, "equipment", "@FilterEquipment");
        Scalar(filter.Categories, Category, "category", "@FilterCategories");
        Scalar(filter.Levels, Level, "level", "@FilterLevels");
        Scalar(filter.Forces, Force, "force", "@FilterForces");
        Scalar(filter.Mechanics, Mechanic, "mechanic", "@FilterMechanics");
        return conditions.Count == 0 ? "true" : string.Join(" AND ", conditions);

        void Scalar(IReadOnlyList<string> values, string facet, string column, string parameter)
        {
            if (values.Count == 0 || except == facet)
            {
                return;
            }
            var matchNone = values.Contains(ExerciseFilter.None) ? $" OR {alias}.{column} IS NULL" : "";
            conditions.Add($"({alias}.{column} = ANY({parameter}){matchNone})");
        }
    }
}

using Npgsql;

namespace FitnessAssistant.VectorIndex.PgVector;

/// <summary>How the version catalogue's and the version tables' rows are read, by both sides of the index.</summary>
internal static class VersionRows
{
    /// <summary>The columns <see cref="ReadAttributes"/> reads, in its order; a query may add its own after them.</summary>
    public const string AttributeColumns = "id, source_version, primary_muscles, secondary_muscles, equipment, category, level, force, mechanic";

    public static ExerciseAttributes ReadAttributes(NpgsqlDataReader reader) => new()
    {
        PrimaryMuscles = reader.GetFieldValue<string[]>(2),
        SecondaryMuscles = reader.GetFieldValue<string[]>(3),
        Equipment = reader.IsDBNull(4) ? null : reader.GetString(4),
        Category = reader.IsDBNull(5) ? null : reader.GetString(5),
        Level = reader.IsDBNull(6) ? null : reader.GetString(6),
        Force = reader.IsDBNull(7) ? null : reader.GetString(7),
        Mechanic = reader.IsDBNull(8) ? null : reader.GetString(8),
    };

    public static IndexVersionState ParseState(string state) => state switch
    {
        "building" => IndexVersionState.Building,
        "ready" => IndexVersionState.Ready,
        "failed" => IndexVersionState.Failed,
        _ => IndexVersionState.Retired,
    };

    public sealed record Description(EmbeddingModel Model, int Dimensions, IndexVersionState State, long MissedChanges = 0);
}

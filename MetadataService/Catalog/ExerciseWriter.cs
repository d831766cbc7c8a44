using FitnessAssistant.Contracts;
using FitnessAssistant.MetadataService.Outbox;

namespace FitnessAssistant.MetadataService.Catalog;

/// <summary>
/// The SQL of catalog writes, each one statement that changes the row and appends its outbox event. Shared by the
/// admin API, the import and the starter catalog, which differ only in how they group writes into transactions.
/// </summary>
internal static class ExerciseWriter
{
    private const string Values = """
        @Name, @Description, @Instructions, @Category, @Level, @Force, @Mechanic, @Equipment,
        @PrimaryMuscles, @SecondaryMuscles, @Aliases, @Source
        """;

    private static readonly string InsertSql = $"""
        WITH written AS (
            INSERT INTO exercises (slug, name, description, instructions, category, level, force, mechanic, equipment,
                                   primary_muscles, secondary_muscles, aliases, source)
            VALUES (@Id, {Values})
            ON CONFLICT ((lower(slug))) DO NOTHING
            RETURNING {ExerciseRow.Columns}
        ),
        {OutboxSql.EventCte(CatalogEventTypes.Upserted)}
        SELECT {ExerciseRow.Columns} FROM written
        """;

    private static readonly string UpdateSql = $"""
        WITH written AS (
            UPDATE exercises
            SET (name, description, instructions, category, level, force, mechanic, equipment,
                 primary_muscles, secondary_muscles, aliases, source) = ({Values}),
                updated_at = now(),
                row_version = nextval('exercise_row_version')
            WHERE lower(slug) = lower(@Id) AND (@ExpectedVersion::bigint IS NULL OR row_version = @ExpectedVersion)
            RETURNING {ExerciseRow.Columns}
        ),
        {OutboxSql.EventCte(CatalogEventTypes.Upserted)}
        SELECT {ExerciseRow.Columns} FROM written
        """;

    // A delete is a change too: its event gets a fresh version so it orders after every earlier write.
    private static readonly string DeleteSql = $"""
        WITH written AS (
            DELETE FROM exercises
            WHERE lower(slug) = lower(@Id) AND (@ExpectedVersion::bigint IS NULL OR row_version = @ExpectedVersion)
            RETURNING slug, nextval('exercise_row_version') AS row_version
        ),
        {OutboxSql.EventCte(CatalogEventTypes.Deleted)}
        SELECT slug FROM written
        """;

    /// <summary>Inserts a new exercise; null when its id is taken (case-insensitively).</summary>
    public static async Task<Exercise?> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        ExerciseDraft draft, string source, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<ExerciseRow>(new CommandDefinition(
            InsertSql, Parameters(draft, source, expectedVersion: null), transaction, cancellationToken: cancellationToken));
        return row?.ToExercise();
    }

    /// <summary>Replaces the content of an exercise at <paramref name="expectedVersion"/> (null: any); null when the id or version does not match.</summary>
    public static async Task<Exercise?> UpdateAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        ExerciseDraft draft, string source, long? expectedVersion, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<ExerciseRow>(new CommandDefinition(
            UpdateSql, Parameters(draft, source, expectedVersion), transaction, cancellationToken: cancellationToken));
        return row?.ToExercise();
    }

    public static async Task<bool> DeleteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        string id, long? expectedVersion, CancellationToken cancellationToken)
    {
        var (traceparent, tracestate) = OutboxSql.CurrentTraceContext();
        var slug = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            DeleteSql, new { Id = id, ExpectedVersion = expectedVersion, Traceparent = traceparent, Tracestate = tracestate },
            transaction, cancellationToken: cancellationToken));
        return slug is not null;
    }

    /// <summary>The stored version of an exercise, or null when there is none.</summary>
    public static Task<long?> CurrentVersionAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string id, CancellationToken cancellationToken)
        => connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "SELECT row_version FROM exercises WHERE lower(slug) = lower(@id)", new { id }, transaction, cancellationToken: cancellationToken));

    private static DynamicParameters Parameters(ExerciseDraft draft, string source, long? expectedVersion)
    {
        var (traceparent, tracestate) = OutboxSql.CurrentTraceContext();
        var parameters = new DynamicParameters(new
        {
            draft.Id,
            draft.Name,
            draft.Description,
            Instructions = draft.Instructions.ToArray(),
            draft.Category,
            draft.Level,
            draft.Force,
            draft.Mechanic,
            draft.Equipment,
            PrimaryMuscles = draft.PrimaryMuscles.ToArray(),
            SecondaryMuscles = draft.SecondaryMuscles.ToArray(),
            Aliases = draft.Aliases.ToArray(),
            Source = source,
            ExpectedVersion = expectedVersion,
            Traceparent = traceparent,
            Tracestate = tracestate,
        });
        return parameters;
    }
}

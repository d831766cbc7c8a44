using System.Reflection;
using Npgsql;

namespace FitnessAssistant.VectorIndex.PgVector;

/// <summary>
/// Applies the embedded, numbered SQL scripts (Schema/*.sql) that are not yet recorded, each in its own
/// transaction, under an advisory lock so that several processes starting together apply each script once.
/// </summary>
internal static class SchemaMigrator
{
    private const long LockKey = 0x7665_6374_6f72; // "vector"

    public static async Task MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var create = new NpgsqlCommand(
            "CREATE TABLE IF NOT EXISTS vector_index_schema (script text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
            connection))
        {
            try
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UniqueViolation)
            {
                // Two processes raced on CREATE TABLE IF NOT EXISTS (its catalog insert is not atomic); one won.
            }
        }

        foreach (var (name, sql) in Scripts())
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction))
            {
                lockCommand.Parameters.Add(new NpgsqlParameter { Value = LockKey });
                await lockCommand.ExecuteNonQueryAsync(cancellationToken);
            }
            await using (var applied = new NpgsqlCommand("SELECT 1 FROM vector_index_schema WHERE script = $1", connection, transaction))
            {
                applied.Parameters.Add(new NpgsqlParameter { Value = name });
                if (await applied.ExecuteScalarAsync(cancellationToken) is not null)
                {
                    await transaction.RollbackAsync(cancellationToken);
                    continue;
                }
            }
            await using (var script = new NpgsqlCommand(sql, connection, transaction))
            {
                await script.ExecuteNonQueryAsync(cancellationToken);
            }
            await using (var record = new NpgsqlCommand("INSERT INTO vector_index_schema (script) VALUES ($1)", connection, transaction))
            {
                record.Parameters.Add(new NpgsqlParameter { Value = name });
                await record.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
    }

    private static IEnumerable<(string Name, string Sql)> Scripts()
    {
        var assembly = Assembly.GetExecutingAssembly();
        const string prefix = "FitnessAssistant.VectorIndex.PgVector.Schema.";
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            yield return (resource[prefix.Length..], reader.ReadToEnd());
        }
    }
}

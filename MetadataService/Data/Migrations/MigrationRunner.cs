using System.Diagnostics;

namespace FitnessAssistant.MetadataService.Data.Migrations;

/// <summary>
/// Brings the catalog schema up to the scripts shipped with this build. Each script runs in its own transaction
/// together with its row in <c>schema_migrations</c>, so a script is either fully applied and recorded or not at
/// all. The caller holds the schema advisory lock (<see cref="AdvisoryLock"/>): a second replica starting at the same moment waits, then
/// finds nothing left to do.
/// </summary>
public sealed class MigrationRunner(ILogger<MigrationRunner> logger)
{
    public async Task<int> MigrateAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version     integer     PRIMARY KEY,
                name        text        NOT NULL,
                checksum    text        NOT NULL,
                applied_at  timestamptz NOT NULL DEFAULT now(),
                duration_ms integer     NOT NULL
            )
            """, cancellationToken: cancellationToken));
        var applied = (await connection.QueryAsync<(int Version, string Checksum)>(new CommandDefinition(
            "SELECT version, checksum FROM schema_migrations", cancellationToken: cancellationToken)))
            .ToDictionary(row => row.Version, row => row.Checksum);

        var known = Migration.Embedded.Select(m => m.Version).ToHashSet();
        var fromTheFuture = applied.Keys.Where(v => !known.Contains(v)).Order().ToList();
        if (fromTheFuture.Count > 0)
        {
            // A newer build migrated this database; running older code against it could corrupt data.
            throw new InvalidOperationException(
                $"The catalog database has migrations this build does not know ({string.Join(", ", fromTheFuture)}): deploy a newer build.");
        }

        var count = 0;
        foreach (var migration in Migration.Embedded)
        {
            if (applied.TryGetValue(migration.Version, out var checksum))
            {
                if (checksum != migration.Checksum)
                {
                    throw new InvalidOperationException(
                        $"Migration {migration.Version:0000}_{migration.Name} was changed after it was applied " +
                        $"(checksum {checksum[..12]} in the database, {migration.Checksum[..12]} now): add a new script instead.");
                }
                continue;
            }
            var watch = Stopwatch.StartNew();
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_migrations (version, name, checksum, duration_ms) VALUES (@Version, @Name, @Checksum, @Duration)",
                new { migration.Version, migration.Name, migration.Checksum, Duration = (int)watch.ElapsedMilliseconds },
                transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            count++;
            logger.LogInformation("Applied migration {MigrationVersion} {MigrationName} in {ElapsedMs} ms",
                migration.Version, migration.Name, watch.ElapsedMilliseconds);
        }
        logger.LogInformation("Catalog schema is at version {SchemaVersion} ({AppliedNow} applied now)",
            Migration.Embedded.Count == 0 ? 0 : Migration.Embedded[^1].Version, count);
        return count;
    }
}

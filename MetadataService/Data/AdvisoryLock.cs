using System.Diagnostics;

namespace FitnessAssistant.MetadataService.Data;

/// <summary>
/// A session-level Postgres advisory lock on its own connection. Released explicitly on dispose: a pooled
/// connection keeps its session (and the lock) alive after Close until it is reused and reset.
/// </summary>
public sealed class AdvisoryLock : IAsyncDisposable
{
    private readonly long _key;

    private AdvisoryLock(NpgsqlConnection connection, long key)
    {
        Connection = connection;
        _key = key;
    }

    /// <summary>The connection that holds the lock; work done on it runs under the lock.</summary>
    public NpgsqlConnection Connection { get; }

    /// <summary>Waits for the lock.</summary>
    public static async Task<AdvisoryLock> AcquireAsync(NpgsqlDataSource dataSource, long key, ILogger logger, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var watch = Stopwatch.StartNew();
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@key)", new { key }, cancellationToken: cancellationToken));
            if (watch.ElapsedMilliseconds > 100)
            {
                logger.LogInformation("Waited {ElapsedMs} ms for advisory lock {LockKey:X} held by another replica", watch.ElapsedMilliseconds, key);
            }
            return new AdvisoryLock(connection, key);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Takes the lock if it is free, or returns null at once.</summary>
    public static async Task<AdvisoryLock?> TryAcquireAsync(NpgsqlDataSource dataSource, long key, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT pg_try_advisory_lock(@key)", new { key }, cancellationToken: cancellationToken)))
            {
                return new AdvisoryLock(connection, key);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Connection.FullState == System.Data.ConnectionState.Open)
            {
                await Connection.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key = _key });
            }
        }
        catch (NpgsqlException)
        {
            // The session is gone, and the lock with it.
        }
        await Connection.DisposeAsync();
    }
}

using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;

namespace FitnessAssistant.MetadataService.Data;

/// <summary>
/// Routes reads to the replica when one is configured, except for a client that has just written: such a client
/// echoes the primary's WAL position it was given after its write (<see cref="Header"/> or cookie), and it is
/// served by the replica only once the replica has replayed that far, otherwise by the primary. Exact, stateless
/// across service replicas, and costs one cheap function call on the replica connection, only for such clients.
/// While the replica lags beyond the threshold or does not answer (<see cref="ReplicaLagMonitor"/>), every read goes
/// to the primary, which also serves every write, so read-your-writes holds without any check.
/// </summary>
public sealed partial class ReadYourWrites(CatalogDataSources dataSources, ReplicaLagMonitor lagMonitor, IMeterFactory meters)
{
    /// <summary>Response header after a write, and the request header (or cookie) a client echoes on its next reads.</summary>
    public const string Header = "X-Catalog-Lsn";
    public const string Cookie = "catalog-lsn";

    /// <summary>A position no replica has reached: the read goes to the primary.</summary>
    public const string PrimaryOnly = "primary";

    private readonly Counter<long> _reads = meters.Create("FitnessAssistant.Metadata").CreateCounter<long>(
        "metadata.catalog.reads", description: "Catalog reads by the database that served them");

    /// <summary>True when the value has the shape of a pg_lsn ("16/B374D848").</summary>
    public static bool IsLsn(string? value) => value is not null && LsnPattern().IsMatch(value);

    /// <summary>The same after writes on connections already closed (an import's batches): one more to the primary.</summary>
    public static async Task<string?> CommittedLsnAsync(CatalogDataSources dataSources, CancellationToken cancellationToken)
    {
        if (dataSources.Replica is null)
        {
            return null;
        }
        await using var primary = await dataSources.Primary.OpenConnectionAsync(cancellationToken);
        return await CommittedLsnAsync(dataSources, primary, cancellationToken);
    }

    /// <summary>The primary's WAL insert position right after a committed write, when there is a replica to catch up.</summary>
    public static async Task<string?> CommittedLsnAsync(CatalogDataSources dataSources, NpgsqlConnection primary, CancellationToken cancellationToken)
        => dataSources.Replica is null
            ? null
            : await primary.ExecuteScalarAsync<string>(new CommandDefinition("SELECT pg_current_wal_insert_lsn()::text", cancellationToken: cancellationToken));

    /// <summary>
    /// A connection for a read that must see everything up to <paramref name="minLsn"/> (null: any recent state).
    /// A malformed position is treated as "unknown", so the read goes to the primary: never stale, never an error.
    /// </summary>
    public async Task<NpgsqlConnection> OpenAsync(string? minLsn, CancellationToken cancellationToken)
    {
        if (dataSources.Replica is not { } replicaSource)
        {
            return await Opened(dataSources.Primary, "primary", cancellationToken);
        }
        if (lagMonitor.ReadsOnPrimary)
        {
            return await Opened(dataSources.Primary, "primary-for-lag", cancellationToken);
        }
        if (minLsn is not null && !IsLsn(minLsn))
        {
            return await Opened(dataSources.Primary, "primary-for-consistency", cancellationToken);
        }
        NpgsqlConnection? replica = null;
        try
        {
            replica = await replicaSource.OpenConnectionAsync(cancellationToken);
            // pg_last_wal_replay_lsn() is NULL on a server that is not in recovery, i.e. a primary: nothing to wait for.
            if (minLsn is not null && !await replica.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT coalesce(pg_last_wal_replay_lsn() >= @minLsn::pg_lsn, true)", new { minLsn }, cancellationToken: cancellationToken)))
            {
                await replica.DisposeAsync();
                return await Opened(dataSources.Primary, "primary-for-consistency", cancellationToken);
            }
        }
        catch (NpgsqlException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Between two samples the replica can die: this read, and the following ones, fall back to the primary.
            if (replica is not null)
            {
                await replica.DisposeAsync();
            }
            lagMonitor.ReplicaFailed(ex);
            return await Opened(dataSources.Primary, "primary-after-replica-error", cancellationToken);
        }
        _reads.Add(1, new KeyValuePair<string, object?>("db", "replica"));
        return replica;
    }

    private async Task<NpgsqlConnection> Opened(NpgsqlDataSource source, string role, CancellationToken cancellationToken)
    {
        _reads.Add(1, new KeyValuePair<string, object?>("db", role));
        return await source.OpenConnectionAsync(cancellationToken);
    }

    [GeneratedRegex("^[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}$")]
    private static partial Regex LsnPattern();
}

using FitnessAssistant.VectorIndex;
using FitnessAssistant.VectorIndex.PgVector;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FitnessAssistant.IntegrationTests.Indexing;

/// <summary>
/// A <see cref="PgVectorIndex"/> on a database of its own (created on the fixture's PostgreSQL, dropped at the end),
/// so a test can switch active versions without disturbing the services that share <c>vectordb</c>.
/// </summary>
internal sealed class ScratchVectorIndex : IAsyncDisposable
{
    private readonly string _adminConnectionString;
    private readonly string _database;
    private readonly NpgsqlDataSource _dataSource;

    private ScratchVectorIndex(string adminConnectionString, string database, VectorIndexOptions options)
    {
        _adminConnectionString = adminConnectionString;
        _database = database;
        ConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = database }.ConnectionString;
        _dataSource = NpgsqlDataSource.Create(ConnectionString);
        Index = new PgVectorIndex(_dataSource, Options.Create(options));
    }

    public PgVectorIndex Index { get; }

    public string ConnectionString { get; }

    public static async Task<ScratchVectorIndex> CreateAsync(string serverConnectionString, VectorIndexOptions? options = null)
    {
        var database = "vectors_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(serverConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
            await create.ExecuteNonQueryAsync();
        }
        var scratch = new ScratchVectorIndex(serverConnectionString, database, options ?? new VectorIndexOptions());
        await scratch.Index.EnsureCreatedAsync();
        return scratch;
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = _dataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

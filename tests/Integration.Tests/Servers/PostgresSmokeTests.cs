using FitnessAssistant.IntegrationTests.Fixtures;
using Npgsql;

namespace FitnessAssistant.IntegrationTests.Servers;

[Collection(SystemCollection.Name)]
public sealed class PostgresSmokeTests(SystemFixture system)
{
    [Fact]
    public async Task Pgvector_cosine_search_uses_an_hnsw_index_and_ranks_nearest_first()
    {
        await using var connection = new NpgsqlConnection(system.VectorDb);
        await connection.OpenAsync();
        await Execute(connection, """
            CREATE EXTENSION IF NOT EXISTS vector;
            DROP TABLE IF EXISTS smoke_items;
            CREATE TABLE smoke_items (id int PRIMARY KEY, embedding vector(3) NOT NULL);
            INSERT INTO smoke_items SELECT i, ('[' || cos(i * 0.1) || ',' || sin(i * 0.1) || ',' || (i % 7) * 0.01 || ']')::vector
              FROM generate_series(1, 500) AS i;
            CREATE INDEX ON smoke_items USING hnsw (embedding vector_cosine_ops);
            ANALYZE smoke_items;
            SET enable_seqscan = off;
            """);

        const string query = "SELECT id FROM smoke_items ORDER BY embedding <=> '[0.5403, 0.8415, 0.03]'::vector LIMIT 3";
        await using var explain = new NpgsqlCommand("EXPLAIN " + query, connection);
        var plan = string.Join('\n', await ReadAll(explain));
        plan.Should().Contain("smoke_items_embedding_idx", "the HNSW index must serve the cosine ORDER BY");

        await using var search = new NpgsqlCommand(query, connection);
        var ids = (await ReadAll(search)).Select(int.Parse).ToList();
        ids.First().Should().Be(10, "row 10 is (cos 1, sin 1, 0.03), exactly the query vector");
    }

    [Fact]
    public async Task A_cancelled_statement_is_logged_as_one_line_without_its_sql()
    {
        // The server logs to its console, which Aspire keeps as the resource's log.
        var before = system.LogText("postgres").Length;
        var marker = $"cancel_marker_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(system.CatalogDb);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT pg_sleep(10) AS {marker}", connection);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var run = async () => await command.ExecuteScalarAsync(cancel.Token);

        await run.Should().ThrowAsync<OperationCanceledException>();
        string written = "";
        for (var attempt = 0; attempt < 100 && !written.Contains("canceling statement"); attempt++)
        {
            await Task.Delay(100);
            written = system.LogText("postgres")[before..];
        }
        written.Should().Contain("canceling statement due to user request");
        written.Should().NotContain(marker, "statements are not echoed into the server log");
    }

    [Fact]
    public async Task Both_service_databases_exist_and_answer()
    {
        foreach (var connectionString in new[] { system.CatalogDb, system.VectorDb })
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT current_database()", connection);
            (await command.ExecuteScalarAsync()).Should().Be(new NpgsqlConnectionStringBuilder(connectionString).Database);
        }
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> ReadAll(NpgsqlCommand command)
    {
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }
        return rows;
    }
}

using System.Text;
using FitnessAssistant.AppHost.LocalServers;
using FitnessAssistant.IntegrationTests.Fixtures;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace FitnessAssistant.IntegrationTests.Servers;

/// <summary>
/// Each service signs in to PostgreSQL and RabbitMQ as its own user with only what it needs (docs/security.md):
/// checked on the running servers with the very connection strings the services' processes were given.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class LeastPrivilegeTests(SystemFixture system)
{
    private const string InsufficientPrivilege = "42501";

    [Fact]
    public async Task Each_service_connects_as_its_own_role_and_no_service_holds_an_administrator_password()
    {
        (await ServiceConnectionAsync("metadata", "catalogdb")).Username.Should().Be("catalog_owner");
        (await ServiceConnectionAsync("indexing", "vectordb")).Username.Should().Be("vector_writer");
        foreach (var replica in system.Search)
        {
            (await ServiceConnectionAsync(replica, "vectordb")).Username.Should().Be("vector_reader");
            (await EnvironmentAsync(replica)).Should().NotContain(v => v.StartsWith("ConnectionStrings__catalogdb") || v.StartsWith("ConnectionStrings__eventbus"));
        }
        new Uri(await ServiceVariableAsync("metadata", "ConnectionStrings__eventbus")).UserInfo.Should().StartWith("metadata:");
        new Uri(await ServiceVariableAsync("indexing", "ConnectionStrings__eventbus")).UserInfo.Should().StartWith("indexing:");

        var superuserPassword = new NpgsqlConnectionStringBuilder(system.Postgres).Password!;
        var brokerAdministratorPassword = Uri.UnescapeDataString(new Uri(system.RabbitMq).UserInfo.Split(':')[1]);
        foreach (var service in system.Services)
        {
            var environment = await EnvironmentAsync(service);
            environment.Should().NotContain(v => v.Contains(superuserPassword), $"{service} must not hold the PostgreSQL superuser's password");
            environment.Should().NotContain(v => v.Contains(brokerAdministratorPassword), $"{service} must not hold the RabbitMQ administrator's password");
        }

        await using var admin = new NpgsqlConnection(system.Postgres);
        await admin.OpenAsync();
        await using var superusers = new NpgsqlCommand(
            "SELECT count(*) FROM pg_roles WHERE rolname IN ('catalog_owner', 'vector_writer', 'vector_reader') AND (rolsuper OR rolcreaterole OR rolcreatedb OR rolreplication)", admin);
        (await superusers.ExecuteScalarAsync()).Should().Be(0L);
    }

    [Fact]
    public async Task Search_reads_the_vector_index_and_can_change_nothing_in_it_nor_read_the_catalog()
    {
        var search = await ServiceConnectionAsync(system.Search[0], "vectordb");
        await using (var connection = new NpgsqlConnection(search.ConnectionString))
        {
            await connection.OpenAsync();
            (await ScalarAsync(connection, "SELECT count(*) FROM vector_index_versions")).Should().BeOfType<long>();
            // A version's table (vectors_<version>), made by the writer at run time after the roles were set up.
            var versionTable = await ScalarAsync(connection,
                @"SELECT relname::text FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' AND relname LIKE 'vectors\_%' LIMIT 1");
            versionTable.Should().BeOfType<string>("indexing has built the index");
            var activeTable = (string)versionTable!;
            (await ScalarAsync(connection, $"SELECT count(*) FROM \"{activeTable}\"")).Should().BeOfType<long>("a table made at run time by the writer is readable too");

            foreach (var statement in new[]
                     {
                         "UPDATE vector_index_state SET epoch = epoch",
                         "DELETE FROM vector_index_versions WHERE false",
                         "INSERT INTO vector_index_schema (script) VALUES ('forged')",
                         $"TRUNCATE \"{activeTable}\"",
                         "CREATE TABLE forged (id int)",
                     })
            {
                (await FailureAsync(connection, statement)).Should().Be(InsufficientPrivilege, statement);
            }
        }
        await ConnectFailureAsync(new NpgsqlConnectionStringBuilder(search.ConnectionString) { Database = "catalogdb" })
            .ContinueWith(t => t.Result.Should().Be(InsufficientPrivilege, "search reads the catalog through metadata's gRPC API, not its tables"));
    }

    [Fact]
    public async Task Metadata_and_indexing_cannot_connect_to_each_others_database()
    {
        var metadata = await ServiceConnectionAsync("metadata", "catalogdb");
        var indexing = await ServiceConnectionAsync("indexing", "vectordb");

        (await ConnectFailureAsync(new NpgsqlConnectionStringBuilder(metadata.ConnectionString) { Database = "vectordb" })).Should().Be(InsufficientPrivilege);
        (await ConnectFailureAsync(new NpgsqlConnectionStringBuilder(indexing.ConnectionString) { Database = "catalogdb" })).Should().Be(InsufficientPrivilege);
    }

    [Fact]
    public async Task Each_owner_owns_every_object_of_its_database_so_its_migrations_can_alter_them()
    {
        foreach (var (database, owner) in new[] { ("catalogdb", "catalog_owner"), ("vectordb", "vector_writer") })
        {
            await using var connection = new NpgsqlConnection(system.PostgresFor(database));
            await connection.OpenAsync();
            var foreign = await ScalarAsync(connection,
                $"SELECT string_agg(relname, ', ') FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'v', 'm', 'S') AND relowner <> '{owner}'::regrole");
            foreign.Should().Be(DBNull.Value, $"everything in {database} belongs to {owner}");
        }
    }

    [Fact]
    public async Task Role_set_up_hands_what_an_older_run_made_as_the_superuser_to_the_owner_and_grants_the_reader()
    {
        // An older state directory: a database whose objects the superuser made, and roles that did not exist yet.
        var database = $"roles_{Guid.NewGuid():N}";
        await using var admin = new NpgsqlConnection(system.Postgres);
        await admin.OpenAsync();
        await ExecuteAsync(admin, $"CREATE DATABASE {database}");
        try
        {
            var owner = $"{database}_owner";
            var reader = $"{database}_reader";
            await using (var old = new NpgsqlConnection(system.PostgresFor(database)))
            {
                await old.OpenAsync();
                await ExecuteAsync(old, """
                    CREATE TABLE items (id serial PRIMARY KEY, name text);
                    CREATE VIEW item_names AS SELECT name FROM items;
                    CREATE FUNCTION item_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM items';
                    CREATE TYPE item_kind AS ENUM ('a', 'b');
                    """);
            }

            await ExecuteAsync(admin, PostgresRoleSql.EnsureLoginRole(owner, "owner-password"));
            await ExecuteAsync(admin, PostgresRoleSql.EnsureLoginRole(reader, "reader-password"));
            await ExecuteAsync(admin, PostgresRoleSql.EnsureLoginRole(owner, "owner-password")); // again: idempotent
            await ExecuteAsync(admin, PostgresRoleSql.OwnDatabase(database, owner));
            await ExecuteAsync(admin, PostgresRoleSql.GrantConnect(database, reader));
            await using (var inDatabase = new NpgsqlConnection(system.PostgresFor(database)))
            {
                await inDatabase.OpenAsync();
                await ExecuteAsync(inDatabase, PostgresRoleSql.TakeOwnership(owner, ["vector"]) + PostgresRoleSql.GrantRead(owner, reader));
                await ExecuteAsync(inDatabase, PostgresRoleSql.TakeOwnership(owner, ["vector"]) + PostgresRoleSql.GrantRead(owner, reader));
            }

            var asOwner = new NpgsqlConnectionStringBuilder(system.PostgresFor(database)) { Username = owner, Password = "owner-password", Pooling = false };
            await using (var connection = new NpgsqlConnection(asOwner.ConnectionString))
            {
                await connection.OpenAsync();
                // A migration's kinds of change, on objects the superuser made.
                await ExecuteAsync(connection, """
                    ALTER TABLE items ADD COLUMN kind item_kind;
                    INSERT INTO items (name) VALUES ('x');
                    CREATE OR REPLACE VIEW item_names AS SELECT name, id FROM items;
                    CREATE OR REPLACE FUNCTION item_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) + 0 FROM items';
                    ALTER TYPE item_kind ADD VALUE 'c';
                    CREATE TABLE later (id int);
                    """);
            }
            var asReader = new NpgsqlConnectionStringBuilder(asOwner.ConnectionString) { Username = reader, Password = "reader-password" };
            await using (var connection = new NpgsqlConnection(asReader.ConnectionString))
            {
                await connection.OpenAsync();
                (await ScalarAsync(connection, "SELECT count(*) FROM items")).Should().Be(1L);
                (await ScalarAsync(connection, "SELECT count(*) FROM later")).Should().Be(0L, "tables the owner makes later are readable too");
                (await FailureAsync(connection, "INSERT INTO items (name) VALUES ('y')")).Should().Be(InsufficientPrivilege);
            }
            (await ConnectFailureAsync(new NpgsqlConnectionStringBuilder(asReader.ConnectionString) { Username = "vector_reader", Password = "wrong" }))
                .Should().NotBeNull();
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(admin, $"DROP DATABASE {database} WITH (FORCE)");
            await ExecuteAsync(admin, $"DROP ROLE IF EXISTS {database}_owner; DROP ROLE IF EXISTS {database}_reader");
        }
    }

    [Fact]
    public async Task Indexing_cannot_publish_catalog_events_and_metadata_can()
    {
        var body = Encoding.UTF8.GetBytes("{}");
        // A routing key nothing is bound to: the event reaches no queue.
        const string Unrouted = "least-privilege.test";

        await using (var metadata = await new ConnectionFactory { Uri = await BrokerUriAsync("metadata") }.CreateConnectionAsync())
        await using (var channel = await metadata.CreateChannelAsync(new CreateChannelOptions(true, true)))
        {
            await channel.BasicPublishAsync("catalog.events", Unrouted, body);
        }

        await using var indexing = await new ConnectionFactory { Uri = await BrokerUriAsync("indexing") }.CreateConnectionAsync();
        await using var forging = await indexing.CreateChannelAsync(new CreateChannelOptions(true, true));
        await FluentActions.Awaiting(async () => await forging.BasicPublishAsync("catalog.events", Unrouted, body)).Should().ThrowAsync<Exception>();
        forging.CloseReason.Should().NotBeNull();
        forging.CloseReason!.ReplyCode.Should().Be(403, forging.CloseReason.ReplyText);
    }

    [Fact]
    public async Task Metadata_cannot_consume_or_delete_indexings_queue()
    {
        await using var metadata = await new ConnectionFactory { Uri = await BrokerUriAsync("metadata") }.CreateConnectionAsync();
        await using (var channel = await metadata.CreateChannelAsync())
        {
            var consume = await FluentActions.Awaiting(() => channel.BasicConsumeAsync("indexing.catalog-changes", false, new AsyncEventingBasicConsumer(channel)))
                .Should().ThrowAsync<OperationInterruptedException>();
            consume.Which.ShutdownReason!.ReplyCode.Should().Be(403);
        }
        await using (var channel = await metadata.CreateChannelAsync())
        {
            var delete = await FluentActions.Awaiting(() => channel.QueueDeleteAsync("indexing.catalog-changes"))
                .Should().ThrowAsync<OperationInterruptedException>();
            delete.Which.ShutdownReason!.ReplyCode.Should().Be(403);
        }
    }

    private async Task<Uri> BrokerUriAsync(string service) => new(await ServiceVariableAsync(service, "ConnectionStrings__eventbus"));

    private async Task<NpgsqlConnectionStringBuilder> ServiceConnectionAsync(string service, string connectionName)
        => new(await ServiceVariableAsync(service, $"ConnectionStrings__{connectionName}")) { Pooling = false };

    private async Task<string> ServiceVariableAsync(string service, string variable)
    {
        var prefix = variable + "=";
        return (await EnvironmentAsync(service)).SingleOrDefault(v => v.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..]
               ?? throw new InvalidOperationException($"{service} has no {variable}.");
    }

    /// <summary>The running service's environment as the kernel holds it: what its code could read.</summary>
    private async Task<string[]> EnvironmentAsync(string service)
    {
        await system.EnsureRunningAsync(service);
        return (await File.ReadAllTextAsync($"/proc/{system.Pid(service)}/environ")).Split('\0');
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The SQLSTATE a statement fails with (null: it succeeded).</summary>
    private static async Task<string?> FailureAsync(NpgsqlConnection connection, string sql)
    {
        try
        {
            await ExecuteAsync(connection, sql);
            return null;
        }
        catch (PostgresException ex)
        {
            return ex.SqlState;
        }
    }

    private static async Task<string?> ConnectFailureAsync(NpgsqlConnectionStringBuilder connectionString)
    {
        connectionString.Pooling = false;
        try
        {
            await using var connection = new NpgsqlConnection(connectionString.ConnectionString);
            await connection.OpenAsync();
            return null;
        }
        catch (PostgresException ex)
        {
            return ex.SqlState;
        }
    }
}

using System.Globalization;
using System.Net;
using FitnessAssistant.IntegrationTests.Fixtures;
using FitnessAssistant.IntegrationTests.Gateway;
using FitnessAssistant.IntegrationTests.Services;
using FitnessAssistant.Metadata.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Npgsql;

namespace FitnessAssistant.IntegrationTests.Metadata;

/// <summary>
/// The AppHost's streaming replica (<c>postgres-replica</c>) as metadata's catalogdb-read: the AppHost's own metadata
/// reads from it, and, for the lag and outage cases, an extra metadata service on a database of its own, with its own
/// thresholds. Replay on the replica is paused so that it is provably behind: plain reads then show the old state
/// (they are served by the replica), while a client that echoes the X-Catalog-Lsn it got from its write sees its write
/// (served by the primary). The replica lag gauge follows: under a second while streaming, growing while paused, back
/// under a second once resumed. Above ReplicaLag:PrimaryAbove, or with the replica down, every read goes to the
/// primary until the replica is back.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class ReadReplicaTests(SystemFixture system)
{
    private const string LagSeries = "fitness_metadata_replica_lag_seconds";
    private const string BypassedSeries = "fitness_metadata_replica_bypassed";
    private const string ReadsSeries = "metadata_catalog_reads_total";

    [Fact]
    public async Task The_AppHost_metadata_serves_plain_reads_from_the_AppHost_replica_and_the_writer_reads_its_write()
    {
        await system.EnsureRunningAsync(SystemFixture.Replica);
        await system.EnsureRunningAsync("metadata");
        var metadata = system.Endpoint("metadata");
        var replica = await system.ConnectionStringAsync(SystemFixture.Replica);
        // The writer keeps cookies (as a browser would); the reader is a different client without any token.
        using var writer = system.WithAdminToken(new HttpClient { BaseAddress = metadata });
        using var reader = system.WithAdminToken(new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = metadata });
        var id = MetadataApi.UniqueId("apphostreplica");
        using var created = await writer.PostAsync("/api/v1/admin/exercises", MetadataApi.Json(MetadataApi.Exercise(id, "AppHost Replica Original")));
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        created.Headers.GetValues("X-Catalog-Lsn").Single().Should().MatchRegex("^[0-9A-F]+/[0-9A-F]+$", "metadata has a replica to catch up");
        await EventuallyAsync(async () => (await reader.GetAsync($"/api/v1/exercises/{id}")).StatusCode == HttpStatusCode.OK);
        await EventuallyAsync(() => ReplicaCheckAsync(metadata), check => check.Status == "Healthy");
        var onReplica = await ReadsAsync(metadata, "replica");
        for (var i = 0; i < 3; i++)
        {
            (await NameAsync(reader, id, token: null)).Should().Be("AppHost Replica Original");
        }
        (await ReadsAsync(metadata, "replica")).Should().BeGreaterThanOrEqualTo(onReplica + 3, "plain reads are served by the replica");

        // Paused (well within the 5 s after which metadata would move reads to the primary): the replica's old state.
        await PauseReplayAsync(replica, "catalogdb");
        try
        {
            using var updated = await writer.SendAsync(MetadataApi.Request(HttpMethod.Put, $"/api/v1/admin/exercises/{id}",
                MetadataApi.Exercise(id, "AppHost Replica Updated"), ifMatch: created.Headers.ETag!.Tag));
            updated.StatusCode.Should().Be(HttpStatusCode.OK);
            var lsn = updated.Headers.GetValues("X-Catalog-Lsn").Single();
            (await NameAsync(reader, id, token: null)).Should().Be("AppHost Replica Original", "a plain read is served by the paused replica");
            (await NameAsync(writer, id, token: null)).Should().Be("AppHost Replica Updated", "the writer's cookie carries its write's position");
            (await NameAsync(reader, id, token: lsn)).Should().Be("AppHost Replica Updated", "a read carrying the write's position sees the write");
        }
        finally
        {
            await ReplicaAsync(replica, "catalogdb", "SELECT pg_wal_replay_resume()");
        }
        await EventuallyAsync(async () => await NameAsync(reader, id, token: null) == "AppHost Replica Updated");
    }

    [Fact]
    public async Task Reads_go_to_the_replica_and_a_client_that_just_wrote_reads_its_write()
    {
        // Far above anything this test waits for: the paused replica must keep serving plain reads throughout.
        await using var setup = await StartAsync(primaryAbove: "00:10:00");
        var (replica, metadata, database) = setup;
        // The writer keeps cookies (as a browser would); "other" is a different client without any token.
        using var http = system.WithAdminToken(new HttpClient { BaseAddress = metadata.Endpoint() });
        using var other = system.WithAdminToken(new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = metadata.Endpoint() });
        var id = MetadataApi.UniqueId("replica");
        using var created = await http.PostAsync("/api/v1/admin/exercises", MetadataApi.Json(MetadataApi.Exercise(id, "Replica Original")));
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        created.Headers.GetValues("X-Catalog-Lsn").Single().Should().MatchRegex("^[0-9A-F]+/[0-9A-F]+$");
        await EventuallyAsync(async () => (await other.GetAsync($"/api/v1/exercises/{id}")).StatusCode == HttpStatusCode.OK);
        await MetricsScrape.EventuallyAsync(metadata.Endpoint(), LagSeries, lag => lag < 1, TimeSpan.FromSeconds(20),
            "a streaming replica keeps up within a second");

        await PauseReplayAsync(replica, database);
        using var updated = await http.SendAsync(MetadataApi.Request(HttpMethod.Put, $"/api/v1/admin/exercises/{id}",
            MetadataApi.Exercise(id, "Replica Updated"), ifMatch: created.Headers.ETag!.Tag));
        updated.StatusCode.Should().Be(HttpStatusCode.OK);
        var lsn = updated.Headers.GetValues("X-Catalog-Lsn").Single();

        (await NameAsync(other, id, token: null)).Should().Be("Replica Original", "a plain read is served by the paused replica");
        (await NameAsync(other, id, token: lsn)).Should().Be("Replica Updated", "a read carrying the write's position sees the write");
        (await NameAsync(http, id, token: null)).Should().Be("Replica Updated", "the writer's cookie carries the position too");
        (await NameAsync(other, id, token: "garbage")).Should().Be("Replica Updated", "an unreadable token falls back to the primary");

        // What ReplicaLagHigh reads: while replay is paused, the lag grows with the clock.
        var lag = await MetricsScrape.EventuallyAsync(metadata.Endpoint(), LagSeries, value => value >= 1, TimeSpan.FromSeconds(20),
            "the paused replica has not replayed the update");
        await Task.Delay(TimeSpan.FromSeconds(2));
        (await MetricsScrape.ValueAsync(metadata.Endpoint(), LagSeries)).Should().BeGreaterThanOrEqualTo(lag + 1.5);

        await ReplicaAsync(replica, database, "SELECT pg_wal_replay_resume()");
        await EventuallyAsync(async () => await NameAsync(other, id, token: null) == "Replica Updated");
        await MetricsScrape.EventuallyAsync(metadata.Endpoint(), LagSeries, value => value < 1, TimeSpan.FromSeconds(20),
            "the resumed replica caught up");
    }

    [Fact]
    public async Task Through_the_gateway_only_an_admin_caller_can_send_reads_to_the_primary_with_a_consistency_token()
    {
        await using var setup = await StartAsync(primaryAbove: "00:10:00");
        var (replica, metadata, database) = setup;
        var credentials = system.GatewayCredentials;
        await using var gateway = await system.StartExtraAsync(SystemFixture.ExtraGateways[0],
            new Dictionary<string, string> { ["services__metadata__http__0"] = metadata.Endpoint().ToString() });
        var id = MetadataApi.UniqueId("forged");
        {
            using var http = system.WithAdminToken(new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = metadata.Endpoint() });
            using var created = await http.PostAsync("/api/v1/admin/exercises", MetadataApi.Json(MetadataApi.Exercise(id, "Forged Original")));
            created.StatusCode.Should().Be(HttpStatusCode.Created);
            await EventuallyAsync(async () => (await http.GetAsync($"/api/v1/exercises/{id}")).StatusCode == HttpStatusCode.OK);
            await PauseReplayAsync(replica, database);
            using var updated = await http.SendAsync(MetadataApi.Request(HttpMethod.Put, $"/api/v1/admin/exercises/{id}",
                MetadataApi.Exercise(id, "Forged Updated"), ifMatch: created.Headers.ETag!.Tag));
            updated.StatusCode.Should().Be(HttpStatusCode.OK);
            var lsn = updated.Headers.GetValues("X-Catalog-Lsn").Single();
            var admin = credentials.MintToken("ops", ["admin"], TimeSpan.FromMinutes(5));

            (await NameThroughGatewayAsync(apiKey: credentials.ApiKey, bearer: null, header: lsn, cookie: null))
                .Should().Be("Forged Original", "an API key's consistency header is stripped: the read stays on the replica");
            (await NameThroughGatewayAsync(apiKey: credentials.ApiKey, bearer: null, header: null, cookie: lsn))
                .Should().Be("Forged Original", "an API key's consistency cookie is stripped too");
            (await NameThroughGatewayAsync(apiKey: null, bearer: admin, header: lsn, cookie: null))
                .Should().Be("Forged Updated", "an admin reads its own write");
            await ReplicaAsync(replica, database, "SELECT pg_wal_replay_resume()");
        }

        async Task<string> NameThroughGatewayAsync(string? apiKey, string? bearer, string? header, string? cookie)
        {
            using var response = await GatewayRequests.SendAsync(gateway.Endpoint(), HttpMethod.Get, $"/api/v1/exercises/{id}", apiKey, bearer, request =>
            {
                if (header is not null)
                {
                    request.Headers.Add("X-Catalog-Lsn", header);
                }
                if (cookie is not null)
                {
                    request.Headers.Add("Cookie", $"theme=dark; catalog-lsn={cookie}");
                }
            });
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            return (await response.ReadObjectAsync())["name"]!.GetValue<string>();
        }
    }

    [Fact]
    public async Task Reads_move_to_the_primary_while_the_replica_lags_past_the_threshold_and_return_once_it_caught_up()
    {
        await using var setup = await StartAsync(primaryAbove: "00:00:03");
        var (replica, metadata, database) = setup;
        // No cookies and no X-Catalog-Lsn anywhere: only the lag decides where these reads go.
        using var http = system.WithAdminToken(new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = metadata.Endpoint() });
        using var channel = system.ServiceChannel(metadata.Endpoint("grpc"));
        var grpc = new MetadataGrpcClient(channel);
        var id = MetadataApi.UniqueId("lagging");
        using var created = await http.PostAsync("/api/v1/admin/exercises", MetadataApi.Json(MetadataApi.Exercise(id, "Lag Original")));
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        await EventuallyAsync(async () => (await http.GetAsync($"/api/v1/exercises/{id}")).StatusCode == HttpStatusCode.OK);
        (await ReplicaCheckAsync(metadata)).Status.Should().Be("Healthy");

        var pausedAt = DateTime.UtcNow;
        await PauseReplayAsync(replica, database);
        using var updated = await http.SendAsync(MetadataApi.Request(HttpMethod.Put, $"/api/v1/admin/exercises/{id}",
            MetadataApi.Exercise(id, "Lag Updated"), ifMatch: created.Headers.ETag!.Tag));
        updated.StatusCode.Should().Be(HttpStatusCode.OK);
        var lsn = updated.Headers.GetValues("X-Catalog-Lsn").Single();
        (await NameAsync(http, id, token: null)).Should().Be("Lag Original", "below the threshold the paused replica still serves");

        var degraded = await EventuallyAsync(() => ReplicaCheckAsync(metadata), check => check.Status == "Degraded");
        (DateTime.UtcNow - pausedAt).Should().BeGreaterThan(TimeSpan.FromSeconds(2.9), "reads move only once the lag is above 3 s");
        degraded.Description.Should().Contain("Catalog reads go to the primary: the read replica lags");
        using (var health = await http.GetAsync("/health"))
        {
            health.StatusCode.Should().Be(HttpStatusCode.OK, "the primary serves every read: degraded, still ready");
            (await health.ReadObjectAsync())["status"]!.GetValue<string>().Should().Be("Degraded");
        }
        (await MetricsScrape.ValueAsync(metadata.Endpoint(), BypassedSeries)).Should().Be(1);
        (await MetricsScrape.ValueAsync(metadata.Endpoint(), LagSeries)).Should().BeGreaterThan(3);

        var onPrimaryBefore = await ReadsAsync(metadata, "primary-for-lag");
        (await NameAsync(http, id, token: null)).Should().Be("Lag Updated", "REST reads come from the primary now");
        (await grpc.GetExercisesAsync(new GetExercisesRequest { Ids = { id } })).Exercises.Single().Name
            .Should().Be("Lag Updated", "gRPC reads come from the primary now");
        (await NameAsync(http, id, token: lsn)).Should().Be("Lag Updated", "read-your-writes holds (the primary has every write)");
        (await ReadsAsync(metadata, "primary-for-lag")).Should().BeGreaterThanOrEqualTo(onPrimaryBefore + 3);
        (await NameAsync(http, id, token: null)).Should().Be("Lag Updated", "still above the threshold: no flapping back");

        await ReplicaAsync(replica, database, "SELECT pg_wal_replay_resume()");
        var recovered = await EventuallyAsync(() => ReplicaCheckAsync(metadata), check => check.Status == "Healthy");
        recovered.Description.Should().StartWith("Catalog reads go to the read replica");
        (await MetricsScrape.ValueAsync(metadata.Endpoint(), BypassedSeries)).Should().Be(0);

        var onReplicaBefore = await ReadsAsync(metadata, "replica");
        onPrimaryBefore = await ReadsAsync(metadata, "primary-for-lag");
        (await NameAsync(http, id, token: null)).Should().Be("Lag Updated");
        (await grpc.GetExercisesAsync(new GetExercisesRequest { Ids = { id } })).Exercises.Single().Name.Should().Be("Lag Updated");
        (await ReadsAsync(metadata, "replica")).Should().BeGreaterThanOrEqualTo(onReplicaBefore + 2);
        (await ReadsAsync(metadata, "primary-for-lag")).Should().Be(onPrimaryBefore);

        // And the data says so too: paused again, the replica (below the threshold) serves the state it has.
        await PauseReplayAsync(replica, database);
        using var again = await http.SendAsync(MetadataApi.Request(HttpMethod.Put, $"/api/v1/admin/exercises/{id}",
            MetadataApi.Exercise(id, "Lag Again"), ifMatch: updated.Headers.ETag!.Tag));
        again.StatusCode.Should().Be(HttpStatusCode.OK);
        (await NameAsync(http, id, token: null)).Should().Be("Lag Updated", "plain reads are back on the replica");
        await ReplicaAsync(replica, database, "SELECT pg_wal_replay_resume()");
    }

    [Fact]
    public async Task Reads_move_to_the_primary_while_the_replica_is_down_and_return_when_it_is_back()
    {
        await using var setup = await StartAsync(primaryAbove: "00:00:05");
        var (replica, metadata, _) = setup;
        using var http = system.WithAdminToken(new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = metadata.Endpoint() });
        using var channel = system.ServiceChannel(metadata.Endpoint("grpc"));
        var grpc = new MetadataGrpcClient(channel);
        var id = MetadataApi.UniqueId("downreplica");
        using var created = await http.PostAsync("/api/v1/admin/exercises", MetadataApi.Json(MetadataApi.Exercise(id, "Down Original")));
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        await EventuallyAsync(async () => (await http.GetAsync($"/api/v1/exercises/{id}")).StatusCode == HttpStatusCode.OK);
        await EventuallyAsync(() => ReplicaCheckAsync(metadata), check => check.Status == "Healthy");

        // Nothing is written while it is down, so the measured lag stays 0: unreachable must count by itself.
        await system.StopAsync(SystemFixture.Replica);
        var degraded = await EventuallyAsync(() => ReplicaCheckAsync(metadata), check => check.Status == "Degraded");
        degraded.Description.Should().Contain("the read replica is unreachable");
        var onPrimaryBefore = await ReadsAsync(metadata, "primary-for-lag");
        (await NameAsync(http, id, token: null)).Should().Be("Down Original");
        (await grpc.GetExercisesAsync(new GetExercisesRequest { Ids = { id } })).Exercises.Single().Name.Should().Be("Down Original");
        using (var search = await http.GetAsync($"/api/v1/exercises/search?q={Uri.EscapeDataString("Down Original")}"))
        {
            search.StatusCode.Should().Be(HttpStatusCode.OK);
        }
        (await ReadsAsync(metadata, "primary-for-lag")).Should().BeGreaterThanOrEqualTo(onPrimaryBefore + 3,
            "once the replica is known to be down, reads do not even try it");

        await system.StartAsync(SystemFixture.Replica);
        await EventuallyAsync(() => ReplicaCheckAsync(metadata), check => check.Status == "Healthy");
        var onReplicaBefore = await ReadsAsync(metadata, "replica");
        for (var i = 0; i < 3; i++)
        {
            (await NameAsync(http, id, token: null)).Should().Be("Down Original", "the first reads after the replica returns do not fail");
        }
        (await ReadsAsync(metadata, "replica")).Should().BeGreaterThanOrEqualTo(onReplicaBefore + 3);
    }

    [Fact]
    public async Task A_read_that_finds_the_replica_gone_moves_reads_to_the_primary_without_waiting_for_a_sample()
    {
        // One sample at start-up, the next in 10 minutes: whatever moves reads here is the read path itself.
        await using var setup = await StartAsync(primaryAbove: "00:20:00", sampleInterval: "00:10:00");
        var (replica, metadata, _) = setup;
        using var http = system.WithAdminToken(new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = metadata.Endpoint() });
        using var channel = system.ServiceChannel(metadata.Endpoint("grpc"));
        var grpc = new MetadataGrpcClient(channel);
        var id = MetadataApi.UniqueId("gonereplica");
        using var created = await http.PostAsync("/api/v1/admin/exercises", MetadataApi.Json(MetadataApi.Exercise(id, "Gone Original")));
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        await EventuallyAsync(async () => (await http.GetAsync($"/api/v1/exercises/{id}")).StatusCode == HttpStatusCode.OK);
        await EventuallyAsync(() => ReplicaCheckAsync(metadata), check => check.Status == "Healthy");

        await system.StopAsync(SystemFixture.Replica);
        // Connections pooled before the stop died with the server, and the pool hands them out untested: each costs
        // one failed (retryable) read. The first read that has to open a connection finds the replica gone.
        var failures = 0;
        while (true)
        {
            try
            {
                (await grpc.GetExercisesAsync(new GetExercisesRequest { Ids = { id } })).Exercises.Single().Name.Should().Be("Gone Original");
                break;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable && ++failures <= 3)
            {
            }
        }
        var fellBack = await ReadsAsync(metadata, "primary-after-replica-error");
        fellBack.Should().BeGreaterThanOrEqualTo(1, "the read that found the replica gone was served by the primary");
        (await ReplicaCheckAsync(metadata)).Description.Should().Contain("the read replica is unreachable");
        (await NameAsync(http, id, token: null)).Should().Be("Gone Original");
        (await grpc.GetExercisesAsync(new GetExercisesRequest { Ids = { id } })).Exercises.Single().Name.Should().Be("Gone Original");
        (await ReadsAsync(metadata, "primary-after-replica-error")).Should().Be(fellBack, "the following reads skip the replica");
        (await ReadsAsync(metadata, "primary-for-lag")).Should().BeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public async Task A_replica_that_hangs_counts_as_unreachable_after_the_sample_timeout()
    {
        await using var setup = await StartAsync(primaryAbove: "00:00:05");
        var (replica, metadata, _) = setup;
        // A hung server is the partition case: connections neither fail nor answer (Npgsql would wait 15-30 s).
        using var http = system.WithAdminToken(new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = metadata.Endpoint(), Timeout = TimeSpan.FromSeconds(5) });
        var id = MetadataApi.UniqueId("hungreplica");
        using var created = await http.PostAsync("/api/v1/admin/exercises", MetadataApi.Json(MetadataApi.Exercise(id, "Hung Original")));
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        await EventuallyAsync(async () => (await http.GetAsync($"/api/v1/exercises/{id}")).StatusCode == HttpStatusCode.OK);
        await EventuallyAsync(() => ReplicaCheckAsync(metadata), check => check.Status == "Healthy");

        SignalReplica(system, SigStop);
        try
        {
            var degraded = await EventuallyAsync(() => ReplicaCheckAsync(metadata), check => check.Status == "Degraded");
            degraded.Description.Should().Contain("the read replica is unreachable (no answer within 1 s)");
            var onPrimaryBefore = await ReadsAsync(metadata, "primary-for-lag");
            (await NameAsync(http, id, token: null)).Should().Be("Hung Original");
            (await NameAsync(http, id, token: null)).Should().Be("Hung Original");
            (await ReadsAsync(metadata, "primary-for-lag")).Should().BeGreaterThanOrEqualTo(onPrimaryBefore + 2);
        }
        finally
        {
            SignalReplica(system, SigCont);
        }
        await EventuallyAsync(() => ReplicaCheckAsync(metadata), check => check.Status == "Healthy");
    }

    /// <summary>
    /// A database on the AppHost's primary, streamed to the AppHost's replica, and an extra metadata service reading from
    /// both with the test's thresholds.
    /// </summary>
    private async Task<ReplicaSetup> StartAsync(string primaryAbove, string sampleInterval = "00:00:00.250")
    {
        var database = $"catalog_replica_{Guid.NewGuid():N}"[..32];
        await using (var admin = new NpgsqlConnection(system.Postgres))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
            await create.ExecuteNonQueryAsync();
        }
        const string replica = SystemFixture.Replica;
        await system.EnsureRunningAsync(replica);
        var replicaServer = await system.ConnectionStringAsync(replica);
        // The new database reaches the replica with the WAL that created it.
        await EventuallyAsync(async () =>
        {
            await using var connection = new NpgsqlConnection(ConnectionStringFor(replicaServer, database));
            try
            {
                await connection.OpenAsync();
                return true;
            }
            catch (PostgresException)
            {
                return false;
            }
        });
        var metadata = await system.StartExtraAsync(SystemFixture.ExtraMetadata, new Dictionary<string, string>
        {
            ["ConnectionStrings__catalogdb"] = system.PostgresFor(database),
            ["ConnectionStrings__catalogdb-read"] = ConnectionStringFor(replicaServer, database),
            ["ReplicaLag__SampleInterval"] = sampleInterval,
            ["ReplicaLag__PrimaryAbove"] = primaryAbove,
        });
        return new ReplicaSetup(replicaServer, metadata, database) { System = system };
    }

    private static string ConnectionStringFor(string server, string database) => new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;

    /// <param name="Replica">The replica server's connection string.</param>
    private sealed record ReplicaSetup(string Replica, ExtraInstance Metadata, string Database) : IAsyncDisposable
    {
        public required SystemFixture System { get; init; }

        public async ValueTask DisposeAsync()
        {
            await Metadata.DisposeAsync();
            // The replica serves the next test: running, not frozen, replaying.
            await System.EnsureRunningAsync(SystemFixture.Replica);
            SignalReplica(System, SigCont);
            // Pooled connections to a replica the test stopped died with it.
            NpgsqlConnection.ClearAllPools();
            await ReplicaAsync(Replica, Database, "SELECT pg_wal_replay_resume()");
        }
    }

    private const int SigCont = 18;
    private const int SigStop = 19;

    /// <summary>Freezes or thaws the replica: its postmaster (first, so it forks nothing new) and every backend it forked.</summary>
    private static void SignalReplica(SystemFixture system, int signal)
    {
        // The resource's process is the launcher; the postmaster is its child.
        var postmaster = Children(system.Pid(SystemFixture.Replica)).Single();
        Posix.Signal(postmaster, signal);
        foreach (var backend in Children(postmaster))
        {
            Posix.Signal(backend, signal);
        }
    }

    private static IEnumerable<int> Children(int parent)
    {
        foreach (var process in Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
        {
            string text;
            try
            {
                text = File.ReadAllText(Path.Combine(process, "stat"));
            }
            catch (IOException)
            {
                continue; // exited meanwhile
            }
            // "pid (comm) state ppid ...": comm may contain spaces, so fields are counted after the last ')'.
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            if (int.Parse(fields[1], CultureInfo.InvariantCulture) == parent)
            {
                yield return int.Parse(text[..text.IndexOf(' ')], CultureInfo.InvariantCulture);
            }
        }
    }

    private sealed record HealthCheck(string Status, string Description);

    private static Task<HealthCheck> ReplicaCheckAsync(ExtraInstance metadata) => ReplicaCheckAsync(metadata.Endpoint());

    private static async Task<HealthCheck> ReplicaCheckAsync(Uri metadata)
    {
        using var http = new HttpClient { BaseAddress = metadata };
        using var response = await http.GetAsync("/health");
        var check = (await response.ReadObjectAsync())["checks"]!["catalogdb-read"]!;
        return new HealthCheck(check["status"]!.GetValue<string>(), check["description"]!.GetValue<string>());
    }

    private static Task<double> ReadsAsync(ExtraInstance metadata, string db) => ReadsAsync(metadata.Endpoint(), db);

    private static async Task<double> ReadsAsync(Uri metadata, string db)
        => await MetricsScrape.ValueAsync(metadata, ReadsSeries, $"db=\"{db}\"") ?? 0;

    private static async Task<string> NameAsync(HttpClient http, string id, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/exercises/{id}");
        if (token is not null)
        {
            request.Headers.Add("X-Catalog-Lsn", token);
        }
        using var response = await http.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return (await response.ReadObjectAsync())["name"]!.GetValue<string>();
    }

    /// <summary>
    /// Pausing is only a request until the replica's startup process meets the next WAL record, so emit records on
    /// the primary until the replica reports it has really paused.
    /// </summary>
    private async Task PauseReplayAsync(string replica, string database)
    {
        await ReplicaAsync(replica, database, "SELECT pg_wal_replay_pause()");
        await using var primary = new NpgsqlConnection(system.PostgresFor(database));
        await primary.OpenAsync();
        await EventuallyAsync(async () =>
        {
            await using (var emit = new NpgsqlCommand("SELECT pg_logical_emit_message(false, 'replica-test', 'wake up')", primary))
            {
                await emit.ExecuteNonQueryAsync();
            }
            await using var connection = new NpgsqlConnection(ConnectionStringFor(replica, database));
            await connection.OpenAsync();
            await using var state = new NpgsqlCommand("SELECT pg_get_wal_replay_pause_state()", connection);
            return (string)(await state.ExecuteScalarAsync())! == "paused";
        });
    }

    private static async Task ReplicaAsync(string replica, string database, string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionStringFor(replica, database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var value = await probe();
            if (condition(value))
            {
                return value;
            }
            DateTime.UtcNow.Should().BeBefore(deadline, $"the replica's state should change (last: {value})");
            await Task.Delay(100);
        }
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the replica should catch up");
            await Task.Delay(100);
        }
    }
}

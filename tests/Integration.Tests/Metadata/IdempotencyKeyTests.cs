using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using FitnessAssistant.IntegrationTests.Fixtures;
using Npgsql;
using Xunit.Abstractions;
using static FitnessAssistant.IntegrationTests.Gateway.GatewayRequests;

namespace FitnessAssistant.IntegrationTests.Metadata;

/// <summary>
/// Admin writes with an Idempotency-Key through the real gateway to the real metadata service and its PostgreSQL:
/// retries replay the first outcome, a reused key is refused, a key in flight is 409, and a create whose answer
/// was lost when the service was SIGKILLed is found again by its key instead of being written twice.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class IdempotencyKeyTests(SystemFixture system, ITestOutputHelper output) : IAsyncLifetime
{
    private const string AdminPath = "/api/v1/admin/exercises";
    private const int SigStop = 19;
    private const int SigCont = 18;

    private string _adminToken = "";

    public async Task InitializeAsync()
    {
        // The whole system with the catalog imported and indexed first: an indexing service started before the
        // import would build its first index version from a catalog about to grow, and fail to verify it.
        await Search.SearchSystem.EnsureReadyAsync(system);
        _adminToken = system.GatewayCredentials.MintToken("ops", ["admin"], TimeSpan.FromMinutes(30), plan: "developer");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_retry_with_the_same_key_and_body_answers_the_first_outcome_and_writes_once()
    {
        var id = MetadataApi.UniqueId("idem-create");
        var key = Guid.NewGuid().ToString();
        var body = MetadataApi.Exercise(id, "Idempotent Press");

        using var first = await WriteAsync(HttpMethod.Post, AdminPath, body, key);
        using var retry = await WriteAsync(HttpMethod.Post, AdminPath, body, key);

        var firstBody = await first.Content.ReadAsStringAsync();
        first.StatusCode.Should().Be(HttpStatusCode.Created, firstBody);
        first.Headers.Contains("Idempotent-Replayed").Should().BeFalse();
        retry.StatusCode.Should().Be(HttpStatusCode.Created);
        retry.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        (await retry.Content.ReadAsStringAsync()).Should().Be(firstBody);
        retry.Headers.Location.Should().Be(first.Headers.Location);
        retry.Headers.ETag.Should().Be(first.Headers.ETag);
        (await CountAsync(id)).Should().Be(1);

        // The same key with another body is refused, and writes nothing.
        var other = MetadataApi.Exercise(id + "-2", "Another Press");
        using var reused = await WriteAsync(HttpMethod.Post, AdminPath, other, key);
        (await reused.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("detail").GetString().Should().Contain("different request");
        (await CountAsync(id + "-2")).Should().Be(0);

        // Without a key a second create is the plain duplicate it always was.
        using var unkeyed = await WriteAsync(HttpMethod.Post, AdminPath, body, key: null);
        await unkeyed.ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_retried_update_replays_its_answer_where_it_would_otherwise_fail_its_precondition()
    {
        var id = MetadataApi.UniqueId("idem-update");
        using var http = await MetadataApi.ClientAsync(system);
        var etag = await MetadataApi.CreateAsync(http, MetadataApi.Exercise(id, "Update Me"));
        var key = Guid.NewGuid().ToString("N");
        var renamed = MetadataApi.Exercise(id, "Updated Once");

        using var first = await WriteAsync(HttpMethod.Put, $"{AdminPath}/{id}", renamed, key, etag);
        using var retry = await WriteAsync(HttpMethod.Put, $"{AdminPath}/{id}", renamed, key, etag);
        using var unkeyed = await WriteAsync(HttpMethod.Put, $"{AdminPath}/{id}", renamed, key: null, etag);

        var firstBody = await first.Content.ReadAsStringAsync();
        first.StatusCode.Should().Be(HttpStatusCode.OK, firstBody);
        retry.StatusCode.Should().Be(HttpStatusCode.OK);
        retry.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        (await retry.Content.ReadAsStringAsync()).Should().Be(firstBody);
        retry.Headers.ETag.Should().Be(first.Headers.ETag);
        await unkeyed.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task A_malformed_key_is_a_problem_and_a_key_in_flight_is_a_conflict()
    {
        var id = MetadataApi.UniqueId("idem-flight");
        var body = MetadataApi.Exercise(id, "In Flight Press");
        foreach (var bad in new[] { "short", new string('k', 129), "has spaces in the key ok" })
        {
            using var refused = await WriteAsync(HttpMethod.Post, AdminPath, body, bad);
            (await refused.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("title").GetString().Should().Contain("Idempotency-Key");
        }

        // Another request holding the key (its transaction's lock, as the service takes it) is in flight.
        var key = Guid.NewGuid().ToString();
        await using (var connection = new NpgsqlConnection(system.CatalogDb))
        {
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using (var hold = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended('idempotency-key:' || @key, 0))", connection, transaction))
            {
                hold.Parameters.AddWithValue("key", key);
                await hold.ExecuteNonQueryAsync();
            }
            using var inFlight = await WriteAsync(HttpMethod.Post, AdminPath, body, key);
            (await inFlight.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString().Should().Contain("still being processed");
        }
        (await CountAsync(id)).Should().Be(0);

        using var afterwards = await WriteAsync(HttpMethod.Post, AdminPath, body, key);
        afterwards.StatusCode.Should().Be(HttpStatusCode.Created);
        (await CountAsync(id)).Should().Be(1);
    }

    [Fact]
    public async Task Concurrent_requests_with_one_key_write_once_and_each_answer_is_the_outcome_or_a_conflict()
    {
        var id = MetadataApi.UniqueId("idem-race");
        var key = Guid.NewGuid().ToString();
        var body = MetadataApi.Exercise(id, "Race Press");

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var response = await WriteAsync(HttpMethod.Post, AdminPath, body, key);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType);
        }));

        answers.Should().OnlyContain(a => a.StatusCode == HttpStatusCode.Created
            || (a.StatusCode == HttpStatusCode.Conflict && a.MediaType == "application/problem+json" && a.Body.Contains("still being processed")));
        answers.Where(a => a.StatusCode == HttpStatusCode.Created).Select(a => a.Body).Distinct().Should().ContainSingle();
        output.WriteLine($"8 concurrent requests with one key: {answers.Count(a => a.StatusCode == HttpStatusCode.Created)} x 201, {answers.Count(a => a.StatusCode == HttpStatusCode.Conflict)} x 409");
        (await CountAsync(id)).Should().Be(1);
    }

    /// <summary>
    /// The ghost write of issue 19, made on purpose: during a stream of keyed creates the service is frozen (SIGSTOP)
    /// until a moment is caught where a create is committed (its key is in the catalog) but its client has no answer
    /// yet; then it is SIGKILLed, so that client gets 502 for a committed write. After a restart every create that was
    /// not answered 201 is retried with its key.
    /// </summary>
    [Fact]
    public async Task Creates_whose_answers_were_lost_to_a_SIGKILL_are_retried_with_their_keys_into_exactly_one_exercise_each()
    {
        const int Creates = 150;
        var prefix = MetadataApi.UniqueId("idem-kill");
        var writes = Enumerable.Range(0, Creates)
            .Select(i => (Key: Guid.NewGuid().ToString(), Body: MetadataApi.Exercise($"{prefix}-{i:D3}", $"Kill Stream {i}")))
            .ToList();
        var pid = system.Pid("metadata");

        // A stream of keyed creates from four clients.
        var started = new ConcurrentDictionary<int, bool>();
        var answers = new ConcurrentDictionary<int, HttpStatusCode?>();
        var next = -1;
        var stream = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < Creates; i = Interlocked.Increment(ref next))
            {
                started[i] = true;
                answers[i] = await TrySendAsync(writes[i].Body, writes[i].Key);
            }
        })).ToList();

        List<int> ghosts = [];
        try
        {
            while (answers.Count < 20)
            {
                await Task.Delay(20);
            }
            while (ghosts.Count == 0 && answers.Count < Creates - 8)
            {
                await Task.Delay(Random.Shared.Next(5, 40));
                Posix.Signal(pid, SigStop);
                // Answers already on their way arrive; what is still unanswered now stays so.
                await Task.Delay(200);
                var unanswered = started.Keys.Where(i => !answers.ContainsKey(i)).ToList();
                var committedKeys = await CommittedKeysAsync([.. unanswered.Select(i => writes[i].Key)]);
                ghosts = [.. unanswered.Where(i => committedKeys.Contains(writes[i].Key))];
                if (ghosts.Count == 0)
                {
                    Posix.Signal(pid, SigCont);
                }
            }
        }
        finally
        {
            Posix.Signal(pid, Posix.SigKill);
            await Task.WhenAll(stream);
            // The AppHost restarts it, as it would after any crash.
            await system.WaitRestartedAsync("metadata", pid);
        }
        ghosts.Should().NotBeEmpty("the stream should have been caught with a create committed and not yet answered");
        ghosts.Should().OnlyContain(i => answers[i] != HttpStatusCode.Created, "the client of a ghost write saw no success");

        // Every create whose answer was not a success is retried with its key until it is answered.
        var lost = answers.Where(a => a.Value is not HttpStatusCode.Created).Select(a => a.Key).Order().ToList();
        var replayed = new List<int>();
        foreach (var i in lost)
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                using var response = await WriteAsync(HttpMethod.Post, AdminPath, writes[i].Body, writes[i].Key);
                if (response.StatusCode is not (HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout)
                    || DateTime.UtcNow > deadline)
                {
                    response.StatusCode.Should().Be(HttpStatusCode.Created, $"create {i} retried with its key: {await response.Content.ReadAsStringAsync()}");
                    if (response.Headers.Contains("Idempotent-Replayed"))
                    {
                        replayed.Add(i);
                    }
                    break;
                }
                await Task.Delay(250);
            }
        }

        output.WriteLine($"answers before the retries: {string.Join(", ", answers.Values.GroupBy(s => s?.ToString() ?? "no answer").Select(g => $"{g.Key} x{g.Count()}"))}; " +
                         $"ghost writes caught: {ghosts.Count}; retried {lost.Count}, {replayed.Count} of them answered from their key");
        replayed.Should().Contain(ghosts, "a committed create is answered from its key, not written again");
        (await CountAsync(prefix + "-%")).Should().Be(Creates, "one exercise per key");
    }

    [Fact]
    public async Task Keys_are_kept_a_day_and_deleted_after_it()
    {
        var (expired, kept) = ($"expired-{Guid.NewGuid()}", $"kept-{Guid.NewGuid()}");
        await using (var connection = new NpgsqlConnection(system.CatalogDb))
        {
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand("""
                INSERT INTO idempotency_keys (key, fingerprint, exercise, created_at)
                VALUES (@expired, 'f', '{}', now() - interval '25 hours'), (@kept, 'f', '{}', now() - interval '23 hours')
                """, connection);
            insert.Parameters.AddWithValue("expired", expired);
            insert.Parameters.AddWithValue("kept", kept);
            await insert.ExecuteNonQueryAsync();
        }

        // The cleanup runs at start and then hourly.
        await system.StopAsync("metadata");
        await system.EnsureRunningAsync("metadata");

        await EventuallyAsync(async () => (await CommittedKeysAsync([expired])).Count == 0, TimeSpan.FromSeconds(30), "the expired key is deleted");
        (await CommittedKeysAsync([kept])).Should().ContainSingle("a key younger than a day is kept");
    }

    private async Task<HashSet<string>> CommittedKeysAsync(string[] keys)
    {
        await using var connection = new NpgsqlConnection(system.CatalogDb);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT key FROM idempotency_keys WHERE key = ANY(@keys)", connection);
        command.Parameters.AddWithValue("keys", keys);
        await using var reader = await command.ExecuteReaderAsync();
        var committed = new HashSet<string>();
        while (await reader.ReadAsync())
        {
            committed.Add(reader.GetString(0));
        }
        return committed;
    }

    private async Task<HttpStatusCode?> TrySendAsync(JsonObject body, string key)
    {
        try
        {
            using var response = await WriteAsync(HttpMethod.Post, AdminPath, body, key);
            return response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private Task<HttpResponseMessage> WriteAsync(HttpMethod method, string path, JsonObject body, string? key, string? ifMatch = null)
        => SendAsync(system.Endpoint("gateway"), method, path, bearer: _adminToken, configure: request =>
        {
            request.Content = MetadataApi.Json(body);
            if (key is not null)
            {
                request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
            }
            if (ifMatch is not null)
            {
                request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            }
        });

    /// <summary>Exercises whose id matches <paramref name="pattern"/> (a LIKE pattern), read from the catalog's primary.</summary>
    private async Task<long> CountAsync(string pattern)
    {
        await using var connection = new NpgsqlConnection(system.CatalogDb);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM exercises WHERE slug LIKE @pattern", connection);
        command.Parameters.AddWithValue("pattern", pattern);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

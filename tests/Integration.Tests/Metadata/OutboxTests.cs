using System.Net;
using System.Text;
using System.Text.Json;
using FitnessAssistant.IntegrationTests.Fixtures;
using FitnessAssistant.IntegrationTests.Services;
using Npgsql;
using RabbitMQ.Client;

namespace FitnessAssistant.IntegrationTests.Metadata;

[Collection(SystemCollection.Name)]
public sealed class OutboxTests(SystemFixture system)
{
    private const string Exchange = "catalog.events";
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Events_written_while_RabbitMQ_is_down_wait_and_are_all_delivered_in_order_when_it_returns()
    {
        using var http = await MetadataApi.ClientAsync(system);
        var queue = $"test.catalog-events.{Guid.NewGuid():N}";
        await WithChannelAsync(async channel =>
        {
            await channel.ExchangeDeclareAsync(Exchange, ExchangeType.Topic, durable: true, autoDelete: false);
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
            await channel.QueueBindAsync(queue, Exchange, "exercise.*");
        });
        var prefix = MetadataApi.UniqueId("outbox");
        var ids = Enumerable.Range(0, 4).Select(i => $"{prefix}-{i}").ToList();
        try
        {
            // Before the outage: a create and an update flow through.
            var etag = await MetadataApi.CreateAsync(http, MetadataApi.Exercise(ids[0], "Outbox Zero"));
            etag = await UpdateAsync(http, ids[0], "Outbox Zero v2", etag);
            var delivered = await ReceiveAsync(queue, await EventIdsAsync(ids), TimeSpan.FromSeconds(30), []);

            await system.StopAsync("eventbus");

            // During the outage every write succeeds.
            etag = await UpdateAsync(http, ids[0], "Outbox Zero v3", etag);
            var etags = new Dictionary<string, string>();
            foreach (var id in ids.Skip(1))
            {
                etags[id] = await MetadataApi.CreateAsync(http, MetadataApi.Exercise(id, $"Outbox {id}"));
            }
            etags[ids[1]] = await UpdateAsync(http, ids[1], "Outbox One v2", etags[ids[1]]);
            (await http.SendAsync(MetadataApi.Request(HttpMethod.Delete, $"/api/v1/admin/exercises/{ids[2]}", ifMatch: etags[ids[2]])))
                .StatusCode.Should().Be(HttpStatusCode.NoContent);
            var waiting = await PendingAsync(ids);
            waiting.Should().BeGreaterThanOrEqualTo(6, "events wait in the outbox while the broker is down");

            // What the OutboxBacklog alert reads: the age of the oldest waiting event, as the database knows it.
            var metadata = system.Endpoint("metadata");
            var age = await MetricsScrape.EventuallyAsync(metadata, "fitness_outbox_oldest_age_seconds", value => value >= 1,
                TimeSpan.FromSeconds(30), "the relay has seen the waiting events");
            var ageInDatabase = await OldestPendingAgeAsync();
            age.Should().BeApproximately(ageInDatabase, 1.5, "the gauge is the age of the oldest unsent outbox row");
            // The relay backs off while the broker is down, so its count catches up with the last writes a little later.
            await MetricsScrape.EventuallyAsync(metadata, "fitness_outbox_pending", value => value >= waiting, TimeSpan.FromSeconds(30),
                "the relay counts every waiting event");

            await system.StartAsync("eventbus");

            var expected = await EventIdsAsync(ids);
            expected.Should().HaveCount(8);
            delivered = await ReceiveAsync(queue, expected, DeliveryTimeout, delivered);
            (await PendingAsync(ids)).Should().Be(0);
            await MetricsScrape.EventuallyAsync(metadata, "fitness_outbox_oldest_age_seconds", value => value == 0,
                TimeSpan.FromSeconds(30), "nothing waits once the broker confirmed every event");

            // In order per exercise: row versions only grow in delivery order (first delivery of each event).
            foreach (var group in delivered.GroupBy(d => d.ExerciseId))
            {
                group.Select(d => d.RowVersion).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
            }
            delivered.Where(d => d.ExerciseId == ids[2]).Select(d => d.Type).Should().Equal("exercise.upserted", "exercise.deleted");
            delivered.Should().AllSatisfy(d =>
            {
                d.Persistent.Should().BeTrue();
                d.MessageId.Should().Be(d.EventId.ToString());
                // Flags 01 sampled, 02 random trace id (W3C Trace Context level 2): this stack sets both.
                d.Traceparent.Should().MatchRegex("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[0-3]$");
            });
        }
        finally
        {
            if (!system.IsRunning("eventbus"))
            {
                await system.StartAsync("eventbus");
            }
            await WithChannelAsync(channel => channel.QueueDeleteAsync(queue));
        }
    }

    private static async Task<string> UpdateAsync(HttpClient http, string id, string name, string etag)
    {
        using var response = await http.SendAsync(MetadataApi.Request(HttpMethod.Put, $"/api/v1/admin/exercises/{id}", MetadataApi.Exercise(id, name), ifMatch: etag));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return response.Headers.ETag!.Tag;
    }

    private async Task<HashSet<Guid>> EventIdsAsync(IEnumerable<string> ids)
    {
        await using var connection = new NpgsqlConnection(system.CatalogDb);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT event_id FROM outbox WHERE exercise_id = ANY($1)", connection);
        command.Parameters.AddWithValue(ids.ToArray());
        var result = new HashSet<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result.Add(reader.GetGuid(0));
        }
        return result;
    }

    private async Task<long> PendingAsync(IEnumerable<string> ids)
    {
        await using var connection = new NpgsqlConnection(system.CatalogDb);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM outbox WHERE sent_at IS NULL AND exercise_id = ANY($1)", connection);
        command.Parameters.AddWithValue(ids.ToArray());
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<double> OldestPendingAgeAsync()
    {
        await using var connection = new NpgsqlConnection(system.CatalogDb);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT extract(epoch FROM now() - min(occurred_at))::float8 FROM outbox WHERE sent_at IS NULL", connection);
        return (double)(await command.ExecuteScalarAsync())!;
    }

    private sealed record Delivery(Guid EventId, string Type, string ExerciseId, long RowVersion, string? MessageId, bool Persistent, string? Traceparent);

    /// <summary>Reads the queue, adding to <paramref name="delivered"/>, until every expected event has arrived (duplicates are allowed: at-least-once).</summary>
    private async Task<List<Delivery>> ReceiveAsync(string queue, IReadOnlySet<Guid> expected, TimeSpan timeout, List<Delivery> delivered)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!expected.IsSubsetOf(delivered.Select(d => d.EventId)))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{expected.Except(delivered.Select(d => d.EventId)).Count()} of {expected.Count} events not delivered in {timeout.TotalSeconds} s.");
            }
            try
            {
                await WithChannelAsync(async channel =>
                {
                    while (await channel.BasicGetAsync(queue, autoAck: true) is { } message)
                    {
                        var body = JsonDocument.Parse(message.Body).RootElement;
                        var headers = message.BasicProperties.Headers;
                        var traceparent = headers is not null && headers.TryGetValue("traceparent", out var value) && value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : null;
                        var delivery = new Delivery(body.GetProperty("eventId").GetGuid(), body.GetProperty("type").GetString()!,
                            body.GetProperty("exerciseId").GetString()!, body.GetProperty("rowVersion").GetInt64(),
                            message.BasicProperties.MessageId, message.BasicProperties.Persistent, traceparent);
                        message.RoutingKey.Should().Be(delivery.Type);
                        if (delivered.All(d => d.EventId != delivery.EventId))
                        {
                            delivered.Add(delivery);
                        }
                    }
                });
            }
            catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.BrokerUnreachableException or IOException)
            {
                // The broker is still starting.
            }
            await Task.Delay(250);
        }
        return delivered;
    }

    private async Task WithChannelAsync(Func<IChannel, Task> work)
    {
        var factory = new ConnectionFactory { Uri = new Uri(system.RabbitMq) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await work(channel);
    }
}

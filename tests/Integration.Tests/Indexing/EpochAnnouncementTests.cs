using FitnessAssistant.IntegrationTests.Fixtures;
using FitnessAssistant.VectorIndex;
using FitnessAssistant.VectorIndex.PgVector;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;

namespace FitnessAssistant.IntegrationTests.Indexing;

[Collection(SystemCollection.Name)]
public sealed class EpochAnnouncementTests(SystemFixture system)
{
    [Fact]
    public async Task The_indexing_service_keeps_the_epoch_key_equal_to_the_committed_epoch_even_after_redis_lost_it()
    {
        await system.EnsureRunningAsync("indexing");
        await using var dataSource = NpgsqlDataSource.Create(system.VectorDb);
        var index = new PgVectorIndex(dataSource, Options.Create(new VectorIndexOptions()));
        using var redis = await ConnectionMultiplexer.ConnectAsync(system.Redis);
        var db = redis.GetDatabase();

        var epoch = (await index.GetStateAsync()).Epoch;
        await WaitForKeyAsync(db, epoch);

        // Redis is a cache with no persistence: after a flush or restart the key must come back on its own.
        await db.KeyDeleteAsync(IndexEpochAnnouncement.Key);
        await WaitForKeyAsync(db, (await index.GetStateAsync()).Epoch);
    }

    private static async Task WaitForKeyAsync(IDatabase db, long expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        RedisValue value;
        while ((value = await db.StringGetAsync(IndexEpochAnnouncement.Key)).IsNull || (long)value < expected)
        {
            DateTime.UtcNow.Should().BeBefore(deadline, $"the epoch key should reach {expected} (it holds {value})");
            await Task.Delay(200);
        }
        ((long)value).Should().BeGreaterThanOrEqualTo(expected);
    }
}

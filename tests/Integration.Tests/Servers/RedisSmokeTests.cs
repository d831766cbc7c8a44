using FitnessAssistant.IntegrationTests.Fixtures;
using StackExchange.Redis;

namespace FitnessAssistant.IntegrationTests.Servers;

[Collection(SystemCollection.Name)]
public sealed class RedisSmokeTests(SystemFixture system)
{
    [Fact]
    public async Task Set_with_ttl_reads_back_then_expires()
    {
        using var redis = await ConnectionMultiplexer.ConnectAsync(system.Redis);
        var db = redis.GetDatabase();
        var key = "smoke:" + Guid.NewGuid();

        (await db.StringSetAsync(key, "hello", TimeSpan.FromMilliseconds(300))).Should().BeTrue();
        ((string?)await db.StringGetAsync(key)).Should().Be("hello");
        (await db.KeyTimeToLiveAsync(key)).Should().BeGreaterThan(TimeSpan.Zero);

        await Task.Delay(600);
        (await db.StringGetAsync(key)).IsNull.Should().BeTrue("the key's TTL has passed");
    }
}

using System.Diagnostics;
using System.Net;
using FitnessAssistant.AppHost.Credentials;
using FitnessAssistant.IntegrationTests.Fixtures;
using static FitnessAssistant.IntegrationTests.Gateway.GatewayRequests;

namespace FitnessAssistant.IntegrationTests.Gateway;

/// <summary>
/// Extra gateway processes, wired like the system's gateway, with an API key on a tight plan: several gateways
/// share one limit through Redis, and each keeps limiting on its own when Redis is gone.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class GatewayRateLimitTests(SystemFixture system)
{
    private const int Limit = 30;

    [Fact]
    public async Task Two_gateways_sharing_redis_enforce_one_limit()
    {
        var (keyId, apiKey) = NewKey();
        await using var first = await TightGatewayAsync(SystemFixture.ExtraGateways[0], keyId, apiKey);
        await using var second = await TightGatewayAsync(SystemFixture.ExtraGateways[1], keyId, apiKey);
        var served = new Dictionary<ExtraInstance, int> { [first] = 0, [second] = 0 };
        var limited = 0;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 4 * Limit; i++)
        {
            var gateway = i % 2 == 0 ? first : second;
            using var response = await SendAsync(gateway.Endpoint(), HttpMethod.Get, SearchPath, apiKey);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                await ShouldBeRateLimitedAsync(response);
                limited++;
            }
            else
            {
                response.ShouldBeProxiedTo("search");
                served[gateway]++;
            }
        }
        // Each gateway alone would admit its whole burst (Limit); together they admit Limit, plus at most the
        // few tokens local buckets refill while the loop runs (the shared window is exact).
        served.Values.Sum().Should().BeInRange(Limit, Limit + RefilledDuring(clock.Elapsed), "both gateways count against one shared window");
        served.Values.Should().OnlyContain(count => count > 0);
        limited.Should().Be(4 * Limit - served.Values.Sum());
    }

    [Fact]
    public async Task Limits_hold_on_local_token_buckets_while_redis_is_down()
    {
        var (keyId, apiKey) = NewKey();
        await using var extra = await TightGatewayAsync(SystemFixture.ExtraGateways[0], keyId, apiKey);
        var gateway = extra.Endpoint();
        try
        {
            await system.StopAsync("redis");

            var served = 0;
            var limited = 0;
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < 3 * Limit; i++)
            {
                using var response = await SendAsync(gateway, HttpMethod.Get, SearchPath, apiKey);
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    await ShouldBeRateLimitedAsync(response);
                    limited++;
                }
                else
                {
                    response.ShouldBeProxiedTo("search");
                    served++;
                }
            }
            served.Should().BeInRange(Limit, Limit + RefilledDuring(clock.Elapsed), "the local bucket (burst = limit) still limits the key");
            limited.Should().BeGreaterThan(0);

            using var health = await SendAsync(gateway, HttpMethod.Get, "/health");
            health.StatusCode.Should().Be(HttpStatusCode.OK, "the gateway is degraded, not down");
            (await health.Content.ReadAsStringAsync()).Should().Contain("\"status\":\"Degraded\"").And.Contain("local limits only");
        }
        finally
        {
            await system.EnsureRunningAsync("redis");
        }

        // Redis back: the gateway reconnects and the shared window is used again.
        await EventuallyAsync(async () =>
        {
            using var health = await SendAsync(gateway, HttpMethod.Get, "/health");
            return (await health.Content.ReadAsStringAsync()).Contains("shared sliding window in Redis");
        }, TimeSpan.FromSeconds(30), "the gateway uses Redis again after it restarts");
    }

    private static (string KeyId, string ApiKey) NewKey() => ($"rate{Guid.NewGuid():N}"[..16], GatewayCredentials.NewApiKey());

    /// <summary>A second gateway instance with one extra key on plan "tight": <see cref="Limit"/> per minute, burst as large.</summary>
    private Task<ExtraInstance> TightGatewayAsync(string name, string keyId, string apiKey)
        => system.StartExtraAsync(name, new Dictionary<string, string>
        {
            [$"ApiKeys__Keys__{keyId}__Sha256"] = GatewayCredentials.Sha256Hex(apiKey),
            [$"ApiKeys__Keys__{keyId}__Plan"] = "tight",
            ["RateLimiting__Plans__tight__Limit"] = Limit.ToString(),
            ["RateLimiting__Plans__tight__Window"] = "00:01:00",
            ["RateLimiting__Plans__tight__Burst"] = Limit.ToString(),
        });

    /// <summary>
    /// The tokens a bucket of the tight plan gains while a loop runs (Limit per minute), plus one for the refill in
    /// progress: a loaded machine may take many seconds for the loop.
    /// </summary>
    private static int RefilledDuring(TimeSpan elapsed) => (int)Math.Ceiling(elapsed.TotalMinutes * Limit) + 1;

    private static async Task ShouldBeRateLimitedAsync(HttpResponseMessage response)
    {
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        problem.GetProperty("detail").GetString().Should().MatchRegex("^The client (limit of 30 requests per minute|burst allowance of 30 requests) is used up");
        response.Headers.RetryAfter?.Delta.Should().BePositive();
        response.Destination().Should().BeNull("a limited request never reaches the service");
    }
}

using System.Net;
using System.Security.Claims;
using FitnessAssistant.Gateway.Authentication;
using FitnessAssistant.Gateway.RateLimiting;

namespace FitnessAssistant.Gateway.Tests;

public sealed class RatePartitionTests
{
    private static readonly RateLimitOptions Options = new()
    {
        DefaultPlan = "standard",
        Plans = new(StringComparer.OrdinalIgnoreCase)
        {
            ["standard"] = new RatePlan { Limit = 600 },
            ["free"] = new RatePlan { Limit = 60 },
        },
    };

    [Theory]
    [InlineData("203.0.113.7", "addr:203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "addr:203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "addr:2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "addr:2001:db8:1:2::/64")]
    public void Addresses_are_counted_per_ipv4_address_and_per_ipv6_slash_64(string address, string key)
        => RatePartition.ForAddress(IPAddress.Parse(address), new RatePlan()).Key.Should().Be(key);

    [Fact]
    public void An_anonymous_request_has_no_client_partition()
        => RatePartition.ForClient(new ClaimsPrincipal(new ClaimsIdentity()), Options).Should().BeNull();

    [Fact]
    public void Api_keys_use_their_plan_and_tokens_without_one_the_default()
    {
        var key = RatePartition.ForClient(User("partner-a", "api-key", "free"), Options)!;
        key.Key.Should().Be("api-key:partner-a");
        key.Plan.Limit.Should().Be(60);

        var token = RatePartition.ForClient(User("alice", null, null), Options)!;
        token.Key.Should().Be("bearer:alice");
        token.Plan.Limit.Should().Be(600);

        RatePartition.ForClient(User("bob", null, "no-such-plan"), Options)!.Plan.Limit.Should().Be(600);
    }

    private static ClaimsPrincipal User(string subject, string? kind, string? plan)
    {
        var claims = new List<Claim> { new(GatewayClaims.Subject, subject) };
        if (kind is not null)
        {
            claims.Add(new Claim(GatewayClaims.CredentialKind, kind));
        }
        if (plan is not null)
        {
            claims.Add(new Claim(GatewayClaims.Plan, plan));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "test"));
    }
}

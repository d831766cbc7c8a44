using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using FitnessAssistant.Gateway.Authentication;

namespace FitnessAssistant.Gateway.RateLimiting;

/// <summary>
/// One thing a request is counted against: its client address (scope <c>address</c>), or its authenticated client,
/// an API key or a token subject (scope <c>key</c>).
/// </summary>
public sealed record RatePartition(string Key, string Scope, string Description, RatePlan Plan)
{
    public static RatePartition ForAddress(IPAddress? address, RatePlan plan) => new($"addr:{Normalize(address)}", "address", "client address", plan);

    public static RatePartition? ForClient(ClaimsPrincipal user, RateLimitOptions options)
    {
        var subject = user.FindFirst(GatewayClaims.Subject)?.Value;
        if (user.Identity?.IsAuthenticated != true || subject is null)
        {
            return null;
        }
        var planName = user.FindFirst(GatewayClaims.Plan)?.Value;
        var plan = planName is not null && options.Plans.TryGetValue(planName, out var named) ? named : options.Plans[options.DefaultPlan];
        var kind = user.FindFirst(GatewayClaims.CredentialKind)?.Value ?? "bearer";
        return new RatePartition($"{kind}:{subject}", "key", "client", plan);
    }

    // IPv6 clients usually own a whole /64: counting single addresses would let one client rotate through millions.
    private static string Normalize(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}

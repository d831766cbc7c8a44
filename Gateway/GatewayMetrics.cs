using System.Diagnostics.Metrics;

namespace FitnessAssistant.Gateway;

/// <summary>The gateway's own meter (<c>FitnessAssistant.Gateway</c>), picked up by ServiceDefaults' telemetry.</summary>
public sealed class GatewayMetrics
{
    public const string MeterName = "FitnessAssistant.Gateway";

    private readonly Counter<long> _rateLimited;
    private readonly Counter<long> _sharedUnavailable;
    private readonly Counter<long> _retries;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _rateLimited = meter.CreateCounter<long>("fitness.gateway.ratelimited", "{request}", "Requests refused with 429, by scope (key, address) and store (local, shared)");
        _sharedUnavailable = meter.CreateCounter<long>("fitness.gateway.ratelimit.fallback", "{request}",
            "Requests admitted on local limits alone because Redis could not be asked");
        _retries = meter.CreateCounter<long>("fitness.gateway.proxy.retries", "{request}",
            "Idempotent requests sent to another destination after a transport failure");
    }

    public void RateLimited(string scope, string store)
        => _rateLimited.Add(1, new KeyValuePair<string, object?>("scope", scope), new KeyValuePair<string, object?>("store", store));

    public void SharedWindowUnavailable() => _sharedUnavailable.Add(1);

    public void Retried(string cluster) => _retries.Add(1, new KeyValuePair<string, object?>("cluster", cluster));
}

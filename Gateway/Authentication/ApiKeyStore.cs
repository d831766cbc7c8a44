using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using FitnessAssistant.Gateway.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace FitnessAssistant.Gateway.Authentication;

/// <summary>
/// The API keys the gateway accepts, read from configuration section <c>ApiKeys:Keys</c>
/// (<c>ApiKeys:Keys:{id}:Sha256</c>, <c>:Plan</c>, optional <c>:ExpiresAt</c>). Only SHA-256 hashes are stored; a
/// presented key is hashed and looked up. The set is rebuilt whenever configuration reloads (the keys file is
/// watched), so keys rotate without a restart. A reload with a broken entry keeps that entry out and logs why;
/// a broken entry at start-up stops the gateway.
/// </summary>
public sealed partial class ApiKeyStore : IDisposable
{
    public const string Section = "ApiKeys:Keys";
    private const int MaxPresentedLength = 256;

    private readonly IConfiguration _configuration;
    private readonly IOptionsMonitor<RateLimitOptions> _rateLimits;
    private readonly TimeProvider _time;
    private readonly ILogger<ApiKeyStore> _logger;
    private readonly IDisposable _reloadSubscription;
    private volatile FrozenDictionary<string, ApiKey> _byHash;

    public ApiKeyStore(IConfiguration configuration, IOptionsMonitor<RateLimitOptions> rateLimits, TimeProvider time, ILogger<ApiKeyStore> logger)
    {
        _configuration = configuration;
        _rateLimits = rateLimits;
        _time = time;
        _logger = logger;
        var (keys, errors) = Load();
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(Section, typeof(ApiKey), errors);
        }
        _byHash = keys;
        LogLoaded(_logger, keys.Count);
        _reloadSubscription = ChangeToken.OnChange(configuration.GetReloadToken, Reload);
    }

    public int Count => _byHash.Count;

    /// <summary>The key a client presented, or null when it is unknown or expired.</summary>
    public ApiKey? Find(string presented)
    {
        if (presented.Length is 0 or > MaxPresentedLength)
        {
            return null;
        }
        var key = _byHash.GetValueOrDefault(Hash(presented));
        return key is not null && (key.ExpiresAt is null || key.ExpiresAt > _time.GetUtcNow()) ? key : null;
    }

    public static string Hash(string presented) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(presented)));

    public void Dispose() => _reloadSubscription.Dispose();

    private void Reload()
    {
        // Runs on the configuration reload callback: it must never throw, or a bad file edit could take the process down.
        try
        {
            var (keys, errors) = Load();
            foreach (var error in errors)
            {
                LogRejectedEntry(_logger, error);
            }
            if (!keys.Keys.ToHashSet().SetEquals(_byHash.Keys) || keys.Any(k => _byHash[k.Key] != k.Value))
            {
                _byHash = keys;
                LogLoaded(_logger, keys.Count);
            }
        }
        catch (Exception ex)
        {
            LogReloadFailed(_logger, ex);
        }
    }

    private (FrozenDictionary<string, ApiKey> Keys, List<string> Errors) Load()
    {
        var plans = _rateLimits.CurrentValue.Plans;
        var keys = new Dictionary<string, ApiKey>(StringComparer.Ordinal);
        var errors = new List<string>();
        foreach (var entry in _configuration.GetSection(Section).GetChildren())
        {
            var setting = $"{Section}:{entry.Key}";
            var hash = entry["Sha256"]?.Trim().ToLowerInvariant();
            var plan = entry["Plan"];
            var expires = entry["ExpiresAt"];
            DateTimeOffset? expiresAt = null;
            if (hash is null || hash.Length != 64 || !hash.All(char.IsAsciiHexDigit))
            {
                errors.Add($"{setting}:Sha256 must be the 64 hex digits of the key's SHA-256 hash.");
            }
            else if (string.IsNullOrWhiteSpace(plan) || !plans.ContainsKey(plan))
            {
                errors.Add($"{setting}:Plan '{plan}' is not one of the rate plans ({string.Join(", ", plans.Keys)}).");
            }
            else if (!string.IsNullOrWhiteSpace(expires) && !TryParseInstant(expires, out expiresAt))
            {
                errors.Add($"{setting}:ExpiresAt '{expires}' is not an ISO 8601 date and time.");
            }
            else if (!keys.TryAdd(hash, new ApiKey(entry.Key, plan, expiresAt)))
            {
                errors.Add($"{setting}:Sha256 is the same key as '{keys[hash].Id}'.");
            }
        }
        return (keys.ToFrozenDictionary(StringComparer.Ordinal), errors);
    }

    private static bool TryParseInstant(string value, out DateTimeOffset? instant)
    {
        var ok = DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed);
        instant = ok ? parsed : null;
        return ok;
    }

    [LoggerMessage(LogLevel.Information, "API keys loaded: {Count} active entries")]
    private static partial void LogLoaded(ILogger logger, int count);

    [LoggerMessage(LogLevel.Error, "API key entry ignored: {Reason}")]
    private static partial void LogRejectedEntry(ILogger logger, string reason);

    [LoggerMessage(LogLevel.Error, "API keys could not be reloaded; the previous set stays active")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception);
}

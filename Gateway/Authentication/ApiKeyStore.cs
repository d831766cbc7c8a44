using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using FitnessAssistant.Gateway.RateLimiting;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace FitnessAssistant.Gateway.Authentication;

/// <summary>
/// The API keys the gateway accepts. Only SHA-256 hashes are stored; a presented key is hashed and looked up.
/// Entries (<c>{id}: { Sha256, Plan, ExpiresAt? }</c>) come from configuration section <c>ApiKeys:Keys</c>
/// (appsettings, environment) and from the optional keys file <c>ApiKeys:File</c> (JSON, <c>{ "Keys": { ... } }</c>).
/// The file is watched: keys are added, rotated and revoked by editing it, without a restart. A broken entry or an
/// unreadable file stops the gateway at start-up; on a later edit it is logged and the previous keys stay in force,
/// so a typo never locks every client out.
/// </summary>
public sealed partial class ApiKeyStore : IDisposable
{
    public const string Section = "ApiKeys:Keys";
    private const int MaxPresentedLength = 256;

    private readonly IConfiguration _configuration;
    private readonly IOptionsMonitor<RateLimitOptions> _rateLimits;
    private readonly TimeProvider _time;
    private readonly ILogger<ApiKeyStore> _logger;
    private readonly string? _file;
    private readonly PhysicalFileProvider? _fileProvider;
    private readonly List<IDisposable> _subscriptions = [];
    private readonly Lock _reloadLock = new();
    private IReadOnlyList<ApiKey> _configuredKeys = [];
    private IReadOnlyList<ApiKey> _fileKeys = [];
    private volatile FrozenDictionary<string, ApiKey> _byHash = FrozenDictionary<string, ApiKey>.Empty;

    public ApiKeyStore(IConfiguration configuration, IOptionsMonitor<RateLimitOptions> rateLimits, TimeProvider time, ILogger<ApiKeyStore> logger)
    {
        _configuration = configuration;
        _rateLimits = rateLimits;
        _time = time;
        _logger = logger;
        var file = configuration["ApiKeys:File"];
        _file = string.IsNullOrWhiteSpace(file) ? null : Path.GetFullPath(file);

        var errors = new List<string>();
        _configuredKeys = ParseEntries(configuration.GetSection(Section), Section, errors);
        if (_file is not null)
        {
            _fileKeys = ReadFile(errors) ?? [];
        }
        var merged = Merge(errors);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(Section, typeof(ApiKey), errors);
        }
        _byHash = merged;
        LogLoaded(_logger, merged.Count, "start-up");

        _subscriptions.Add(ChangeToken.OnChange(configuration.GetReloadToken, () => Reload(reloadFile: false)));
        if (_file is not null)
        {
            _fileProvider = new PhysicalFileProvider(Path.GetDirectoryName(_file)!);
            _subscriptions.Add(ChangeToken.OnChange(() => _fileProvider.Watch(Path.GetFileName(_file)), () => Reload(reloadFile: true)));
        }
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

    public void Dispose()
    {
        _subscriptions.ForEach(s => s.Dispose());
        _fileProvider?.Dispose();
    }

    // Runs on change callbacks: it must never throw, or a bad edit could take the process down.
    private void Reload(bool reloadFile)
    {
        try
        {
            if (reloadFile)
            {
                // Editors and `cp` write in steps: let the write finish before reading.
                Thread.Sleep(TimeSpan.FromMilliseconds(250));
            }
            lock (_reloadLock)
            {
                var errors = new List<string>();
                var configured = ParseEntries(_configuration.GetSection(Section), Section, errors);
                var fromFile = reloadFile ? ReadFile(errors) : _fileKeys;
                if (errors.Count > 0)
                {
                    foreach (var error in errors)
                    {
                        LogRejected(_logger, error);
                    }
                    return;
                }
                _configuredKeys = configured;
                _fileKeys = fromFile ?? [];
                var merged = Merge(errors);
                if (errors.Count > 0)
                {
                    errors.ForEach(error => LogRejected(_logger, error));
                    return;
                }
                _byHash = merged;
                LogLoaded(_logger, merged.Count, reloadFile ? "keys file changed" : "configuration changed");
            }
        }
        catch (Exception ex)
        {
            LogReloadFailed(_logger, ex);
        }
    }

    private IReadOnlyList<ApiKey>? ReadFile(List<string> errors)
    {
        try
        {
            using var stream = new FileStream(_file!, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var document = new ConfigurationBuilder().AddJsonStream(stream).Build();
            return ParseEntries(document.GetSection("Keys"), $"{_file}: Keys", errors);
        }
        catch (Exception ex)
        {
            errors.Add($"ApiKeys:File '{_file}' could not be read: {ex.Message}");
            return null;
        }
    }

    private IReadOnlyList<ApiKey> ParseEntries(IConfigurationSection section, string origin, List<string> errors)
    {
        var plans = _rateLimits.CurrentValue.Plans;
        var keys = new List<ApiKey>();
        foreach (var entry in section.GetChildren())
        {
            var setting = $"{origin}:{entry.Key}";
            var hash = entry["Sha256"]?.Trim().ToLowerInvariant();
            var plan = entry["Plan"];
            var expires = entry["ExpiresAt"];
            DateTimeOffset parsed = default;
            if (hash is null || hash.Length != 64 || !hash.All(char.IsAsciiHexDigit))
            {
                errors.Add($"{setting}:Sha256 must be the 64 hex digits of the key's SHA-256 hash.");
            }
            else if (string.IsNullOrWhiteSpace(plan) || !plans.ContainsKey(plan))
            {
                errors.Add($"{setting}:Plan '{plan}' is not one of the rate plans ({string.Join(", ", plans.Keys)}).");
            }
            else if (!string.IsNullOrWhiteSpace(expires) && !DateTimeOffset.TryParse(expires,
                         System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out parsed))
            {
                errors.Add($"{setting}:ExpiresAt '{expires}' is not an ISO 8601 date and time.");
            }
            else
            {
                keys.Add(new ApiKey(entry.Key, plan, string.IsNullOrWhiteSpace(expires) ? null : parsed) { Sha256 = hash });
            }
        }
        return keys;
    }

    private FrozenDictionary<string, ApiKey> Merge(List<string> errors)
    {
        var byHash = new Dictionary<string, ApiKey>(StringComparer.Ordinal);
        foreach (var key in _configuredKeys.Concat(_fileKeys))
        {
            if (!byHash.TryAdd(key.Sha256, key))
            {
                errors.Add($"API key '{key.Id}' is the same key as '{byHash[key.Sha256].Id}'.");
            }
        }
        return byHash.ToFrozenDictionary(StringComparer.Ordinal);
    }

    [LoggerMessage(LogLevel.Information, "API keys loaded ({Reason}): {Count} entries")]
    private static partial void LogLoaded(ILogger logger, int count, string reason);

    [LoggerMessage(LogLevel.Error, "API key change rejected, the previous keys stay in force: {Reason}")]
    private static partial void LogRejected(ILogger logger, string reason);

    [LoggerMessage(LogLevel.Error, "API keys could not be reloaded; the previous keys stay in force")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception);
}

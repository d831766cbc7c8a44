using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace FitnessAssistant.AppHost.Credentials;

/// <summary>
/// Local credentials for the gateway: a development API key (the gateway gets only its SHA-256 hash) and the HS256
/// key that signs bearer tokens. Kept in the state directory (mode 600) so the printed key stays valid across
/// AppHost runs; tests get fresh ones with each wiped state directory. <see cref="MintToken"/> makes the tokens an
/// identity provider would issue, for the AppHost's printed admin token and for tests.
/// </summary>
public sealed record GatewayCredentials(string ApiKey, string SigningKey)
{
    public const string DevelopmentKeyId = "dev";
    public const string DevelopmentKeyPlan = "developer";
    public const string Issuer = "fitnessassistant";
    public const string Audience = "fitnessassistant-api";
    public const string DevelopmentKeyPlanVariable = $"ApiKeys__Keys__{DevelopmentKeyId}__Plan";

    public string ApiKeySha256 => Sha256Hex(ApiKey);

    /// <summary>What the gateway process needs: the key's hash and plan, and the token settings.</summary>
    public IReadOnlyDictionary<string, string> GatewayEnvironment => new Dictionary<string, string>(TokenValidationEnvironment)
    {
        [$"ApiKeys__Keys__{DevelopmentKeyId}__Sha256"] = ApiKeySha256,
        [DevelopmentKeyPlanVariable] = DevelopmentKeyPlan,
    };

    /// <summary>
    /// What a service that checks bearer tokens needs: the gateway, and the internal services whose admin endpoints
    /// check the admin token again (MetadataService, IndexingService).
    /// </summary>
    public IReadOnlyDictionary<string, string> TokenValidationEnvironment => new Dictionary<string, string>
    {
        ["Jwt__SigningKey"] = SigningKey,
        ["Jwt__Issuer"] = Issuer,
        ["Jwt__Audience"] = Audience,
    };

    public static GatewayCredentials Generate()
        => new(NewApiKey(), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

    /// <summary>A new random API key: <c>fa_</c> and 32 random bytes, base64url.</summary>
    public static string NewApiKey() => "fa_" + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Sha256Hex(string apiKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)));

    public static GatewayCredentials LoadOrCreate(string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        return JsonSerializer.Deserialize<GatewayCredentials>(SecretFile.ReadOrCreate(file, () => JsonSerializer.Serialize(Generate())))
            ?? throw new InvalidDataException($"{file} holds no gateway credentials; delete it to have new ones made.");
    }

    /// <summary>
    /// An HS256 JWT for <paramref name="subject"/> (null: none, which the gateway refuses) with the given roles, valid
    /// from <paramref name="issuedAt"/> (default now). Its header names the key (<c>kid</c>) as the gateway derives it.
    /// </summary>
    public string MintToken(string? subject, IEnumerable<string> roles, TimeSpan lifetime, DateTimeOffset? issuedAt = null, string? plan = null)
    {
        var now = (issuedAt ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        var claims = new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["aud"] = Audience,
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + (long)lifetime.TotalSeconds,
            ["role"] = roles.ToArray(),
        };
        if (subject is not null)
        {
            claims["sub"] = subject;
        }
        if (plan is not null)
        {
            claims["plan"] = plan;
        }
        var keyId = Base64Url(SHA256.HashData(Convert.FromBase64String(SigningKey)))[..16];
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["alg"] = "HS256", ["typ"] = "JWT", ["kid"] = keyId }));
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = HMACSHA256.HashData(Convert.FromBase64String(SigningKey), Encoding.ASCII.GetBytes($"{header}.{payload}"));
        return $"{header}.{payload}.{Base64Url(signature)}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

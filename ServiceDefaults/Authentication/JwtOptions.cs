using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace FitnessAssistant.ServiceDefaults.Authentication;

/// <summary>
/// Bearer tokens: HS256 JWTs signed with a shared key (base64, at least 256 bits). During a key rotation the keys
/// being retired stay valid in <see cref="PreviousSigningKeys"/> until the tokens they signed have expired.
/// </summary>
public sealed class JwtOptions : IValidatableObject
{
    public const string Section = "Jwt";

    [Required]
    public string Issuer { get; set; } = "fitnessassistant";

    [Required]
    public string Audience { get; set; } = "fitnessassistant-api";

    /// <summary>Base64 of the HMAC key; from a secret store or environment variable, never from appsettings.</summary>
    [Required(ErrorMessage = "Jwt:SigningKey is required (base64 of at least 32 random bytes; env Jwt__SigningKey).")]
    public string SigningKey { get; set; } = "";

    /// <summary>Keys still accepted (never used to sign): the ones a rotation is retiring.</summary>
    public List<string> PreviousSigningKeys { get; set; } = [];

    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Every accepted key, each with its <c>kid</c>, so a token naming its key is checked against that key only.</summary>
    public IEnumerable<SecurityKey> ValidationKeys()
        => new[] { SigningKey }.Concat(PreviousSigningKeys).Select(Convert.FromBase64String)
            .Select(key => new SymmetricSecurityKey(key) { KeyId = KeyId(key) });

    /// <summary>
    /// A key's id: the first 16 characters of the base64url SHA-256 of the key. Derived, so whoever holds the key
    /// (an identity provider, eng/gateway-credentials.sh) names it the same way without any registry.
    /// </summary>
    public static string KeyId(byte[] key) => Base64UrlEncoder.Encode(SHA256.HashData(key))[..16];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsStrongKey(SigningKey))
        {
            yield return new ValidationResult("Jwt:SigningKey must be base64 of at least 32 bytes.", [nameof(SigningKey)]);
        }
        for (var i = 0; i < PreviousSigningKeys.Count; i++)
        {
            if (!IsStrongKey(PreviousSigningKeys[i]))
            {
                yield return new ValidationResult($"Jwt:PreviousSigningKeys:{i} must be base64 of at least 32 bytes.", [nameof(PreviousSigningKeys)]);
            }
        }
    }

    private static bool IsStrongKey(string base64)
    {
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, buffer, out var length) && length >= 32;
    }
}

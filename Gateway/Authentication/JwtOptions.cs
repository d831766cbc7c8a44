using System.ComponentModel.DataAnnotations;

namespace FitnessAssistant.Gateway.Authentication;

/// <summary>Bearer tokens: HS256 JWTs signed with a shared key (base64, at least 256 bits).</summary>
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

    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    public byte[] SigningKeyBytes() => Convert.FromBase64String(SigningKey);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        byte[]? key = null;
        try
        {
            key = SigningKeyBytes();
        }
        catch (FormatException)
        {
        }
        if (key is null || key.Length < 32)
        {
            yield return new ValidationResult("Jwt:SigningKey must be base64 of at least 32 bytes.", [nameof(SigningKey)]);
        }
    }
}

using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using FitnessAssistant.ServiceDefaults.Authentication;
using Microsoft.IdentityModel.Tokens;

namespace FitnessAssistant.ServiceDefaults.Tests.Authentication;

public sealed class JwtOptionsTests
{
    private static string NewKey(int bytes = 32) => Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes));

    [Fact]
    public void Every_key_must_be_base64_of_at_least_32_bytes()
    {
        var options = new JwtOptions { SigningKey = NewKey(16), PreviousSigningKeys = [NewKey(), "not base64!"] };
        var errors = options.Validate(new ValidationContext(options)).Select(e => e.ErrorMessage).ToList();
        errors.Should().HaveCount(2);
        errors.Should().Contain(e => e!.StartsWith("Jwt:SigningKey ", StringComparison.Ordinal));
        errors.Should().Contain(e => e!.StartsWith("Jwt:PreviousSigningKeys:1 ", StringComparison.Ordinal));
    }

    [Fact]
    public void The_current_and_the_retiring_keys_validate_each_under_its_own_key_id()
    {
        var (current, retiring) = (NewKey(), NewKey());
        var keys = new JwtOptions { SigningKey = current, PreviousSigningKeys = [retiring] }.ValidationKeys().Cast<SymmetricSecurityKey>().ToList();

        keys.Select(k => Convert.ToBase64String(k.Key)).Should().Equal(current, retiring);
        keys.Select(k => k.KeyId).Should().OnlyHaveUniqueItems().And.AllSatisfy(id => id.Should().HaveLength(16));
        keys[0].KeyId.Should().Be(JwtOptions.KeyId(Convert.FromBase64String(current)), "the id is derived from the key alone");
    }
}

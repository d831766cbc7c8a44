using System.Text.Json;
using FitnessAssistant.MetadataService.Catalog;
using FitnessAssistant.MetadataService.Idempotency;

namespace FitnessAssistant.MetadataService.Tests;

public sealed class IdempotencyTests
{
    private static readonly Vocabulary.CatalogVocabulary Vocabulary = TestVocabulary.Create();

    private const string Body = """
        {"name":"Wall Press","category":"strength","level":"beginner","force":"push","mechanic":"compound",
         "equipment":"body only","primaryMuscles":["chest","triceps"],"secondaryMuscles":[],"aliases":["wall push-up"],
         "instructions":["Lean on the wall.","Push away."]}
        """;

    /// <summary>The fingerprint of a body as the API computes it: deserialised, validated, then fingerprinted.</summary>
    private static string Fingerprint(string body, string operation = "create")
    {
        var input = JsonSerializer.Deserialize<ExerciseInput>(body, JsonSerializerOptions.Web)!;
        var outcome = ExerciseValidator.Validate(input, Vocabulary);
        outcome.Errors.Should().BeEmpty();
        return RequestFingerprint.Of(operation, outcome.Draft!);
    }

    [Fact]
    public void A_fingerprint_is_a_sha256_in_hex_and_the_same_for_the_same_body()
    {
        var fingerprint = Fingerprint(Body);

        fingerprint.Should().MatchRegex("^[0-9a-f]{64}$");
        Fingerprint(Body).Should().Be(fingerprint);
    }

    [Fact]
    public void Property_order_whitespace_and_what_validation_normalises_do_not_change_it()
    {
        const string Reordered = """
            {  "instructions" : [ "Lean on the wall.", "Push away." ], "aliases": ["wall push-up"], "secondaryMuscles": [],
               "primaryMuscles": ["Chest", "triceps", "chest"], "equipment": "body only", "mechanic": "compound",
               "force": "PUSH", "level": " Beginner ", "category": "strength", "name": "  Wall   Press ", "id": "wall-press" }
            """;

        Fingerprint(Reordered).Should().Be(Fingerprint(Body));
    }

    [Theory]
    [InlineData("\"Wall Press\"", "\"Wall Press Plus\"")]
    [InlineData("\"level\":\"beginner\"", "\"level\":\"expert\"")]
    [InlineData("[\"chest\",\"triceps\"]", "[\"chest\"]")]
    [InlineData("[\"Lean on the wall.\",\"Push away.\"]", "[\"Push away.\",\"Lean on the wall.\"]")]
    [InlineData("\"aliases\":[\"wall push-up\"]", "\"aliases\":[]")]
    [InlineData("{\"name\"", "{\"description\":\"New.\",\"name\"")]
    public void Any_difference_in_what_would_be_stored_changes_it(string part, string replacement)
    {
        Body.Should().Contain(part);

        Fingerprint(Body.Replace(part, replacement)).Should().NotBe(Fingerprint(Body));
    }

    [Fact]
    public void The_operation_is_part_of_it()
        => Fingerprint(Body, "update").Should().NotBe(Fingerprint(Body, "create"));

    [Theory]
    [InlineData("8e03978e-40d5-43e8-bc93-6894a57f9324", "8e03978e-40d5-43e8-bc93-6894a57f9324")]
    [InlineData("\"8e03978e-40d5-43e8-bc93-6894a57f9324\"", "8e03978e-40d5-43e8-bc93-6894a57f9324")]
    [InlineData("client-7:write/42+retry=ok_1.0", "client-7:write/42+retry=ok_1.0")]
    public void Keys_of_uuid_and_base64_characters_are_accepted(string header, string key)
        => IdempotencyKey.Read(header).Should().Be((key, (string?)null));

    [Fact]
    public void No_header_means_no_key_and_no_error()
        => IdempotencyKey.Read(null).Should().Be(((string?)null, (string?)null));

    [Theory]
    [InlineData("", "characters long (got 0)")]
    [InlineData("short-key-123", "characters long (got 13)")]
    [InlineData("8e03978e 40d5 43e8 bc93", "character 9")]
    [InlineData("8e03978e-40d5-43e8-bc93\u0000", "character 24")]
    [InlineData("8e03978e-40d5-43e8-bc93,8e03978e-40d5-43e8-bc94", "character 24")]
    [InlineData("ключ-идемпотентности-длинный", "character 1")]
    public void Keys_that_are_too_short_too_long_or_hold_other_characters_are_refused(string header, string reason)
    {
        var (key, error) = IdempotencyKey.Read(header);

        key.Should().BeNull();
        error.Should().Contain(reason);
    }

    [Fact]
    public void A_key_longer_than_the_limit_is_refused()
        => IdempotencyKey.Read(new string('k', IdempotencyKey.MaxLength + 1)).Error.Should().Contain($"got {IdempotencyKey.MaxLength + 1}");
}

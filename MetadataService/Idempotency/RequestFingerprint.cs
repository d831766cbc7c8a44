using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FitnessAssistant.MetadataService.Catalog;

namespace FitnessAssistant.MetadataService.Idempotency;

/// <summary>
/// What makes two requests under one idempotency key "the same": the operation and the validated, normalised body
/// (<see cref="ExerciseDraft"/>). Bodies that differ only in what validation normalises away (property order,
/// whitespace, surrounding blanks, the spelling of a vocabulary value, an id left to be derived from the name) are
/// the same write; any difference in what would be stored is another request.
/// </summary>
public static class RequestFingerprint
{
    /// <param name="operation">The operation and its target, e.g. <c>create</c> or <c>update Barbell_Squat</c>.</param>
    public static string Of(string operation, ExerciseDraft draft)
    {
        var body = JsonSerializer.Serialize(draft, JsonSerializerOptions.Web);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{operation}\n{body}")));
    }
}

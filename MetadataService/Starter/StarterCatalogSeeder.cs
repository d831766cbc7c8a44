using System.Security.Cryptography;
using System.Text.Json;
using FitnessAssistant.MetadataService.Catalog;
using FitnessAssistant.MetadataService.Vocabulary;

namespace FitnessAssistant.MetadataService.Starter;

/// <summary>
/// Loads the project's own starter catalog (Starter/starter-catalog.json, embedded) on the first start of an empty
/// system, so search is useful on a fresh machine. Recorded in <c>catalog_seeds</c>: a later start, or an admin who
/// deleted a starter exercise, is not overridden. Exercises already present (e.g. imported first) are left alone.
/// Starter ids match free-exercise-db's ids for the same exercises, so importing free-exercise-db later updates
/// them in place (keeping our descriptions and aliases) instead of duplicating them.
/// </summary>
public sealed class StarterCatalogSeeder(ILogger<StarterCatalogSeeder> logger)
{
    public const string SeedName = "starter-catalog";
    private const string ResourceName = "Starter.starter-catalog.json";

    public static byte[] Content { get; } = ReadResource();

    /// <summary>Every entry of the starter file, validated; throws naming the first bad entry (it is our own file).</summary>
    public static IReadOnlyList<ExerciseDraft> Drafts(CatalogVocabulary vocabulary)
    {
        var inputs = JsonSerializer.Deserialize<List<ExerciseInput>>(Content, JsonSerializerOptions.Web)
                     ?? throw new InvalidDataException("The starter catalog is empty.");
        var drafts = new List<ExerciseDraft>(inputs.Count);
        foreach (var input in inputs)
        {
            var outcome = ExerciseValidator.Validate(input, vocabulary, idRequired: true);
            if (!outcome.IsValid)
            {
                throw new InvalidDataException($"Starter exercise '{input.Id}' is invalid: " +
                    string.Join("; ", outcome.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
            }
            drafts.Add(outcome.Draft!);
        }
        var duplicate = drafts.GroupBy(d => d.Id, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? drafts : throw new InvalidDataException($"Starter id '{duplicate.Key}' appears twice.");
    }

    /// <summary>Seeds unless done before; true when it wrote anything. The caller holds the schema lock.</summary>
    public async Task<bool> SeedAsync(NpgsqlConnection connection, CatalogVocabulary vocabulary, CancellationToken cancellationToken)
    {
        if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM catalog_seeds WHERE name = @SeedName)", new { SeedName }, cancellationToken: cancellationToken)))
        {
            return false;
        }
        var drafts = Drafts(vocabulary);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var created = 0;
        foreach (var draft in drafts)
        {
            if (await ExerciseWriter.InsertAsync(connection, transaction, draft, ExerciseSource.Starter, cancellationToken) is not null)
            {
                created++;
            }
        }
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO catalog_seeds (name, checksum, exercises) VALUES (@SeedName, @Checksum, @created)",
            new { SeedName, Checksum = Convert.ToHexString(SHA256.HashData(Content)).ToLowerInvariant(), created },
            transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Loaded the starter catalog: {Created} of {Total} exercises created ({Skipped} already present)",
            created, drafts.Count, drafts.Count - created);
        return created > 0;
    }

    private static byte[] ReadResource()
    {
        using var stream = typeof(StarterCatalogSeeder).Assembly.GetManifestResourceStream(ResourceName)
                           ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}

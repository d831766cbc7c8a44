using System.Text.Json;
using FitnessAssistant.MetadataService.Vocabulary;

namespace FitnessAssistant.MetadataService.Experiments;

/// <summary>
/// The judged set the system ships (Experiments/core-judged-set.json, embedded), loaded at start-up when no set
/// with its id exists. At start-up rather than in a migration: the file is validated by the same code as an admin's
/// import (against the vocabulary the migrations just loaded), it stays a readable JSON file in qrels.py's rule
/// format, and a later build can improve it without a new migration. An operator who deleted it gets it
/// back at the next start; one who edited it keeps the edits (the id exists).
/// </summary>
public sealed class CoreJudgedSet(ILogger<CoreJudgedSet> logger)
{
    public const string ResourceName = "Experiments.core-judged-set.json";

    /// <summary>The shipped set, validated; throws naming every problem (it is our own file).</summary>
    public static JudgedSetDraft Draft(CatalogVocabulary vocabulary)
    {
        using var stream = typeof(CoreJudgedSet).Assembly.GetManifestResourceStream(ResourceName)
                           ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        var input = JsonSerializer.Deserialize<JudgedSetInput>(stream, JsonSerializerOptions.Web)
                    ?? throw new InvalidDataException("The core judged set is empty.");
        var (draft, errors) = JudgedSetValidator.Validate(input, vocabulary);
        return draft ?? throw new InvalidDataException("The core judged set is invalid: " +
            string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
    }

    public async Task SeedAsync(NpgsqlConnection connection, CatalogVocabulary vocabulary, CancellationToken cancellationToken)
    {
        var draft = Draft(vocabulary);
        if (await JudgedSetStore.SeedAsync(connection, draft, cancellationToken))
        {
            logger.LogInformation("Loaded the judged set '{Set}' ({Queries} queries)", draft.Id, draft.Queries.Count);
        }
    }
}

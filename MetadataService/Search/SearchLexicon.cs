using FitnessAssistant.MetadataService.Data;

namespace FitnessAssistant.MetadataService.Search;

/// <summary>
/// The catalog's words with document counts, for clients doing their own spelling correction. Read live from the
/// primary (<c>catalog_words()</c>), not from the lexicon materialized for keyword search, which is refreshed a
/// moment after each write: a client that fetches words because the catalog changed must find that change in them.
/// Clients fetch when the index epoch moves (at most about once a second), so the scan is rare.
/// </summary>
public sealed class SearchLexicon(CatalogDataSources dataSources)
{
    public async Task<IReadOnlyList<(string Word, int DocumentCount)>> WordsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSources.Primary.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<(string Word, int DocumentCount)>(new CommandDefinition(
            "SELECT word, ndoc FROM catalog_words() WHERE word ~ '^[[:alpha:]][[:alpha:]-]+$' ORDER BY ndoc DESC, word", cancellationToken: cancellationToken))];
    }
}

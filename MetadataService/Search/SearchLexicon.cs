using FitnessAssistant.MetadataService.Data;

namespace FitnessAssistant.MetadataService.Search;

/// <summary>The catalog's words with document counts (<c>search_lexicon</c>), for clients doing their own spelling correction.</summary>
public sealed class SearchLexicon(ReadYourWrites reads)
{
    public async Task<IReadOnlyList<(string Word, int DocumentCount)>> WordsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await reads.OpenAsync(null, cancellationToken);
        return [.. await connection.QueryAsync<(string Word, int DocumentCount)>(new CommandDefinition(
            "SELECT word, ndoc FROM search_lexicon WHERE word ~ '^[[:alpha:]][[:alpha:]-]+$' ORDER BY ndoc DESC, word", cancellationToken: cancellationToken))];
    }
}

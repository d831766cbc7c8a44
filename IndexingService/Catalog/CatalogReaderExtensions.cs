namespace FitnessAssistant.IndexingService.Catalog;

public static class CatalogReaderExtensions
{
    /// <summary>The number of exercises in the catalog now: its total when the first page carries one, else a walk.</summary>
    public static async Task<long> CountAsync(this ICatalogReader catalog, int pageSize, CancellationToken cancellationToken)
    {
        var first = await catalog.ListAsync(null, 1, cancellationToken);
        if (first.TotalCount is { } total)
        {
            return total;
        }
        long count = first.Exercises.Count;
        for (var token = first.NextPageToken; token is not null;)
        {
            var page = await catalog.ListAsync(token, pageSize, cancellationToken);
            count += page.Exercises.Count;
            token = page.NextPageToken;
        }
        return count;
    }
}

using FitnessAssistant.IndexingService.Catalog;
using FitnessAssistant.IndexingService.Pipeline;
using FitnessAssistant.ServiceDefaults;

namespace FitnessAssistant.IndexingService.Tests.Fakes;

internal sealed class FakeCatalog : ICatalogReader
{
    public Dictionary<string, CatalogExercise> Exercises { get; } = new(StringComparer.Ordinal);

    public List<IReadOnlyDictionary<string, long>> Fetches { get; } = [];

    public bool Down { get; set; }

    public CatalogExercise Put(string id, long rowVersion, string? name = null, string category = "strength")
        => Exercises[id] = new CatalogExercise(id, name ?? id.Replace('_', ' '), [], null, ["Stand up straight."], category, "beginner",
            "push", "compound", "body only", ["chest"], ["triceps"], rowVersion);

    public Task<IReadOnlyList<CatalogExercise>> GetAsync(IReadOnlyDictionary<string, long> minimumRowVersions, CancellationToken cancellationToken)
    {
        if (Down)
        {
            throw new DependencyUnavailableException("metadata", "unavailable");
        }
        Fetches.Add(minimumRowVersions);
        return Task.FromResult<IReadOnlyList<CatalogExercise>>(minimumRowVersions.Keys
            .Where(Exercises.ContainsKey).Select(id => Exercises[id]).ToList());
    }

    public Task<CatalogPage> ListAsync(string? pageToken, int pageSize, CancellationToken cancellationToken)
    {
        if (Down)
        {
            throw new DependencyUnavailableException("metadata", "unavailable");
        }
        // Keyset paging by id, as the metadata service pages: a row inserted behind the position is not seen by this walk.
        var all = Exercises.Values.OrderBy(e => e.Id, StringComparer.Ordinal).ToList();
        var page = all.Where(e => pageToken is null || string.CompareOrdinal(e.Id, pageToken) > 0).Take(pageSize).ToList();
        var next = page.Count > 0 && string.CompareOrdinal(page[^1].Id, all[^1].Id) < 0 ? page[^1].Id : null;
        return Task.FromResult(new CatalogPage(page, next, all.Count));
    }
}

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
        var all = Exercises.Values.OrderBy(e => e.Id, StringComparer.Ordinal).ToList();
        var start = pageToken is null ? 0 : int.Parse(pageToken);
        var page = all.Skip(start).Take(pageSize).ToList();
        var next = start + page.Count < all.Count ? (start + page.Count).ToString() : null;
        return Task.FromResult(new CatalogPage(page, next, all.Count));
    }
}

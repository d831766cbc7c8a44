using FitnessAssistant.IndexingService.Pipeline;
using FitnessAssistant.Metadata.V1;
using FitnessAssistant.ServiceDefaults;
using Grpc.Core;

namespace FitnessAssistant.IndexingService.Catalog;

/// <summary>
/// <see cref="ICatalogReader"/> over the metadata service. Reads may come from a lagging read replica, so a row
/// older than the event that announced it (or missing although the event says it exists) is read again from the
/// primary: the index never embeds an old version and calls it done (FM-6).
/// </summary>
internal sealed class GrpcCatalogReader(MetadataService.MetadataServiceClient client) : ICatalogReader
{
    private const int MaxIdsPerCall = 500;
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    public async Task<IReadOnlyList<CatalogExercise>> GetAsync(IReadOnlyDictionary<string, long> minimumRowVersions, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, CatalogExercise>(StringComparer.Ordinal);
        foreach (var chunk in minimumRowVersions.Keys.Chunk(MaxIdsPerCall))
        {
            foreach (var exercise in await FetchAsync(chunk, primary: false, cancellationToken))
            {
                found[exercise.Id] = exercise;
            }
        }
        var behind = minimumRowVersions
            .Where(pair => minimumRowVersions[pair.Key] > 0 && (!found.TryGetValue(pair.Key, out var row) || row.RowVersion < pair.Value))
            .Select(pair => pair.Key)
            .ToList();
        foreach (var chunk in behind.Chunk(MaxIdsPerCall))
        {
            foreach (var id in chunk)
            {
                found.Remove(id);
            }
            foreach (var exercise in await FetchAsync(chunk, primary: true, cancellationToken))
            {
                found[exercise.Id] = exercise;
            }
        }
        return [.. found.Values];
    }

    public async Task<CatalogPage> ListAsync(string? pageToken, int pageSize, CancellationToken cancellationToken)
    {
        var response = await CallAsync(() => client.ListExercisesAsync(
            new ListExercisesRequest { Cursor = pageToken ?? "", Limit = Math.Clamp(pageSize, 1, 500) },
            deadline: DateTime.UtcNow + CallTimeout, cancellationToken: cancellationToken).ResponseAsync);
        return new CatalogPage(
            response.Exercises.Select(ToCatalogExercise).ToList(),
            string.IsNullOrEmpty(response.NextCursor) ? null : response.NextCursor,
            TotalCount: null);
    }

    private async Task<IEnumerable<CatalogExercise>> FetchAsync(IEnumerable<string> ids, bool primary, CancellationToken cancellationToken)
    {
        var request = new GetExercisesRequest();
        request.Ids.AddRange(ids);
        if (primary)
        {
            request.Consistency = new ReadConsistency { Primary = true };
        }
        var response = await CallAsync(() => client.GetExercisesAsync(request, deadline: DateTime.UtcNow + CallTimeout, cancellationToken: cancellationToken).ResponseAsync);
        return response.Exercises.Select(ToCatalogExercise);
    }

    private static async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.ResourceExhausted
                                           or StatusCode.DeadlineExceeded or StatusCode.Aborted or StatusCode.Unknown)
        {
            throw new DependencyUnavailableException("metadata", ex.Status.Detail, ex);
        }
    }

    private static CatalogExercise ToCatalogExercise(Exercise e) => new(
        e.Id,
        e.Name,
        [.. e.Aliases],
        e.HasDescription ? e.Description : null,
        [.. e.Instructions],
        e.Category,
        e.Level,
        e.HasForce ? e.Force : null,
        e.HasMechanic ? e.Mechanic : null,
        e.HasEquipment ? e.Equipment : null,
        [.. e.PrimaryMuscles],
        [.. e.SecondaryMuscles],
        e.RowVersion);
}

using System.Text.RegularExpressions;
using FitnessAssistant.Metadata.V1;

namespace FitnessAssistant.IndexingService.Registry;

/// <summary>
/// What the catalog's embedding-version registry (docs/metadata.md) must be told so it matches the index, which is
/// the truth searches read: a version being built is <c>building</c>, the active version <c>active</c>, every other
/// version (kept for rollback, failed or dropped) <c>retired</c>. Computed from both sides each time, so a missed
/// or failed update is repaired by the next pass.
/// </summary>
public static partial class RegistryPlan
{
    /// <summary>The registry id of an index version: model, model version and version name, e.g. <c>use-lite-en@0.2.0-v3</c>.</summary>
    public static string IdOf(IndexVersion version) => $"{version.Model.Id}@{version.Model.Version}-{version.Name}";

    /// <summary>Registrations first (an activation or retirement needs its entry), then the activation, then retirements.</summary>
    public static IReadOnlyList<RegistryStep> Plan(IReadOnlyList<IndexVersion> live, IReadOnlyList<EmbeddingVersion> registry)
    {
        // The status each entry will have once the steps planned so far are applied.
        var status = registry.ToDictionary(v => v.Id, v => v.Status, StringComparer.Ordinal);
        var steps = new List<RegistryStep>();

        // A failed version is not worth a record of its own; one registered while it was building is retired below.
        foreach (var version in live.Where(v => v.State != IndexVersionState.Failed && !status.ContainsKey(IdOf(v))))
        {
            steps.Add(new RegistryStep(RegistryAction.Register, IdOf(version), new RegisterEmbeddingVersionRequest
            {
                Id = IdOf(version),
                Model = version.Model.Id,
                Version = version.Model.Version,
                Dimensions = version.Dimensions,
            }));
            status[IdOf(version)] = EmbeddingVersionStatus.Building;
        }

        if (live.FirstOrDefault(v => v.IsActive) is { } active && status[IdOf(active)] != EmbeddingVersionStatus.Active)
        {
            steps.Add(new RegistryStep(RegistryAction.Activate, IdOf(active)));
            // The registry retires the previous active entry in the same transaction.
            foreach (var id in status.Where(e => e.Value == EmbeddingVersionStatus.Active).Select(e => e.Key).ToList())
            {
                status[id] = EmbeddingVersionStatus.Retired;
            }
            status[IdOf(active)] = EmbeddingVersionStatus.Active;
        }

        // Not serving: inactive live versions and entries of versions the index no longer has. Only entries this
        // service wrote are touched (other tools may keep records in the same registry), and an active entry is
        // never retired here: without an active version (a wiped index) nothing could replace it yet.
        var keep = live.Where(v => v.IsActive || v.State == IndexVersionState.Building).Select(IdOf).ToHashSet(StringComparer.Ordinal);
        var liveIds = live.Select(IdOf).ToHashSet(StringComparer.Ordinal);
        var idle = live.Select(IdOf).Where(id => !keep.Contains(id))
            .Concat(registry.Where(e => IsIndexVersion(e) && !liveIds.Contains(e.Id)).Select(e => e.Id));
        foreach (var id in idle)
        {
            if (status.TryGetValue(id, out var current) && current is (EmbeddingVersionStatus.Building or EmbeddingVersionStatus.Unspecified))
            {
                steps.Add(new RegistryStep(RegistryAction.Retire, id));
                status[id] = EmbeddingVersionStatus.Retired;
            }
        }
        return steps;
    }

    private static bool IsIndexVersion(EmbeddingVersion entry)
    {
        var prefix = $"{entry.Model}@{entry.Version}-";
        return entry.Id.StartsWith(prefix, StringComparison.Ordinal) && VersionName().IsMatch(entry.Id[prefix.Length..]);
    }

    [GeneratedRegex("^v[0-9]+$")]
    private static partial Regex VersionName();
}

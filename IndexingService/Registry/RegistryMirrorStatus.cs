namespace FitnessAssistant.IndexingService.Registry;

/// <summary>
/// Whether the registry matched the index after the last pass (admin API). <paramref name="LastError"/> names what
/// failed; <paramref name="OutOfSyncSince"/> is when the mirror first failed since it last succeeded.
/// </summary>
public sealed record RegistryMirrorStatus(bool InSync, DateTimeOffset? LastSyncedAt, string? LastError, DateTimeOffset? OutOfSyncSince);

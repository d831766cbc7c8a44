namespace FitnessAssistant.MetadataService.Catalog;

public enum WriteStatus
{
    Created,
    Updated,
    Deleted,
    NotFound,
    VersionMismatch,
    DuplicateId,

    /// <summary>An earlier request with the same idempotency key wrote <see cref="CatalogWriteResult.Exercise"/>; nothing was written now.</summary>
    Replayed,

    /// <summary>A request with the same idempotency key is still being processed.</summary>
    KeyInFlight,

    /// <summary>The idempotency key was used for a different request.</summary>
    KeyReused,
}

/// <summary>
/// The outcome of one catalog write. <see cref="CurrentVersion"/> is the stored version on a mismatch;
/// <see cref="Lsn"/> is the primary's WAL position after the commit, when a read replica needs it for read-your-writes.
/// </summary>
public sealed record CatalogWriteResult(WriteStatus Status, Exercise? Exercise = null, long? CurrentVersion = null, string? Lsn = null);

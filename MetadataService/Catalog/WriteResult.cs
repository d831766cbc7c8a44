namespace FitnessAssistant.MetadataService.Catalog;

public enum WriteStatus
{
    Created,
    Updated,
    Deleted,
    NotFound,
    VersionMismatch,
    DuplicateId,
}

/// <summary>
/// The outcome of one catalog write. <see cref="CurrentVersion"/> is the stored version on a mismatch;
/// <see cref="Lsn"/> is the primary's WAL position after the commit, when a read replica needs it for read-your-writes.
/// </summary>
public sealed record WriteResult(WriteStatus Status, Exercise? Exercise = null, long? CurrentVersion = null, string? Lsn = null);

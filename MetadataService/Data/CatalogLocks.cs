namespace FitnessAssistant.MetadataService.Data;

/// <summary>
/// Postgres advisory lock keys. Fixed numbers rather than hashes of names so that they are greppable in
/// <c>pg_locks</c> (objid) and can never collide by accident with another feature of this service.
/// </summary>
public static class CatalogLocks
{
    /// <summary>Held while migrations and the starter catalog are applied: two replicas starting at once take turns.</summary>
    public const long Schema = 0x4641_4D45_5441_0001;

    /// <summary>Held for as long as one replica is the outbox relay, so events leave in one order.</summary>
    public const long OutboxRelay = 0x4641_4D45_5441_0002;
}

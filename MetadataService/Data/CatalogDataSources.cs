namespace FitnessAssistant.MetadataService.Data;

/// <summary>
/// The catalog database: the primary for every write (and reads that must see them), and an optional read replica
/// (<c>ConnectionStrings:catalogdb-read</c>) that takes plain reads off the primary. The container owns both.
/// </summary>
public sealed class CatalogDataSources(NpgsqlDataSource primary, NpgsqlDataSource? replica)
{
    public const string PrimaryName = "catalogdb";
    public const string ReplicaName = "catalogdb-read";

    public NpgsqlDataSource Primary { get; } = primary;

    public NpgsqlDataSource? Replica { get; } = replica;
}

using System.ComponentModel.DataAnnotations;

namespace FitnessAssistant.MetadataService.Data;

/// <summary>Replica lag sampling (section <c>ReplicaLag</c>); only used when <c>ConnectionStrings:catalogdb-read</c> is set.</summary>
public sealed class ReplicaLagOptions
{
    public const string Section = "ReplicaLag";

    /// <summary>
    /// Time between two samples (one position query on the primary, one on the replica): the lag's resolution, well
    /// under ReplicaLagHigh's 5 s threshold at the default, for two trivial queries every 2 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(2);
}

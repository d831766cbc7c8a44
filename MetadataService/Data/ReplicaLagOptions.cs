using System.ComponentModel.DataAnnotations;

namespace FitnessAssistant.MetadataService.Data;

/// <summary>
/// Replica lag sampling and the read routing it drives (section <c>ReplicaLag</c>, FM-6); only used when
/// <c>ConnectionStrings:catalogdb-read</c> is set.
/// </summary>
public sealed class ReplicaLagOptions : IValidatableObject
{
    public const string Section = "ReplicaLag";

    /// <summary>
    /// Time between two samples (one position query on the primary, one on the replica): the lag's resolution, well
    /// under ReplicaLagHigh's 5 s threshold at the default, for two trivial queries every 2 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A replica that has not answered a sample within this time counts as unreachable (reads move to the primary
    /// at once, without waiting for the connection or command timeout of a hung server).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan SampleTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Above this lag every catalog read goes to the primary (FM-6: nobody reads data older than this).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan PrimaryAbove { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Reads return to the replica only once the lag is below this: the gap between the two thresholds keeps a lag
    /// hovering around <see cref="PrimaryAbove"/> from switching the route back and forth.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan ReplicaBelow { get; set; } = TimeSpan.FromSeconds(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ReplicaBelow >= PrimaryAbove)
        {
            yield return new ValidationResult(
                "ReplicaLag:ReplicaBelow must be less than ReplicaLag:PrimaryAbove, or the route would flap.", [nameof(ReplicaBelow)]);
        }
        // The measured lag of a healthy replica saw-tooths up to one interval under steady writes.
        if (PrimaryAbove <= SampleInterval)
        {
            yield return new ValidationResult(
                "ReplicaLag:PrimaryAbove must be greater than ReplicaLag:SampleInterval, the lag's resolution.", [nameof(PrimaryAbove)]);
        }
    }
}

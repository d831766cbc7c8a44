using System.Globalization;

namespace FitnessAssistant.MetadataService.Data;

/// <summary>
/// Whether plain catalog reads may use the read replica, decided from the sampled lag with hysteresis (FM-6): they
/// move to the primary as soon as the lag exceeds <c>primaryAbove</c> or the replica is unreachable, and return only
/// once the replica answers and its lag is below <c>replicaBelow</c>. Starts on the primary, since nothing is known
/// about the replica before its first sample. Not thread-safe: the caller serialises access.
/// </summary>
public sealed class ReplicaReadRoute(TimeSpan primaryAbove, TimeSpan replicaBelow)
{
    private Cause _cause = Cause.NotSampled;
    private TimeSpan _lag;
    private string? _failure;

    public bool OnPrimary => _cause != Cause.None;

    /// <summary>Why reads are on the primary; null while they use the replica. Formatted on demand, not per read.</summary>
    public string? Reason => _cause switch
    {
        Cause.NotSampled => "the read replica has not been sampled yet",
        Cause.Unreachable => $"the read replica is unreachable ({_failure})",
        Cause.Lagging => string.Create(CultureInfo.InvariantCulture, $"the read replica lags {_lag.TotalSeconds:0.0} s (reads move to "
            + $"the primary above {primaryAbove.TotalSeconds:0.###} s and return below {replicaBelow.TotalSeconds:0.###} s)"),
        _ => null,
    };

    /// <summary>
    /// Applies the latest view of the replica: its lag, and whether it answered (null: not asked yet; a failure's
    /// message otherwise). Returns true when reads changed sides.
    /// </summary>
    public bool Update(TimeSpan lag, bool? reachable, string? failure = null)
    {
        var wasOnPrimary = OnPrimary;
        _lag = lag;
        _cause = reachable switch
        {
            null => Cause.NotSampled,
            false => Cause.Unreachable,
            true when (wasOnPrimary ? lag >= replicaBelow : lag > primaryAbove) => Cause.Lagging,
            true => Cause.None,
        };
        _failure = failure;
        return OnPrimary != wasOnPrimary;
    }

    private enum Cause
    {
        None,
        NotSampled,
        Unreachable,
        Lagging,
    }
}

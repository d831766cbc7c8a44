namespace FitnessAssistant.MetadataService.Data;

/// <summary>
/// Replica lag as "how long ago the primary had WAL that the replica has not replayed yet": the primary's flushed
/// position is sampled with its time, and the lag is the age of the oldest sample beyond the replica's replayed
/// position. Unlike now − <c>pg_last_xact_replay_timestamp()</c> it reads 0 on an idle primary (nothing to replay is
/// no lag) and keeps growing while replay is stuck or the replica unreachable, as long as the primary writes.
/// Resolution is the sampling interval. Not thread-safe: the caller serialises access.
/// </summary>
public sealed class ReplicaLagTracker(int maxSamples = 4096)
{
    private readonly LinkedList<Sample> _unreplayed = new();
    private TimeSpan _minSpacing = TimeSpan.Zero;

    /// <summary>The primary had flushed WAL up to <paramref name="lsn"/> at <paramref name="at"/>.</summary>
    public void PrimaryFlushed(DateTime at, decimal lsn)
    {
        if (_unreplayed.Last is { } newest)
        {
            // An idle primary's position does not move: only new positions are samples.
            if (lsn <= newest.Value.Lsn)
            {
                return;
            }
            // Thinned (below): the newest sample also stands for this position, dated from its own earlier time.
            if (at - newest.Value.At < _minSpacing)
            {
                newest.Value = newest.Value with { Lsn = lsn };
                return;
            }
        }
        _unreplayed.AddLast(new Sample(at, lsn));
        if (_unreplayed.Count > maxSamples)
        {
            Thin();
        }
    }

    /// <summary>The replica has replayed up to <paramref name="lsn"/>; null when it is not in recovery (nothing to replay).</summary>
    public void ReplicaReplayed(decimal? lsn)
    {
        while (_unreplayed.First is { } oldest && (lsn is null || oldest.Value.Lsn <= lsn))
        {
            _unreplayed.RemoveFirst();
        }
        if (_unreplayed.Count == 0)
        {
            _minSpacing = TimeSpan.Zero;
        }
    }

    public TimeSpan LagAt(DateTime now)
        => _unreplayed.First is { } oldest && now > oldest.Value.At ? now - oldest.Value.At : TimeSpan.Zero;

    /// <summary>
    /// A replica stuck for hours would grow the list without end: every second sample is merged into the one before
    /// it (which keeps its time and takes the later position), and new samples closer than the resulting spacing are
    /// merged the same way. The oldest time and the newest position are never lost, and thinning can only make the
    /// lag read higher (by at most the spacing), never lower: an alert is not missed because of it.
    /// </summary>
    private void Thin()
    {
        var keep = _unreplayed.First!;
        while (keep.Next is { } merged)
        {
            keep.Value = keep.Value with { Lsn = merged.Value.Lsn };
            _unreplayed.Remove(merged);
            if (keep.Next is not { } next)
            {
                break;
            }
            keep = next;
        }
        _minSpacing = (_unreplayed.Last!.Value.At - _unreplayed.First!.Value.At) / Math.Max(1, _unreplayed.Count - 1);
    }

    private readonly record struct Sample(DateTime At, decimal Lsn);
}

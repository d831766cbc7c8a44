using System.Diagnostics.Metrics;

namespace FitnessAssistant.AppHost.Orchestration;

/// <summary>
/// Free and total bytes of the filesystem that holds the state directory (PostgreSQL's cluster, RabbitMQ's queues,
/// Prometheus' series, every log), for the DiskAlmostFull alert (FM-15): a full volume stops PostgreSQL's writes and
/// raises RabbitMQ's disk alarm, and no server here exports its own disk figures. One statvfs per scrape.
/// </summary>
public static class StateVolumeMetrics
{
    public static void Publish(string stateDirectory, IMeterFactory meters)
    {
        var meter = meters.Create(ResourceMetrics.MeterName);
        var path = new KeyValuePair<string, object?>("path", stateDirectory);
        // Available to unprivileged processes (PostgreSQL and RabbitMQ do not run as root here): root's reserved
        // blocks are not space the servers can use.
        meter.CreateObservableGauge("fitness.apphost.disk.free", () => Measure(stateDirectory, drive => drive.AvailableFreeSpace, path), "By",
            "Bytes free for unprivileged processes on the filesystem of the AppHost's state directory.");
        meter.CreateObservableGauge("fitness.apphost.disk.size", () => Measure(stateDirectory, drive => drive.TotalSize, path), "By",
            "Size in bytes of the filesystem of the AppHost's state directory.");
    }

    private static IEnumerable<Measurement<long>> Measure(string directory, Func<DriveInfo, long> read, KeyValuePair<string, object?> path)
    {
        long value;
        try
        {
            // On Linux DriveInfo takes any path and asks statvfs about the filesystem it is on.
            value = read(new DriveInfo(directory));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Without a figure the series is absent for this scrape rather than a made-up 0.
            yield break;
        }
        yield return new Measurement<long>(value, path);
    }
}

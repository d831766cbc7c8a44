using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace FitnessAssistant.AppHost.Logs;

/// <summary>
/// The recent output of every resource (the last <see cref="Capacity"/> lines each), for the dashboard's log pages,
/// and live subscriptions for its streaming view.
/// </summary>
public sealed class ResourceLogStore(TimeProvider time)
{
    public const int Capacity = 5000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<LogEntry>> _entries = new();
    private readonly List<(string Resource, Channel<LogEntry> Channel)> _followers = [];
    private long _sequence;

    public LogEntry Append(string resource, string line)
    {
        lock (_gate)
        {
            var entry = LogLineParser.Parse(++_sequence, resource, line, time.GetUtcNow());
            if (!_entries.TryGetValue(resource, out var queue))
            {
                _entries[resource] = queue = new Queue<LogEntry>();
            }
            queue.Enqueue(entry);
            if (queue.Count > Capacity)
            {
                queue.Dequeue();
            }
            foreach (var follower in _followers.Where(f => f.Resource == resource))
            {
                follower.Channel.Writer.TryWrite(entry);
            }
            return entry;
        }
    }

    public IReadOnlyList<LogEntry> Read(string resource, long after = 0, int limit = Capacity)
    {
        lock (_gate)
        {
            return ReadLocked(resource, after, limit);
        }
    }

    /// <summary>The lines after <paramref name="after"/>, then every new line as it comes, until cancelled.</summary>
    public async IAsyncEnumerable<LogEntry> FollowAsync(string resource, long after, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A slow client loses its oldest unsent lines rather than holding memory without bound.
        var channel = Channel.CreateBounded<LogEntry>(new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest });
        IReadOnlyList<LogEntry> backlog;
        lock (_gate)
        {
            backlog = ReadLocked(resource, after, limit: 1000);
            _followers.Add((resource, channel));
        }
        try
        {
            foreach (var entry in backlog)
            {
                yield return entry;
            }
            await foreach (var entry in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return entry;
            }
        }
        finally
        {
            lock (_gate)
            {
                _followers.RemoveAll(f => f.Channel == channel);
            }
        }
    }

    private List<LogEntry> ReadLocked(string resource, long after, int limit)
        => _entries.TryGetValue(resource, out var queue) ? [.. queue.Where(entry => entry.Sequence > after).TakeLast(limit)] : [];
}

namespace FitnessAssistant.AppHost.Telemetry;

/// <summary>
/// The most recent traces in memory (the dashboard is for watching a live system, not an archive): spans grouped by
/// trace id, the oldest trace evicted first once <see cref="MaxTraces"/> is reached.
/// </summary>
public sealed class TraceStore
{
    public const int MaxTraces = 2000;
    public const int MaxSpansPerTrace = 1000;

    /// <summary>Requests from probes and scrapers: traces rooted in them are not listed (they would bury real traffic).</summary>
    private static readonly HashSet<string> ProbePaths = ["/health", "/alive", "/metrics"];

    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<SpanRecord>> _traces = new();
    private readonly LinkedList<string> _order = new();
    private readonly Dictionary<string, LinkedListNode<string>> _nodes = new();

    public int TraceCount
    {
        get
        {
            lock (_gate)
            {
                return _traces.Count;
            }
        }
    }

    public void Add(IEnumerable<SpanRecord> spans)
    {
        lock (_gate)
        {
            foreach (var span in spans)
            {
                if (!_traces.TryGetValue(span.TraceId, out var trace))
                {
                    trace = [];
                    _traces[span.TraceId] = trace;
                    _nodes[span.TraceId] = _order.AddLast(span.TraceId);
                    if (_traces.Count > MaxTraces)
                    {
                        var oldest = _order.First!.Value;
                        _order.RemoveFirst();
                        _nodes.Remove(oldest);
                        _traces.Remove(oldest);
                    }
                }
                if (trace.Count < MaxSpansPerTrace)
                {
                    trace.Add(span);
                }
            }
        }
    }

    /// <summary>The newest traces first; optionally only those with a span from <paramref name="service"/>.</summary>
    public IReadOnlyList<TraceSummary> List(string? service = null, int limit = 100)
    {
        lock (_gate)
        {
            return _traces.Values
                .Select(Summarize)
                .Where(summary => !summary.IsProbe)
                .Where(summary => service is null || summary.Services.Contains(service))
                .OrderByDescending(summary => summary.StartUnixNano)
                .Take(limit)
                .ToList();
        }
    }

    public TraceDetail? Get(string traceId)
    {
        lock (_gate)
        {
            if (!_traces.TryGetValue(traceId.ToLowerInvariant(), out var spans))
            {
                return null;
            }
            var ordered = spans.OrderBy(span => span.StartUnixNano).ToList();
            return new TraceDetail(Summarize(spans), ordered);
        }
    }

    private static TraceSummary Summarize(List<SpanRecord> spans)
    {
        var ids = spans.Select(span => span.SpanId).ToHashSet();
        var root = spans.Where(span => span.ParentSpanId is null || !ids.Contains(span.ParentSpanId))
            .MinBy(span => span.StartUnixNano) ?? spans[0];
        var start = spans.Min(span => span.StartUnixNano);
        var end = spans.Max(span => span.EndUnixNano);
        var path = root.Attributes.GetValueOrDefault("http.route") ?? root.Attributes.GetValueOrDefault("url.path")
            ?? (Uri.TryCreate(root.Attributes.GetValueOrDefault("url.full"), UriKind.Absolute, out var url) ? url.AbsolutePath : null);
        return new TraceSummary(
            root.TraceId,
            root.Name,
            root.Service,
            start,
            Math.Max(0, end - start) / 1e6,
            spans.Count,
            [.. spans.Select(span => span.Service).Distinct().Order()],
            spans.Any(span => span.IsError),
            // A probe served (server span), or sent by a health checker such as the gateway's (client span).
            root.ParentSpanId is null && root.Kind is "server" or "client" && path is not null && ProbePaths.Contains(path));
    }
}

/// <summary>One line of the trace list.</summary>
public sealed record TraceSummary(
    string TraceId,
    string RootName,
    string RootService,
    long StartUnixNano,
    double DurationMs,
    int SpanCount,
    IReadOnlyList<string> Services,
    bool HasError,
    bool IsProbe);

/// <summary>A trace with its spans in start order, for the waterfall.</summary>
public sealed record TraceDetail(TraceSummary Summary, IReadOnlyList<SpanRecord> Spans);

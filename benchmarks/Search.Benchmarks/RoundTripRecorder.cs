using System.Collections.Concurrent;
using System.Diagnostics;
using StackExchange.Redis;
using StackExchange.Redis.Profiling;

namespace FitnessAssistant.Search.Benchmarks;

/// <summary>
/// The downstream calls of one search as the deployed search service makes them: every Redis command (StackExchange.Redis
/// profiling), every query embedding, k-NN search, keyword search and detail load (each one gRPC call or SQL search in
/// the service), and, for the k-NN searches, every SQL command they send to PostgreSQL (Npgsql's activities). A call is
/// a span (start, end); <see cref="Take"/> gives the calls of the search since the last take and how many of them run
/// one after another (the longest chain of calls each starting after the one before it ended).
/// </summary>
public sealed class RoundTripRecorder : IDisposable
{
    private readonly ConcurrentQueue<Call> _calls = new();
    private readonly ActivityListener _postgres;
    private ProfilingSession _redis = new();
    private int _postgresCommands;

    public RoundTripRecorder(string vectorDatabase)
    {
        _postgres = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem("db.name") as string == vectorDatabase || activity.GetTagItem("db.namespace") as string == vectorDatabase)
                {
                    Interlocked.Increment(ref _postgresCommands);
                }
            },
        };
        ActivitySource.AddActivityListener(_postgres);
    }

    public void Attach(IConnectionMultiplexer redis) => redis.RegisterProfiler(() => _redis);

    public async Task<T> RecordAsync<T>(string kind, Func<Task<T>> call)
    {
        var start = DateTime.UtcNow;
        try
        {
            return await call();
        }
        finally
        {
            _calls.Enqueue(new Call(kind, start, DateTime.UtcNow));
        }
    }

    /// <summary>The calls since the last take; Redis writes are left out (the service makes them off the response path).</summary>
    public SearchCalls Take()
    {
        var redis = Interlocked.Exchange(ref _redis, new ProfilingSession()).FinishProfiling()
            .Where(c => !IsWrite(c.Command))
            .Select(c => new Call($"redis {c.Command}", c.CommandCreated, c.CommandCreated + c.ElapsedTime));
        var calls = new List<Call>();
        while (_calls.TryDequeue(out var call))
        {
            calls.Add(call);
        }
        calls.AddRange(redis);
        return new SearchCalls(calls, Interlocked.Exchange(ref _postgresCommands, 0));
    }

    public void Dispose() => _postgres.Dispose();

    private static bool IsWrite(string command) => command is "SET" or "SETEX" or "PSETEX" or "MSET" or "EXPIRE" or "DEL";

    public sealed record Call(string Kind, DateTime Start, DateTime End);

    public sealed record SearchCalls(IReadOnlyList<Call> Calls, int VectorSqlCommands)
    {
        /// <summary>The longest chain of calls where each starts after the previous one ended: the round trips in a row.</summary>
        public int Sequential
        {
            get
            {
                var ordered = Calls.OrderBy(c => c.Start).ToList();
                var chain = new int[ordered.Count];
                for (var i = 0; i < ordered.Count; i++)
                {
                    chain[i] = 1 + Enumerable.Range(0, i).Where(j => ordered[j].End <= ordered[i].Start).Select(j => chain[j]).DefaultIfEmpty(0).Max();
                }
                return chain.DefaultIfEmpty(0).Max();
            }
        }
    }
}

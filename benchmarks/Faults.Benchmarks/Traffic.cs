using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace FitnessAssistant.Faults.Benchmarks;

/// <summary>
/// The load a scenario puts on the system through the gateway, open loop (a request every 1/rate seconds whatever
/// the answers, so a failing system gets no rest, up to a bound on requests in flight): searches of the kinds users
/// type, half of them repeated (cache hits) and half with random filters (misses), and admin creates that
/// a careful client retries with the same <c>Idempotency-Key</c> until one attempt is answered.
/// </summary>
public sealed class Traffic(FaultSystem system, string scenario)
{
    private const int MaxInFlight = 400;
    private const int WriteAttempts = 15;
    private static readonly string[] Queries =
    [
        "lower back no equipment", "press-ups", "presses without a machine", "dumbbell chest", "hamstring stretch",
        "beginner abs", "kettlebell swing", "shoulder mobility", "glute bridge", "pull up alternatives", "calf raises",
        "triceps at home", "Kreuzheben", "squat variations", "core stability", "biceps curl", "quad stretch",
        "explosive legs", "upper back rows", "forearm grip",
    ];

    private static readonly string[] Muscles =
    [
        "abdominals", "abductors", "adductors", "biceps", "calves", "chest", "forearms", "glutes", "hamstrings", "lats",
        "lower back", "middle back", "neck", "quadriceps", "shoulders", "traps", "triceps",
    ];
    private static readonly string[] Equipment = ["body only", "dumbbell", "barbell", "cable", "kettlebells", "bands", "machine", "other"];
    private static readonly string[] Levels = ["beginner", "intermediate", "expert"];

    private readonly ConcurrentQueue<Outcome> _outcomes = new();
    private readonly ConcurrentDictionary<string, long?> _writes = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = MaxInFlight, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        BaseAddress = system.Gateway,
        Timeout = TimeSpan.FromSeconds(10),
    };
    private int _inFlight;
    private int _writeNumber;

    public TimeSpan Elapsed => _clock.Elapsed;

    public IReadOnlyList<Outcome> Outcomes => [.. _outcomes];

    /// <summary>Every write the suite attempted, with the row version of the answer that acknowledged it (null: never acknowledged).</summary>
    public IReadOnlyDictionary<string, long?> Writes => _writes;

    public string WriteNamePrefix => $"Fault Drill {scenario} ";

    /// <summary>Searches at <paramref name="searchesPerSecond"/> and writes at <paramref name="writesPerSecond"/> until <paramref name="stop"/>.</summary>
    public async Task RunAsync(double searchesPerSecond, double writesPerSecond, CancellationToken stop, bool uncachedOnly = false)
    {
        var searches = OpenLoopAsync(searchesPerSecond, () => SearchAsync(uncachedOnly), stop);
        var writes = OpenLoopAsync(writesPerSecond, WriteAsync, stop);
        await Task.WhenAll(searches, writes);
        // Requests sent before the stop are answered (or time out) before the scenario is judged.
        while (Volatile.Read(ref _inFlight) > 0)
        {
            await Task.Delay(50);
        }
    }

    /// <summary>Closed loop: <paramref name="concurrency"/> workers sending uncached searches back to back, for a capacity measurement.</summary>
    public async Task RunClosedAsync(int concurrency, CancellationToken stop)
        => await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await SearchAsync(uncachedOnly: true);
            }
        })));

    private async Task OpenLoopAsync(double perSecond, Func<Task> send, CancellationToken stop)
    {
        if (perSecond <= 0)
        {
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / perSecond));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                if (Volatile.Read(ref _inFlight) < MaxInFlight)
                {
                    _ = ReportFailureAsync(send());
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>A request that throws rather than records an outcome is a defect of the suite: it is shown, not lost.</summary>
    private static async Task ReportFailureAsync(Task request)
    {
        try
        {
            await request;
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"[faults] a request of the suite failed: {ex}");
        }
    }

    private async Task SearchAsync(bool uncachedOnly)
    {
        var query = Queries[Random.Shared.Next(Queries.Length)];
        var path = $"/api/v1/search?q={Uri.EscapeDataString(query)}";
        if (uncachedOnly || Random.Shared.Next(2) == 0)
        {
            // The cache key is the query and its filters: a random filter combination (about 600 of them per query)
            // makes nearly every such search a miss.
            path += $"&muscle={Uri.EscapeDataString(Muscles[Random.Shared.Next(Muscles.Length)])}" +
                $"&equipment={Uri.EscapeDataString(Equipment[Random.Shared.Next(Equipment.Length)])}&level={Levels[Random.Shared.Next(Levels.Length)]}";
        }
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Api-Key", system.ApiKey);
        (await SendAsync(RequestKind.Search, request)).Response?.Dispose();
    }

    private async Task WriteAsync()
    {
        var number = Interlocked.Increment(ref _writeNumber);
        var id = $"fault-{scenario}-{number}-{Guid.NewGuid():N}";
        id = id[..Math.Min(id.Length, 64)];
        _writes[id] = null;
        var exercise = new JsonObject
        {
            ["id"] = id,
            ["name"] = WriteNamePrefix + number,
            ["description"] = "Written by the fault-and-load suite.",
            ["category"] = "strength",
            ["level"] = "beginner",
            ["force"] = "push",
            ["mechanic"] = "compound",
            ["equipment"] = "body only",
            ["primaryMuscles"] = new JsonArray("glutes"),
            ["secondaryMuscles"] = new JsonArray("hamstrings"),
            ["aliases"] = new JsonArray(),
            ["instructions"] = new JsonArray("Stand tall.", "Move with control."),
        };
        for (var attempt = 1; attempt <= WriteAttempts; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/admin/exercises") { Content = JsonContent.Create(exercise) };
            request.Headers.Authorization = new("Bearer", system.AdminToken);
            request.Headers.Add("Idempotency-Key", id);
            var (status, response) = await SendAsync(RequestKind.Write, request);
            using (response)
            {
                if (status is 200 or 201 && response!.Headers.ETag is { } etag)
                {
                    _writes[id] = long.Parse(etag.Tag.Trim('"'));
                    return;
                }
                if (status is >= 400 and < 500 and not 408 and not 409 and not 429)
                {
                    return; // refused for what it is: retrying the same request cannot help
                }
            }
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    private async Task<(int Status, HttpResponseMessage? Response)> SendAsync(RequestKind kind, HttpRequestMessage request)
    {
        Interlocked.Increment(ref _inFlight);
        var sentAt = _clock.Elapsed;
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await _http.SendAsync(request);
            await response.Content.LoadIntoBufferAsync();
            if ((int)response.StatusCode >= 500 && response.StatusCode != System.Net.HttpStatusCode.ServiceUnavailable)
            {
                var body = await response.Content.ReadAsStringAsync();
                Console.WriteLine($"[faults] {(int)response.StatusCode} for {request.Method} {request.RequestUri}: {body[..Math.Min(body.Length, 400)]}");
            }
            _outcomes.Enqueue(new Outcome(kind, sentAt, (int)response.StatusCode, response.Headers.Contains("X-Search-Degraded"),
                Stopwatch.GetElapsedTime(started).TotalMilliseconds));
            return ((int)response.StatusCode, response);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            _outcomes.Enqueue(new Outcome(kind, sentAt, 0, false, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
            return (0, null);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}

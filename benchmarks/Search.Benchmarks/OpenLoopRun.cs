using System.Diagnostics;

namespace FitnessAssistant.Search.Benchmarks;

/// <summary>
/// An open loop: request i is sent at start + i / rate whether or not earlier ones have answered, as independent
/// users do. Latency counts from the scheduled send time, so a stalled system is charged for the requests that
/// queued behind the stall (no coordinated omission).
/// </summary>
public static class OpenLoopRun
{
    public static async Task<LoadResult> RunAsync<T>(IReadOnlyList<T> requests, double ratePerSecond, Func<T, Task<RequestOutcome>> send)
    {
        var latencies = new double[requests.Count];
        var outcomes = new RequestOutcome[requests.Count];
        var start = Stopwatch.GetTimestamp();
        var inFlight = new List<Task>(requests.Count);
        for (var i = 0; i < requests.Count; i++)
        {
            var due = TimeSpan.FromSeconds(i / ratePerSecond);
            var wait = due - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }
            var index = i;
            inFlight.Add(Task.Run(async () =>
            {
                outcomes[index] = await send(requests[index]);
                latencies[index] = (Stopwatch.GetElapsedTime(start) - due).TotalMilliseconds;
            }));
        }
        await Task.WhenAll(inFlight);
        return new LoadResult(latencies, outcomes, Stopwatch.GetElapsedTime(start));
    }
}

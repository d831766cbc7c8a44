using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FitnessAssistant.Faults.Benchmarks;

/// <summary>
/// Runs a scenario: steady traffic for <see cref="Before"/>, the fault, steady traffic for <see cref="After"/>;
/// then waits for the acknowledged writes to reach the index and judges what happened.
/// </summary>
public sealed class ScenarioRunner(FaultSystem system, Action<string> progress)
{
    public static readonly TimeSpan Before = TimeSpan.FromSeconds(8);
    public static readonly TimeSpan After = TimeSpan.FromSeconds(25);
    private static readonly TimeSpan IndexWait = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan SettledFor = TimeSpan.FromSeconds(3);
    private const double NormalShare = 0.9;

    public required double SearchesPerSecond { get; init; }

    public required double WritesPerSecond { get; init; }

    /// <summary>Normal uncached search answers per second at the closed-loop concurrency that saturates the machine.</summary>
    public async Task<double> MeasureCapacityAsync(int concurrency, TimeSpan duration)
    {
        var traffic = new Traffic(system, "capacity");
        using var stop = new CancellationTokenSource(duration);
        await traffic.RunClosedAsync(concurrency, stop.Token);
        return traffic.Outcomes.Count(o => o.IsNormal) / duration.TotalSeconds;
    }

    public async Task<ScenarioResult> RunAsync(Scenario scenario, double capacity)
    {
        var key = new string([.. scenario.Name.Where(char.IsLetterOrDigit)]);
        var traffic = new Traffic(system, key);
        using var stop = new CancellationTokenSource();
        var steady = traffic.RunAsync(SearchesPerSecond, WritesPerSecond, stop.Token);
        await Task.Delay(Before);

        var faultStart = traffic.Elapsed;
        Traffic? overload = null;
        if (scenario.OverloadFactor > 0)
        {
            overload = new Traffic(system, key + "x");
            using var overloadStop = new CancellationTokenSource(scenario.OverloadFor);
            await overload.RunAsync(capacity * scenario.OverloadFactor, 0, overloadStop.Token, uncachedOnly: true);
        }
        await scenario.Inject(system);
        var faultEnd = traffic.Elapsed;
        progress($"{scenario.Name}: fault over after {(faultEnd - faultStart).TotalSeconds:F1} s");
        await Task.Delay(After);
        await stop.CancelAsync();
        await steady;
        var end = traffic.Elapsed;

        var searches = traffic.Outcomes.Where(o => o.Kind == RequestKind.Search).ToList();
        var all = traffic.Outcomes.ToList();
        var recovery = Recovery(all, faultEnd, end);

        double? goodput = null;
        double? shedLatency = null;
        if (overload is not null)
        {
            var loaded = overload.Outcomes;
            goodput = loaded.Count(o => o.IsNormal) / scenario.OverloadFor.TotalSeconds / capacity;
            var shed = loaded.Where(o => o.Status is 503 or 429).Select(o => o.LatencyMs).Order().ToList();
            shedLatency = shed.Count == 0 ? null : shed[shed.Count / 2];
            searches.AddRange(loaded);
        }

        if (all.Any(o => o.Status >= 500 && o.Status != 503))
        {
            // What the services said about it: the errors they logged during the scenario.
            foreach (var resource in system.Run.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ProjectResource>())
            {
                foreach (var line in system.Run.LogText(resource.Name).Split('\n').Where(l => l.Contains("\"Error\"", StringComparison.Ordinal)).TakeLast(5))
                {
                    progress($"{resource.Name}: {line[..Math.Min(line.Length, 600)]}");
                }
            }
        }
        var (present, indexed, duplicated) = await JudgeWritesAsync(traffic);
        var acknowledged = traffic.Writes.Where(w => w.Value is not null).ToDictionary(w => w.Key, w => w.Value!.Value);
        return new ScenarioResult(
            scenario,
            searches.Count,
            searches.Count(o => o.IsNormal),
            searches.Count(o => o.Status == 200 && o.Degraded),
            searches.Count(o => o.Status is 503 or 429),
            searches.Count(o => o.Status == 0 || (o.Status >= 500 && o.Status != 503)),
            all.Count(o => o.Status is >= 400 and < 500 and not 429 and not 409),
            all.Count(o => o.Status >= 500 && o.Status != 503),
            acknowledged.Count,
            acknowledged.Keys.Count(present.ContainsKey),
            acknowledged.Count(w => indexed.TryGetValue(w.Key, out var version) && version >= w.Value),
            acknowledged.Keys.Count(id => !present.ContainsKey(id)),
            duplicated,
            traffic.Writes.Count(w => w.Value is null && present.ContainsKey(w.Key)),
            recovery,
            goodput,
            shedLatency,
            string.Join("; ", all.Concat(overload?.Outcomes ?? []).GroupBy(o => o.Kind).Select(kind => $"{kind.Key.ToString().ToLowerInvariant()} " +
                string.Join(" ", kind.GroupBy(o => o.Status).OrderBy(g => g.Key).Select(g => $"{(g.Key == 0 ? "none" : g.Key.ToString(CultureInfo.InvariantCulture))}×{g.Count()}")))));
    }

    /// <summary>
    /// From the end of the fault to the end of the last second in which fewer than <see cref="NormalShare"/> of the
    /// answers were normal: a loaded machine answers the odd search degraded without any fault (see the baseline),
    /// which is not the fault's doing. Null when the run ends before the answers settle.
    /// </summary>
    private static TimeSpan? Recovery(IReadOnlyList<Outcome> outcomes, TimeSpan faultEnd, TimeSpan end)
    {
        var seconds = outcomes.Where(o => o.SentAt >= faultEnd)
            .GroupBy(o => (int)((o.SentAt - faultEnd).TotalSeconds))
            .Where(second => second.Count(o => o.IsNormal) < NormalShare * second.Count())
            .Select(second => (int?)second.Key)
            .Max();
        if (seconds is not { } last)
        {
            return TimeSpan.Zero;
        }
        var recovered = TimeSpan.FromSeconds(last + 1);
        return faultEnd + recovered > end - SettledFor ? null : recovered;
    }

    /// <summary>The written exercises the catalog holds, those the active index holds (waiting for them a while), and names stored twice.</summary>
    private async Task<(IReadOnlyDictionary<string, long> Present, IReadOnlyDictionary<string, long> Indexed, int Duplicated)> JudgeWritesAsync(Traffic traffic)
    {
        var ids = traffic.Writes.Keys.ToList();
        IReadOnlyDictionary<string, long>? present = null;
        IReadOnlyDictionary<string, long> indexed = new Dictionary<string, long>();
        var deadline = DateTime.UtcNow + IndexWait;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                // A server the scenario killed may still be starting: then the catalog is read again.
                present ??= await system.CatalogRowVersionsAsync(ids);
                if (await system.ActiveVersionAsync() is { } active)
                {
                    indexed = await system.Index.GetSourceVersionsAsync(active, [.. present.Keys]);
                    if (present.All(p => indexed.TryGetValue(p.Key, out var version) && version >= p.Value))
                    {
                        break;
                    }
                }
            }
            catch (NpgsqlException ex)
            {
                progress($"the databases do not answer yet ({ex.Message})");
            }
            await Task.Delay(1000);
        }
        present ??= await system.CatalogRowVersionsAsync(ids);
        await using var command = system.Catalog.CreateCommand(
            "SELECT count(*) - count(DISTINCT name) FROM exercises WHERE starts_with(name, @prefix)");
        command.Parameters.AddWithValue("prefix", traffic.WriteNamePrefix);
        var duplicated = Convert.ToInt32(await command.ExecuteScalarAsync());
        return (present, indexed, duplicated);
    }
}

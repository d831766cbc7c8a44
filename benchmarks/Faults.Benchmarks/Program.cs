using System.Diagnostics;
using System.Globalization;
using FitnessAssistant.Faults.Benchmarks;

// The fault-and-load suite (docs/failure-modes.md, "The fault-and-load suite"): the AppHost's system on loopback, a
// steady stream of searches and admin writes through the gateway, one fault at a time, and one table of what users
// and the catalog saw. Bounded: about 45 s per scenario, two system starts.
//   dotnet run -c Release --project benchmarks/Faults.Benchmarks [-- --only "kill metadata,overload 2x"] [--out FILE]
var only = Argument("--only")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet();
var output = Argument("--out") ?? "fault-suite.md";
const double SearchesPerSecond = 20;
const double WritesPerSecond = 3;
var clock = Stopwatch.StartNew();
void Progress(string message) => Console.WriteLine($"[faults] {clock.Elapsed.TotalSeconds,6:F0}s {message}");

Scenario[] singleNode =
[
    Scenario.Baseline("baseline"),
    Scenario.Kill("metadata"),
    Scenario.Kill("indexing"),
    Scenario.Kill("search-1"),
    Scenario.Kill("embedding-1"),
    Scenario.Kill("postgres", "postgres"),
    Scenario.Kill("postgres-replica", "postgres"),
    Scenario.Kill("redis", "redis-server"),
    Scenario.Kill("eventbus", "beam.smp"),
    Scenario.Stall("postgres", "postgres"),
    Scenario.Stall("redis", "redis-server"),
    Scenario.Overload(2),
    Scenario.Overload(4),
];
Scenario[] cluster =
[
    Scenario.Baseline("baseline, 3 RabbitMQ nodes"),
    Scenario.Kill("eventbus-2", "beam.smp"),
];

var results = new List<ScenarioResult>();
double? capacity = null;
foreach (var (nodes, scenarios) in new[] { (1, singleNode), (3, cluster) })
{
    var chosen = scenarios.Where(s => only is null || only.Contains(s.Name)).ToList();
    if (chosen.Count == 0)
    {
        continue;
    }
    await using var system = await FaultSystem.StartAsync(nodes, Progress);
    var runner = new ScenarioRunner(system, Progress) { SearchesPerSecond = SearchesPerSecond, WritesPerSecond = WritesPerSecond };
    if (chosen.Any(s => s.OverloadFactor > 0))
    {
        capacity = await runner.MeasureCapacityAsync(concurrency: 8, TimeSpan.FromSeconds(15));
        Progress(string.Create(CultureInfo.InvariantCulture, $"capacity: {capacity:F1} normal uncached searches/s at concurrency 8"));
    }
    foreach (var scenario in chosen)
    {
        Progress($"{scenario.Name}: {scenario.Fault}");
        var result = await runner.RunAsync(scenario, capacity ?? 0);
        results.Add(result);
        Console.WriteLine(ScenarioResult.Header);
        Console.WriteLine(result.Row);
    }
}

var capacityText = capacity is { } c ? string.Create(CultureInfo.InvariantCulture, $"capacity {c:F1} uncached searches/s") : "no overload scenario run";
var table = string.Join('\n', [
    string.Create(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores; {SearchesPerSecond} searches/s (half uncached) and {WritesPerSecond} admin writes/s through the gateway; {capacityText}."),
    "",
    ScenarioResult.Header,
    .. results.Select(r => r.Row),
]);
await File.WriteAllTextAsync(output, table + "\n");
Console.WriteLine();
Console.WriteLine(table);
Progress($"table written to {Path.GetFullPath(output)}");

string? Argument(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

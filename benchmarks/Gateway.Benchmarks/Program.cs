using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using FitnessAssistant.AppHostRuns;
using FitnessAssistant.Gateway.Benchmarks;

// Gateway overhead, in one run: the same search request sent straight to a search replica and through the gateway
// (API key check, local + Redis rate limits, YARP forwarding), in alternating phases so both see the same machine.
// Usage: dotnet run -c Release --project benchmarks/Gateway.Benchmarks [-- --seconds 8 --concurrency 16 --rounds 2]
var seconds = Option("--seconds", 8);
var concurrency = Option("--concurrency", 16);
var rounds = Option("--rounds", 2);
const string Path = "/api/v1/search?q=push%20up";

// One search replica: the gateway and the direct path reach exactly the same server.
await using var system = await AppHostRun.CreateAsync("/tmp/fitnessassistant-bench", "--FA_SEARCH_REPLICAS=1");
system.LiftGatewayRateLimits();
system.Resource<ProjectResource>("gateway")
    .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Production")
    .WithEnvironment("Logging__LogLevel__Default", "Warning");
Console.WriteLine("[bench] starting the AppHost's system (Aspire.Hosting.Testing): PostgreSQL, Redis, RabbitMQ and the services");
await system.StartAsync(TimeSpan.FromMinutes(5));
// Both at the service's own port: a proxied endpoint (the gateway's) would put Aspire's proxy in the measured path.
var search = system.TargetEndpoint("search-1");
var gatewayEndpoint = system.TargetEndpoint("gateway");

var apiKey = system.GatewayCredentials.ApiKey;
var targets = new (string Name, Func<HttpRequestMessage> Request)[]
{
    ("direct", () => new HttpRequestMessage(HttpMethod.Get, new Uri(search, Path))),
    ("gateway", () =>
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(gatewayEndpoint, Path));
        request.Headers.Add("X-Api-Key", apiKey);
        return request;
    }),
};
using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, UseProxy = false });

// Healthy is not yet answering: search says 503 until indexing's bootstrap has activated the first index version.
for (var deadline = DateTime.UtcNow.AddMinutes(5); DateTime.UtcNow < deadline; await Task.Delay(1000))
{
    using var answer = await client.SendAsync(targets[0].Request());
    if (answer.IsSuccessStatusCode)
    {
        break;
    }
}
using (var probe = await client.SendAsync(targets[1].Request()))
{
    if (!probe.Headers.Contains("X-Request-Id") || (int)probe.StatusCode is 401 or 403 or 429)
    {
        throw new InvalidOperationException($"the gateway does not forward the benchmark request (got {(int)probe.StatusCode})");
    }
    Console.WriteLine($"[bench] the search service answers {(int)probe.StatusCode} to GET {Path}; measuring that answer both ways");
}

Console.WriteLine("[bench] warm-up");
foreach (var (name, request) in targets)
{
    await LoadRunner.RunAsync(name, client, request, concurrency, TimeSpan.FromSeconds(3));
}

var results = new List<LoadResult>();
foreach (var level in new[] { 1, concurrency })
{
    for (var round = 1; round <= rounds; round++)
    {
        foreach (var (name, request) in targets)
        {
            Console.WriteLine($"[bench] {name}, concurrency {level}, round {round}/{rounds}, {seconds} s");
            results.Add(await LoadRunner.RunAsync(name, client, request, level, TimeSpan.FromSeconds(seconds)));
        }
    }
}

Console.WriteLine();
Console.WriteLine($"{"target",-8} {"conc",4} {"requests",9} {"req/s",8} {"p50 ms",8} {"p90 ms",8} {"p99 ms",8} {"errors",6}  statuses");
var merged = results.GroupBy(r => (r.Target, r.Concurrency)).Select(g => new LoadResult(
    g.Key.Target, g.Key.Concurrency, TimeSpan.FromTicks(g.Sum(r => r.Duration.Ticks)),
    g.SelectMany(r => r.LatenciesMs).ToArray(), g.Sum(r => r.Errors),
    g.SelectMany(r => r.Statuses).GroupBy(s => s.Key).ToDictionary(s => s.Key, s => s.Sum(x => x.Value)))).ToList();
foreach (var r in merged)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{r.Target,-8} {r.Concurrency,4} {r.LatenciesMs.Length,9} {r.RequestsPerSecond,8:0} {r.Percentile(50),8:0.00} {r.Percentile(90),8:0.00} {r.Percentile(99),8:0.00} {r.Errors,6}  {string.Join(" ", r.Statuses.Select(s => $"{s.Key}x{s.Value}"))}"));
}
Console.WriteLine();
foreach (var level in merged.Select(r => r.Concurrency).Distinct())
{
    var direct = merged.Single(r => r.Target == "direct" && r.Concurrency == level);
    var gateway = merged.Single(r => r.Target == "gateway" && r.Concurrency == level);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"concurrency {level}: gateway adds p50 {gateway.Percentile(50) - direct.Percentile(50):+0.00;-0.00} ms, p99 {gateway.Percentile(99) - direct.Percentile(99):+0.00;-0.00} ms; throughput {gateway.RequestsPerSecond / direct.RequestsPerSecond:0.00}x of direct"));
}

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var value) ? value : fallback;
}

// Unary round trip on loopback: grpc-dotnet (HTTP/2 cleartext, protobuf; server and client set up by ServiceDefaults
// as the services use them) against a plain HTTP/1.1 JSON endpoint serving the same method, measured side by side in
// one run, rounds interleaved so that drift on the shared machine hits both alike. Usage:
//   dotnet run -c Release --project benchmarks/Grpc.Benchmarks -- [rounds] [latencyCalls] [seconds] [concurrency]
// compare-old-runtime.sh runs this beside the build of the project's former gRPC runtime (docs/grpc.md).
using System.Globalization;
using System.Net.Http.Json;
using FitnessAssistant.Grpc.Benchmarks;
using FitnessAssistant.Grpc.Benchmarks.Protos;
using FitnessAssistant.ServiceDefaults.GrpcDefaults;
using Grpc.Net.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

var rounds = Argument(0, 5);
var latencyCalls = Argument(1, 2000);
var seconds = Argument(2, 3);
var concurrency = Argument(3, 16);
const int Limit = 10;

await using var server = await BenchServer.StartAsync();
await using var clients = new ServiceCollection()
    .AddSingleton<IConfiguration>(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["services:bench:grpc:0"] = server.GrpcAddress.ToString(),
            ["ServiceCredential:Token"] = BenchServer.ServiceCredential,
        }).Build())
    .AddLogging()
    .AddGrpcServiceClient<BenchService.BenchServiceClient>("bench").Services
    .BuildServiceProvider();
var client = clients.GetRequiredService<BenchService.BenchServiceClient>();
// The same server through a bare channel (one address, no balancer, no retry policy, no interceptor): what the
// services' client set-up costs on top of grpc-dotnet itself (both send the service credential the server checks).
using var bareChannel = GrpcChannel.ForAddress(server.GrpcAddress, ServiceCredentialOptions.ChannelOptions(BenchServer.ServiceCredential));
var bareClient = new BenchService.BenchServiceClient(bareChannel);
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue }) { BaseAddress = server.JsonAddress };

var grpcRequest = new SearchRequest { Query = "hamstring stretch", Limit = Limit };
var jsonRequest = new SearchMethod.JsonRequest("hamstring stretch", Limit);
var transports = new (string Name, Func<Task> Call)[]
{
    ("gRPC (h2c, protobuf)", async () =>
    {
        var reply = await client.SearchAsync(grpcRequest);
        Check(reply.Hits.Count);
    }),
    ("gRPC, bare channel", async () =>
    {
        var reply = await bareClient.SearchAsync(grpcRequest);
        Check(reply.Hits.Count);
    }),
    ("HTTP/1.1 JSON", async () =>
    {
        using var response = await http.PostAsJsonAsync("/json/search", jsonRequest);
        response.EnsureSuccessStatusCode();
        Check((await response.Content.ReadFromJsonAsync<SearchMethod.JsonReply>())!.Hits.Count);
    }),
};

Console.WriteLine($"[bench] warm-up, then {rounds} rounds: {latencyCalls} sequential calls and {seconds} s at concurrency {concurrency} per transport");
foreach (var (_, call) in transports)
{
    await LoadRunner.LatencyMicrosecondsAsync(call, 500);
    await LoadRunner.CallsPerSecondAsync(call, concurrency, TimeSpan.FromSeconds(1));
}

var latencies = transports.Select(_ => new List<double>()).ToArray();
var roundMedians = transports.Select(_ => new List<double>()).ToArray();
var throughputs = transports.Select(_ => new List<double>()).ToArray();
for (var round = 1; round <= rounds; round++)
{
    // Rotate which transport goes first, so none always runs on a warmer or quieter machine.
    var order = Enumerable.Range(0, transports.Length).Select(t => (t + round) % transports.Length).ToArray();
    foreach (var t in order)
    {
        var samples = await LoadRunner.LatencyMicrosecondsAsync(transports[t].Call, latencyCalls);
        latencies[t].AddRange(samples);
        roundMedians[t].Add(LoadRunner.Percentile(samples, 50));
        throughputs[t].Add(await LoadRunner.CallsPerSecondAsync(transports[t].Call, concurrency, TimeSpan.FromSeconds(seconds)));
    }
    Console.WriteLine($"[bench] round {round}/{rounds}: " + string.Join("; ", transports.Select((x, t) =>
        $"{x.Name} p50 {roundMedians[t][^1]:F0} µs, {throughputs[t][^1]:F0} calls/s")));
}

Console.WriteLine();
Console.WriteLine($"| unary round trip, loopback, {Environment.ProcessorCount} cores | {transports[0].Name} | {transports[1].Name} | {transports[2].Name} | gRPC / JSON |");
Console.WriteLine("|---|---|---|---|---|");
Row("latency p50 (µs, all samples)", t => LoadRunner.Percentile(latencies[t], 50));
Row("latency p99 (µs, all samples)", t => LoadRunner.Percentile(latencies[t], 99));
Row("latency p50, median of rounds (µs)", t => LoadRunner.Percentile(roundMedians[t], 50));
Row($"throughput, median of rounds (calls/s, {concurrency} callers)", t => LoadRunner.Percentile(throughputs[t], 50));
return;

void Row(string metric, Func<int, double> value)
{
    var (grpc, bare, json) = (value(0), value(1), value(2));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {metric} | {grpc:F0} | {bare:F0} | {json:F0} | {grpc / json:F2} |"));
}

static void Check(int hits)
{
    if (hits != Limit)
    {
        throw new InvalidOperationException($"Expected {Limit} hits, got {hits}: the benchmark would measure a broken call.");
    }
}

int Argument(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;

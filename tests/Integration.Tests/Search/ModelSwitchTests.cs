using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FitnessAssistant.IntegrationTests.Fixtures;

namespace FitnessAssistant.IntegrationTests.Search;

/// <summary>
/// Index versions of different embedding models side by side (docs/embedding.md): switching the active version between
/// USE-Lite and all-MiniLM-L6-v2 through the admin API while searches keep coming. Every search must succeed, complete
/// (a query embedded with one model and searched in the other's version would fail or degrade), and return one
/// model's answer: its top 20 share at least 15 results with that model's settled answer and clearly fewer with the
/// other's. Not the identical list: a query vector read back from the cache is rounded, and the approximate (HNSW)
/// search may then swap a few results at the edge.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class ModelSwitchTests(ServersFixture servers)
{
    private const string OtherModel = "all-minilm-l6-v2@1";

    private static readonly string[] Queries =
    [
        "q=something%20for%20my%20lower%20back%2C%20no%20equipment",
        "q=stretch%20tight%20hip%20flexors",
        "q=exercises%20for%20the%20upper%20chest%20with%20dumbbells",
        "q=core%20without%20a%20gym",
    ];

    [Fact]
    public async Task Switching_the_active_version_between_models_under_searches_loses_no_request_and_mixes_no_models()
    {
        await SearchSystem.EnsureReadyAsync(servers);
        using var indexing = new HttpClient { BaseAddress = servers.System.Indexing.HttpEndpoint, Timeout = TimeSpan.FromSeconds(60) };
        var original = (await SearchSystem.IndexStateAsync(servers)).ActiveVersion!;

        // A version of the other model; the re-index activates it when built and keeps the previous one ready.
        using (var start = await indexing.PostAsJsonAsync("/api/v1/admin/index/reindex", new { reason = "model switch test", model = OtherModel }))
        {
            start.StatusCode.Should().Be(HttpStatusCode.Accepted, await start.Content.ReadAsStringAsync());
            var job = await start.Content.ReadFromJsonAsync<JsonElement>();
            await WaitForAsync(indexing, $"/api/v1/admin/index/reindex/{job.GetProperty("id").GetGuid()}", TimeSpan.FromMinutes(5));
        }
        var other = (await SearchSystem.IndexStateAsync(servers)).ActiveVersion!;
        other.Should().NotBe(original);
        var status = await indexing.GetFromJsonAsync<JsonElement>("/api/v1/admin/index/");
        ModelOf(status, other).Should().Be(OtherModel);
        ModelOf(status, original).Should().NotBe(OtherModel);

        try
        {
            // Each model's own answers, settled, as references.
            var answers = new Dictionary<string, Dictionary<string, string>>();
            foreach (var version in new[] { other, original })
            {
                await ActivateAsync(indexing, version);
                answers[version] = [];
                foreach (var query in Queries)
                {
                    answers[version][query] = Key(await SettledAsync(query));
                }
            }
            Queries.Should().OnlyContain(q => Overlap(answers[original][q], answers[other][q]) <= 12, "the two models must rank differently for the test to see a mixture");

            // The stream: two clients searching back to back while the active version flips four times.
            using var stop = new CancellationTokenSource();
            var replies = new ConcurrentBag<(string Query, SearchReply Reply)>();
            var clients = Enumerable.Range(0, 2).Select(client => Task.Run(async () =>
            {
                for (var i = client; !stop.IsCancellationRequested; i++)
                {
                    var query = Queries[i % Queries.Length];
                    replies.Add((query, await SearchSystem.SearchAsync(servers, query)));
                }
            })).ToList();
            foreach (var version in new[] { other, original, other, original })
            {
                await Task.Delay(TimeSpan.FromSeconds(2));
                await ActivateAsync(indexing, version);
            }
            await Task.Delay(TimeSpan.FromSeconds(2));
            await stop.CancelAsync();
            await Task.WhenAll(clients);

            replies.Should().HaveCountGreaterThan(20);
            foreach (var (query, reply) in replies)
            {
                reply.Status.Should().Be(HttpStatusCode.OK, reply.Text);
                reply.Body.GetProperty("degraded").GetBoolean().Should().BeFalse(reply.Text);
                var best = Math.Max(Overlap(Key(reply), answers[original][query]), Overlap(Key(reply), answers[other][query]));
                best.Should().BeGreaterThanOrEqualTo(15, $"an answer to {query} is one model's, whole: {Key(reply)}");
            }
            replies.Should().Contain(r => Overlap(Key(r.Reply), answers[other][r.Query]) >= 15, "searches saw the other model's version");
            replies.Should().Contain(r => Overlap(Key(r.Reply), answers[original][r.Query]) >= 15, "searches saw the original version");
        }
        finally
        {
            await ActivateAsync(indexing, original);
        }
    }

    private static string ModelOf(JsonElement status, string version)
        => status.GetProperty("versions").EnumerateArray().Single(v => v.GetProperty("name").GetString() == version).GetProperty("model").GetString()!;

    private static string Key(SearchReply reply) => string.Join(",", reply.Ids);

    private static int Overlap(string a, string b) => a.Split(',').Intersect(b.Split(',')).Count();

    /// <summary>An answer computed on the current epoch, after every replica has heard of it.</summary>
    private async Task<SearchReply> SettledAsync(string query)
    {
        SearchReply reply;
        do
        {
            await Task.Delay(500);
            reply = await SearchSystem.SearchAsync(servers, query);
            reply.Status.Should().Be(HttpStatusCode.OK, reply.Text);
        }
        while (reply.Cached && reply.Cache == "stale");
        await Task.Delay(TimeSpan.FromSeconds(1));
        return await SearchSystem.SearchAsync(servers, query);
    }

    private static async Task ActivateAsync(HttpClient indexing, string version)
    {
        using var response = await indexing.PostAsync($"/api/v1/admin/index/versions/{version}/activate", null);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().BeOneOf([HttpStatusCode.OK, HttpStatusCode.Accepted], text);
        if (response.StatusCode == HttpStatusCode.Accepted)
        {
            await WaitForAsync(indexing, $"/api/v1/admin/index/activations/{JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid()}", TimeSpan.FromMinutes(2));
        }
    }

    private static async Task WaitForAsync(HttpClient indexing, string job, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonElement progress = default;
        while (DateTime.UtcNow < deadline)
        {
            progress = await indexing.GetFromJsonAsync<JsonElement>(job);
            if (progress.GetProperty("isFinished").GetBoolean())
            {
                progress.GetProperty("error").ValueKind.Should().Be(JsonValueKind.Null, $"{job} must succeed: {progress}");
                return;
            }
            await Task.Delay(500);
        }
        throw new TimeoutException($"{job} did not finish in {timeout}: {progress}");
    }
}

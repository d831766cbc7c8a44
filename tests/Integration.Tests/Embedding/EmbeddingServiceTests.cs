using System.Net.Http.Json;
using System.Text.Json;
using FitnessAssistant.Embedding.V1;
using FitnessAssistant.IntegrationTests.Fixtures;
using Grpc.Core;
using Grpc.Net.Client;

namespace FitnessAssistant.IntegrationTests.Embedding;

/// <summary>The embedding service as a real process, called over gRPC (HTTP/2) the way search and indexing call it.</summary>
[Collection(SystemCollection.Name)]
public sealed class EmbeddingServiceTests(SystemFixture system) : IAsyncLifetime
{
    private GrpcChannel _channel = null!;
    private EmbeddingService.EmbeddingServiceClient _client = null!;

    public async Task InitializeAsync()
    {
        await system.EnsureRunningAsync(system.Embedding[0]);
        _channel = system.ServiceChannel(system.Endpoint(system.Embedding[0], "grpc"));
        _client = new EmbeddingService.EmbeddingServiceClient(_channel);
    }

    public Task DisposeAsync()
    {
        _channel.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Texts_are_embedded_as_tagged_unit_vectors_in_request_order()
    {
        var request = new EmbedRequest { Texts = { "press-ups", "push up exercise for the chest", "hamstring stretch" } };

        var response = await _client.EmbedAsync(request, deadline: DateTime.UtcNow.AddSeconds(10));

        var served = await _client.GetModelInfoAsync(new GetModelInfoRequest());
        response.Model.Should().BeEquivalentTo(served.Model, "a request naming no model gets the default one");
        response.Embeddings.Should().HaveCount(3);
        response.Embeddings.Should().OnlyContain(e => e.Vector.Count == served.Dimensions && e.Model.Equals(response.Model) && !e.Truncated && e.TokenCount > 0);
        response.Embeddings.Should().OnlyContain(e => Math.Abs(Math.Sqrt(e.Vector.Sum(x => x * (double)x)) - 1) < 1e-4);
        // A real sentence encoder: the two push-up texts are closer to each other than to the stretch.
        var (pressUps, pushUp, stretch) = (response.Embeddings[0].Vector, response.Embeddings[1].Vector, response.Embeddings[2].Vector);
        Dot(pressUps, pushUp).Should().BeGreaterThan(Dot(pressUps, stretch));
    }

    [Fact]
    public async Task An_over_long_text_is_truncated_and_flagged()
    {
        var longText = string.Join(" ", Enumerable.Repeat("keep your back straight and lower the weight slowly", 40));

        var response = await _client.EmbedAsync(new EmbedRequest { Texts = { longText, "plank" } });

        response.Embeddings[0].Truncated.Should().BeTrue();
        response.Embeddings[0].TokenCount.Should().BeGreaterThan(128);
        response.Embeddings[1].Truncated.Should().BeFalse();
    }

    [Theory]
    [InlineData(0, 1, "*at least one text*")]
    [InlineData(65, 1, "*at most 64*")]
    [InlineData(2, 0, "*texts[1] is empty*")]
    [InlineData(1, 20_000, "*at most 16384*")]
    public async Task Invalid_requests_are_refused_with_INVALID_ARGUMENT(int count, int length, string message)
    {
        var request = new EmbedRequest();
        for (var i = 0; i < count; i++)
        {
            request.Texts.Add(i == 0 ? new string('a', Math.Max(length, 1)) : new string('b', length));
        }

        var call = () => _client.EmbedAsync(request).ResponseAsync;

        (await call.Should().ThrowAsync<RpcException>())
            .Where(e => e.StatusCode == StatusCode.InvalidArgument).WithMessage(message);
    }

    [Theory]
    [InlineData("use-lite-en", "2")]
    [InlineData("another-model", "")]
    public async Task A_request_naming_a_model_not_served_is_refused_with_FAILED_PRECONDITION(string id, string version)
    {
        var request = new EmbedRequest { Texts = { "squat" }, Model = new ModelRef { Id = id, Version = version } };

        var call = () => _client.EmbedAsync(request).ResponseAsync;

        (await call.Should().ThrowAsync<RpcException>())
            .Where(e => e.StatusCode == StatusCode.FailedPrecondition).WithMessage("*serves use-lite-en version 1*");
    }

    [Fact]
    public async Task A_request_naming_the_served_model_is_answered()
    {
        var request = new EmbedRequest { Texts = { "squat" }, Model = new ModelRef { Id = "use-lite-en", Version = "1" } };

        var response = await _client.EmbedAsync(request);

        response.Embeddings.Should().ContainSingle();
    }

    [Fact]
    public async Task Model_info_describes_the_model_and_the_limits()
    {
        var info = await _client.GetModelInfoAsync(new GetModelInfoRequest { Model = new ModelRef { Id = "use-lite-en", Version = "1" } });

        info.ServedModels.Select(m => $"{m.Id}@{m.Version}").Should().BeEquivalentTo("use-lite-en@1", "all-minilm-l6-v2@1", "snowflake-arctic-embed-xs@1");
        info.Model.Id.Should().Be("use-lite-en");
        info.Dimensions.Should().Be(512);
        info.Normalized.Should().BeTrue();
        info.MaxTokens.Should().Be(128);
        info.MaxBatchSize.Should().Be(64);
        info.License.Should().Be("Apache-2.0");
        info.OnnxSha256.Should().MatchRegex("^[0-9a-f]{64}$");
        info.OnnxRuntimeVersion.Should().StartWith("1.");
    }

    [Fact]
    public async Task Each_served_model_embeds_with_its_own_shape_and_the_query_prefix_only_for_queries()
    {
        var minilm = new ModelRef { Id = "all-minilm-l6-v2", Version = "1" };
        var arctic = new ModelRef { Id = "snowflake-arctic-embed-xs", Version = "1" };
        EmbedRequest Request(ModelRef model, TextPurpose purpose) => new() { Texts = { "hamstring stretch" }, Model = model, Purpose = purpose };

        var arcticInfo = await _client.GetModelInfoAsync(new GetModelInfoRequest { Model = arctic });
        var arcticQuery = await _client.EmbedAsync(Request(arctic, TextPurpose.Query));
        var arcticDocument = await _client.EmbedAsync(Request(arctic, TextPurpose.Document));
        var minilmQuery = await _client.EmbedAsync(Request(minilm, TextPurpose.Query));
        var minilmDocument = await _client.EmbedAsync(Request(minilm, TextPurpose.Document));

        arcticInfo.Dimensions.Should().Be(384);
        arcticInfo.MaxTokens.Should().Be(512);
        arcticInfo.QueryPrefix.Should().Be("Represent this sentence for searching relevant passages: ");
        arcticQuery.Model.Should().BeEquivalentTo(arctic);
        arcticQuery.Embeddings[0].Vector.Should().HaveCount(384);
        arcticQuery.Embeddings[0].TokenCount.Should().BeGreaterThan(arcticDocument.Embeddings[0].TokenCount, "the prefix is tokenized with the query");
        Dot(arcticQuery.Embeddings[0].Vector, arcticDocument.Embeddings[0].Vector).Should().BeLessThan(0.99);
        minilmQuery.Model.Should().BeEquivalentTo(minilm);
        Dot(minilmQuery.Embeddings[0].Vector, minilmDocument.Embeddings[0].Vector).Should().BeGreaterThan(0.9999, "MiniLM has no prefixes");
    }

    [Fact]
    public async Task Concurrent_requests_all_get_their_own_vectors()
    {
        var texts = Enumerable.Range(0, 48).Select(i => $"exercise number {i} for the legs").ToList();

        var responses = await Task.WhenAll(texts.Select(text => _client.EmbedAsync(new EmbedRequest { Texts = { text } }).ResponseAsync));
        var together = await _client.EmbedAsync(new EmbedRequest { Texts = { texts.Take(32) } });

        for (var i = 0; i < 32; i++)
        {
            Dot(responses[i].Embeddings[0].Vector, together.Embeddings[i].Vector).Should().BeGreaterThan(0.9999, "request {0} got the vector of its own text", i);
        }
    }

    [Fact]
    public async Task Health_reports_the_model_loaded()
    {
        using var http = new HttpClient();

        var health = await http.GetFromJsonAsync<JsonElement>(new Uri(system.Endpoint(system.Embedding[0]), "/health"));

        var check = health.GetProperty("checks").GetProperty("embedding-model");
        check.GetProperty("status").GetString().Should().Be("Healthy");
        check.GetProperty("description").GetString().Should().Contain("use-lite-en version 1").And.Contain("all-minilm-l6-v2 version 1")
            .And.Contain("snowflake-arctic-embed-xs version 1").And.Contain("loaded");
    }

    [Fact]
    public async Task A_full_queue_answers_RESOURCE_EXHAUSTED_and_the_service_recovers()
    {
        // A separate instance with the smallest queue the limits allow, flooded with large requests.
        await using var small = await system.StartExtraAsync(SystemFixture.ExtraEmbedding, new Dictionary<string, string>
        {
            ["Embedding__QueueCapacity"] = "64",
            ["Embedding__IntraOpThreads"] = "1",
        });
        using var smallChannel = system.ServiceChannel(small.Endpoint("grpc"));
        var smallClient = new EmbeddingService.EmbeddingServiceClient(smallChannel);
        var batch = new EmbedRequest { Texts = { Enumerable.Range(0, 64).Select(i => $"a long description of exercise {i}: " + string.Join(" ", Enumerable.Repeat("hold and breathe", 30))) } };

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
        {
            try
            {
                await smallClient.EmbedAsync(batch, deadline: DateTime.UtcNow.AddSeconds(60));
                return StatusCode.OK;
            }
            catch (RpcException e)
            {
                return e.StatusCode;
            }
        }));

        outcomes.Should().Contain(StatusCode.ResourceExhausted);
        outcomes.Should().Contain(StatusCode.OK);
        outcomes.Should().OnlyContain(code => code == StatusCode.OK || code == StatusCode.ResourceExhausted);
        (await smallClient.EmbedAsync(new EmbedRequest { Texts = { "squat" } })).Embeddings.Should().ContainSingle("the queue drains");
    }

    private static double Dot(IList<float> a, IList<float> b) => a.Zip(b, (x, y) => x * (double)y).Sum();
}

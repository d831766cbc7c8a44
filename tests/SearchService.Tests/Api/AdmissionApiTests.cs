using System.Net;
using System.Text.Json;
using FitnessAssistant.SearchService.Tests.Fakes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FitnessAssistant.SearchService.Tests.Api;

public sealed class AdmissionApiTests : IDisposable
{
    private readonly SearchApiFactory _factory = new();
    private readonly WebApplicationFactory<Program> _oneAtATime;

    // The held search must stay in flight until the test releases it, not end at the embedding deadline (120 ms).
    public AdmissionApiTests()
        => _oneAtATime = _factory.WithWebHostBuilder(builder => builder
            .UseSetting("Search:Admission:InitialLimit", "1")
            .UseSetting("Search:Admission:MinLimit", "1")
            .UseSetting("Search:Resilience:EmbeddingDeadline", "00:00:30")
            .UseSetting("Search:Resilience:OverallDeadline", "00:01:00"));

    public void Dispose()
    {
        _oneAtATime.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task A_search_beyond_the_limit_is_refused_at_once_with_503_problem_details_and_Retry_After()
    {
        using var client = _oneAtATime.CreateClient();
        var held = await HoldASearchAsync(client);

        using var refused = await client.GetAsync("/api/v1/search?q=goblet%20squat");

        refused.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        refused.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        refused.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(1));
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("title").GetString().Should().Be("Search is at capacity.");
        problem.GetProperty("detail").GetString().Should().Contain("limit of 1");
        _factory.Dependencies.EmbeddingWaiters.Should().Be(1, "a refused search spends nothing on dependencies");

        _factory.Dependencies.EmbeddingGate!.SetResult();
        using var first = await held;
        first.StatusCode.Should().Be(HttpStatusCode.OK);
        _factory.Dependencies.EmbeddingGate = null;
        using var next = await client.GetAsync("/api/v1/search?q=goblet%20squat");
        next.StatusCode.Should().Be(HttpStatusCode.OK, "the place is free again once the held search ends");
    }

    [Fact]
    public async Task Suggest_is_not_held_back_by_busy_searches()
    {
        using var client = _oneAtATime.CreateClient();
        var held = await HoldASearchAsync(client);

        using var suggest = await client.GetAsync("/api/v1/suggest?q=bench");

        suggest.StatusCode.Should().Be(HttpStatusCode.OK);
        _factory.Dependencies.EmbeddingGate!.SetResult();
        (await held).Dispose();
    }

    /// <summary>Starts a search that waits in its embedding call until the gate opens: one search in flight.</summary>
    private async Task<Task<HttpResponseMessage>> HoldASearchAsync(HttpClient client)
    {
        _factory.Dependencies.EmbeddingGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = client.GetAsync("/api/v1/search?q=bench%20press");
        for (var i = 0; i < 300 && Volatile.Read(ref _factory.Dependencies.EmbeddingWaiters) == 0; i++)
        {
            await Task.Delay(100);
        }
        _factory.Dependencies.EmbeddingWaiters.Should().Be(1, "the held search reached its embedding call");
        return held;
    }
}

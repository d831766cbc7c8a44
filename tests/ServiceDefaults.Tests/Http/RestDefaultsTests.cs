using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FitnessAssistant.ServiceDefaults.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FitnessAssistant.ServiceDefaults.Tests.Http;

/// <summary>What every service's REST side gets from the defaults: problem details that say what failed and name the request, and HEAD.</summary>
public sealed class RestDefaultsTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.AddServiceDefaults();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.UseHeadRequests();
        _app.UseExceptionHandler();
        _app.UseStatusCodePages();
        _app.MapGet("/items", (int? limit) => TypedResults.Ok(new { limit }));
        _app.MapPost("/items", (Item item) => TypedResults.Ok(item));
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Theory]
    [InlineData("/items?limit=ten")]
    [InlineData("/items?limit=99999999999")]
    [InlineData("/items?limit=1&limit=2")]
    public async Task A_parameter_that_does_not_bind_is_a_400_saying_which(string url)
    {
        using var response = await SendAsync(HttpMethod.Get, url);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        problem.GetProperty("detail").GetString().Should().Contain("limit");
    }

    [Fact]
    public async Task A_body_of_another_media_type_is_a_415_saying_what_is_expected()
    {
        using var response = await SendAsync(HttpMethod.Post, "/items", new StringContent("name=x", Encoding.UTF8, "text/plain"));

        var problem = await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        problem.TryGetProperty("detail", out _).Should().BeTrue(problem.ToString());
        problem.GetProperty("detail").GetString().Should().Contain("JSON").And.Contain("text/plain");
    }

    [Fact]
    public async Task Problems_name_the_request_by_the_gateways_id_or_else_the_trace_identifier()
    {
        using var withId = await SendAsync(HttpMethod.Get, "/nothing", configure: r => r.Headers.Add("X-Request-Id", "req-7"));
        (await ProblemAsync(withId, HttpStatusCode.NotFound)).GetProperty("requestId").GetString().Should().Be("req-7");

        using var without = await SendAsync(HttpMethod.Get, "/items?limit=x");
        (await ProblemAsync(without, HttpStatusCode.BadRequest)).GetProperty("requestId").GetString().Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task Head_answers_like_get_without_a_body()
    {
        using var get = await SendAsync(HttpMethod.Get, "/items?limit=3");
        using var head = await SendAsync(HttpMethod.Head, "/items?limit=3");

        get.StatusCode.Should().Be(HttpStatusCode.OK);
        head.StatusCode.Should().Be(HttpStatusCode.OK);
        head.Content.Headers.ContentType!.MediaType.Should().Be(get.Content.Headers.ContentType!.MediaType);
        (await head.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
        (await get.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("limit").GetInt32().Should().Be(3);

        using var unknown = await SendAsync(HttpMethod.Head, "/nothing");
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        using var post = await SendAsync(HttpMethod.Head, "/items?limit=ten");
        post.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Methods_other_than_get_stay_refused_for_head_too()
    {
        using var response = await SendAsync(HttpMethod.Delete, "/items");

        await ProblemAsync(response, HttpStatusCode.MethodNotAllowed);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, HttpContent? content = null,
        Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        configure?.Invoke(request);
        return await _client.SendAsync(request);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, text);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        problem.GetProperty("status").GetInt32().Should().Be((int)status);
        problem.GetProperty("traceId").GetString().Should().NotBeNullOrEmpty();
        return problem;
    }

    public sealed record Item(string Name);
}

using FitnessAssistant.ServiceDefaults.Grpc;
using FitnessAssistant.ServiceDefaults.Tests.Protos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FitnessAssistant.ServiceDefaults.Tests.Grpc;

public sealed class GrpcClientRegistrationTests(EchoServer server) : IClassFixture<EchoServer>
{
    [Fact]
    public async Task AddGrpcClient_calls_the_address_from_services_configuration_over_one_shared_channel()
    {
        await using var provider = BuildProvider(new() { ["services:echo:grpc:0"] = server.Address.ToString() });

        var client = provider.GetRequiredService<EchoClient>();
        var other = provider.GetRequiredService<OtherEchoClient>();
        var reply = await client.EchoAsync(new EchoRequest { Text = "configured" });

        reply.Text.Should().Be("configured");
        other.Channel.Should().BeSameAs(client.Channel);
    }

    [Fact]
    public async Task AddGrpcClient_without_an_address_names_the_missing_variable()
    {
        await using var provider = BuildProvider([]);

        var resolve = () => provider.GetRequiredService<EchoClient>();

        resolve.Should().Throw<InvalidOperationException>().WithMessage("*services__echo__grpc__0*");
    }

    [Fact]
    public async Task Idempotent_calls_retry_UNAVAILABLE_and_then_fail_with_it()
    {
        await using var provider = BuildProvider(new()
        {
            ["services:echo:grpc:0"] = "http://127.0.0.1:1",
            ["Grpc:Client:RetryBaseDelay"] = "00:00:00.010",
            ["Grpc:Client:MaxRetryAttempts"] = "2",
        });
        var logs = provider.GetRequiredService<CapturedLogs>();

        var call = () => provider.GetRequiredService<EchoClient>().EchoAsync(new EchoRequest(), new GrpcCallOptions { Idempotent = true });

        (await call.Should().ThrowAsync<GrpcException>()).Which.StatusCode.Should().Be(GrpcStatusCode.Unavailable);
        logs.Messages.Count(m => m.Contains("gRPC retry")).Should().Be(2);
    }

    [Fact]
    public async Task Non_idempotent_calls_are_not_retried()
    {
        await using var provider = BuildProvider(new()
        {
            ["services:echo:grpc:0"] = "http://127.0.0.1:1",
            ["Grpc:Client:RetryBaseDelay"] = "00:00:00.010",
        });
        var logs = provider.GetRequiredService<CapturedLogs>();

        var call = () => provider.GetRequiredService<EchoClient>().EchoAsync(new EchoRequest());

        (await call.Should().ThrowAsync<GrpcException>()).Which.StatusCode.Should().Be(GrpcStatusCode.Unavailable);
        logs.Messages.Should().NotContain(m => m.Contains("gRPC retry"));
    }

    private static ServiceProvider BuildProvider(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        var logs = new CapturedLogs();
        services.AddSingleton(logs);
        services.AddLogging(logging => logging.AddProvider(logs));
        services.AddGrpcClient<EchoClient>("echo");
        services.AddGrpcClient<OtherEchoClient>("echo");
        return services.BuildServiceProvider();
    }

    private sealed class OtherEchoClient(GrpcChannel channel)
    {
        public GrpcChannel Channel => channel;
    }
}

/// <summary>Keeps formatted log messages so tests can see what the runtime logged.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    public System.Collections.Concurrent.ConcurrentQueue<string> Messages { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(Messages);

    public void Dispose()
    {
    }

    private sealed class Logger(System.Collections.Concurrent.ConcurrentQueue<string> messages) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => messages.Enqueue(formatter(state, exception));
    }
}

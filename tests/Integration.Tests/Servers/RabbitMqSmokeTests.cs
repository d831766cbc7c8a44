using System.Text;
using FitnessAssistant.AppHost.LocalServers;
using FitnessAssistant.IntegrationTests.Fixtures;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace FitnessAssistant.IntegrationTests.Servers;

[Collection(SystemCollection.Name)]
public sealed class RabbitMqSmokeTests(SystemFixture system)
{
    [Fact]
    public async Task Publish_with_confirm_is_consumed_and_acknowledged()
    {
        var factory = new ConnectionFactory { Uri = new Uri(system.RabbitMq) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var queue = (await channel.QueueDeclareAsync("smoke-" + Guid.NewGuid(), durable: true, exclusive: false, autoDelete: true)).QueueName;

        // With confirmation tracking on, the publish completes only once the broker has confirmed it.
        await channel.BasicPublishAsync("", queue, mandatory: true,
            new BasicProperties { Persistent = true, MessageId = "m-1" }, Encoding.UTF8.GetBytes("hello"));

        var received = new TaskCompletionSource<(string Body, string? Id)>();
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            received.TrySetResult((Encoding.UTF8.GetString(delivery.Body.Span), delivery.BasicProperties.MessageId));
            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
        };
        await channel.BasicConsumeAsync(queue, autoAck: false, consumer);

        var message = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        message.Should().Be(("hello", "m-1"));
    }

    [Fact]
    public async Task Readiness_probes_leave_no_line_in_the_broker_log()
    {
        // The broker logs to its console, which Aspire keeps as the resource's log.
        var before = system.LogText("eventbus").Length;
        before.Should().BeGreaterThan(0, "the broker's start-up lines are in its log");

        for (var i = 0; i < 3; i++)
        {
            (await AmqpProbe.ProblemAsync(system.RabbitMq, CancellationToken.None)).Should().BeNull("the AppHost's readiness probe passes");
        }
        await Task.Delay(TimeSpan.FromSeconds(1)); // the broker logs a connection's end asynchronously

        var written = system.LogText("eventbus")[before..];
        written.Should().NotContain("unexpectedly closed", "the probe closes its connection properly");
        written.Should().NotContain("readiness-probe", "normal connection openings and closings are below the connection log level");
    }
}

using System.Text;
using FitnessAssistant.IntegrationTests.Fixtures;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace FitnessAssistant.IntegrationTests.Servers;

[Collection(ServersCollection.Name)]
public sealed class RabbitMqSmokeTests(ServersFixture servers)
{
    [Fact]
    public async Task Publish_with_confirm_is_consumed_and_acknowledged()
    {
        var factory = new ConnectionFactory { Uri = new Uri(servers.RabbitMq.ConnectionString) };
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
        var log = Path.Combine(servers.RabbitMq.LogDirectory, "rabbitmq.log");
        var before = new FileInfo(log).Length;

        for (var i = 0; i < 3; i++)
        {
            (await servers.RabbitMq.CheckHealthAsync()).IsHealthy.Should().BeTrue();
        }
        await Task.Delay(TimeSpan.FromSeconds(1)); // the broker logs a connection's end asynchronously

        using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(before, SeekOrigin.Begin);
        var written = await new StreamReader(stream).ReadToEndAsync();
        written.Should().NotContain("unexpectedly closed", "the probe closes its connection properly");
        written.Should().NotContain("readiness-probe", "normal connection openings and closings are below the connection log level");
    }
}

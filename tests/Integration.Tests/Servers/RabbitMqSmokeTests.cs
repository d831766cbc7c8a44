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
}

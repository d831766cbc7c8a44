using System.Text;
using FitnessAssistant.IndexingService.Messaging;
using RabbitMQ.Client;

namespace FitnessAssistant.IndexingService.Tests;

public sealed class DeliveryTests
{
    [Fact]
    public void Headers_read_as_text_whether_they_arrive_as_byte_arrays_strings_or_numbers()
    {
        var properties = new BasicProperties
        {
            Headers = new Dictionary<string, object?>
            {
                ["traceparent"] = Encoding.UTF8.GetBytes("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"),
                ["exercise-id"] = "Barbell_Deadlift",
                ["row-version"] = 1042L,
            },
        };
        var delivery = new Delivery(1, false, "exercise.upserted", properties, "{}"u8.ToArray());

        delivery.Header("traceparent").Should().Be("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        delivery.Header("exercise-id").Should().Be("Barbell_Deadlift");
        delivery.Header("row-version").Should().Be("1042");
        delivery.Header("tracestate").Should().BeNull();
    }
}

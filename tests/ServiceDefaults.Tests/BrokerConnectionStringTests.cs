namespace FitnessAssistant.ServiceDefaults.Tests;

public sealed class BrokerConnectionStringTests
{
    [Fact]
    public void One_uri_is_one_node()
        => BrokerConnectionString.Nodes("amqp://metadata:pw@127.0.0.1:5672/").Should().Equal(new Uri("amqp://metadata:pw@127.0.0.1:5672/"));

    [Fact]
    public void A_clusters_nodes_are_listed_in_order()
        => BrokerConnectionString.Nodes("amqp://u:p@127.0.0.1:5001/, amqp://u:p@127.0.0.1:5002/,amqp://u:p@127.0.0.1:5003/")
            .Select(uri => uri.Port).Should().Equal(5001, 5002, 5003);

    [Theory]
    [InlineData("")]
    [InlineData(" , ")]
    [InlineData("http://u:p@127.0.0.1:5672/")]
    [InlineData("127.0.0.1:5672")]
    public void Anything_else_is_refused_without_echoing_a_password(string connectionString)
        => FluentActions.Invoking(() => BrokerConnectionString.Nodes(connectionString)).Should().Throw<FormatException>()
            .Which.Message.Should().NotContain(":p@");
}

using FitnessAssistant.AppHost.Credentials;

namespace FitnessAssistant.AppHost.Tests.Credentials;

public sealed class RabbitMqAccessTests
{
    private readonly RabbitMqAccess _access = new("secret");

    [Fact]
    public void A_single_node_discovers_no_peers()
        => _access.Configuration().Should().NotContain("cluster_formation").And.Contain("default_user = fitness");

    [Fact]
    public void A_cluster_node_lists_every_node_for_peer_discovery_from_the_configuration()
    {
        var configuration = _access.Configuration(clusterNodes: ["fitness-eventbus@localhost", "fitness-eventbus-2@localhost", "fitness-eventbus-3@localhost"]);

        configuration.Split('\n').Should().Contain(
        [
            "cluster_formation.peer_discovery_backend = rabbit_peer_discovery_classic_config",
            "cluster_formation.classic_config.nodes.1 = fitness-eventbus@localhost",
            "cluster_formation.classic_config.nodes.2 = fitness-eventbus-2@localhost",
            "cluster_formation.classic_config.nodes.3 = fitness-eventbus-3@localhost",
        ]);
    }
}

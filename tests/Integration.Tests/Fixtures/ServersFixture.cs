using FitnessAssistant.Hosting;
using FitnessAssistant.Hosting.Resources;

namespace FitnessAssistant.IntegrationTests.Fixtures;

/// <summary>
/// The real servers, started once per test run from nothing by the project's own hosting library and stopped at
/// the end. A run killed half-way leaves pid files that the next run uses to clean up.
/// </summary>
public sealed class ServersFixture : IAsyncLifetime
{
    public const string StateRoot = "/tmp/fitnessassistant-tests";

    public Infrastructure Infrastructure { get; private set; } = null!;

    public PostgresServer Postgres { get; private set; } = null!;

    public RedisServer Redis { get; private set; } = null!;

    public RabbitMqServer RabbitMq { get; private set; } = null!;

    public string CatalogDb => Postgres.ConnectionStringFor("catalogdb");

    public string VectorDb => Postgres.ConnectionStringFor("vectordb");

    public async Task InitializeAsync()
    {
        Infrastructure = FitnessAssistant.Hosting.Infrastructure.CreateInFirstFree(StateRoot);
        Infrastructure.ResetState();
        Postgres = Infrastructure.AddPostgres("postgres", durable: false).WithDatabase("catalogdb").WithDatabase("vectordb");
        Redis = Infrastructure.AddRedis("redis");
        RabbitMq = Infrastructure.AddRabbitMq("eventbus");
        await Infrastructure.StartAsync();
    }

    public async Task DisposeAsync() => await Infrastructure.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ServersCollection : ICollectionFixture<ServersFixture>
{
    public const string Name = "servers";
}

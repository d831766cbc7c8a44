using FitnessAssistant.AppHost;
using Aspire.Hosting.Lifecycle;
using FitnessAssistant.AppHost.Credentials;
using FitnessAssistant.AppHost.ConsoleLogs;
using FitnessAssistant.AppHost.Dashboard;
using FitnessAssistant.AppHost.LocalServers;
using FitnessAssistant.AppHost.Metrics;
using FitnessAssistant.AppHost.Restarts;
using FitnessAssistant.AppHost.Services;

var builder = DistributedApplication.CreateBuilder(args);
var settings = builder.AddSystemSettings();
// The dashboard keeps Aspire's login token and answers only requests addressed to a loopback name.
builder.Services.TryAddEventingSubscriber<DashboardHostFiltering>();
var appHostMetrics = builder.AddResourceMetrics(settings);

// Backing servers: Debian binaries as executable resources, data under the state directory. Their administrator
// credentials stay with the AppHost: each service signs in as its own user with only the rights it needs.
var postgres = builder.AddLocalPostgres("postgres", settings.StateDirectory, settings.Durable).WithRestartOnCrash();
var catalogDb = postgres.AddDatabase("catalogdb", ownerRole: "catalog_owner");
var vectorDb = postgres.AddDatabase("vectordb", ownerRole: "vector_writer").WithExtension("vector");
var vectorDbReader = vectorDb.AddReader("vectordb-reader", role: "vector_reader");
// A streaming read replica takes metadata's plain catalog reads; writes, and reads that must see them, stay on the primary.
// It copies the primary's roles, so metadata signs in to it as its own role there too.
var postgresReplica = builder.AddLocalPostgresReplica("postgres-replica", postgres, settings.StateDirectory, settings.Durable).WithRestartOnCrash();
var catalogDbRead = postgresReplica.AddReplicaDatabase("catalogdb-read", catalogDb);
var redis = builder.AddLocalRedis("redis", settings.StateDirectory).WithRestartOnCrash();
// One RabbitMQ node, or a cluster of them (FA_EVENTBUS_NODES) whose quorum queues keep the catalog events through a node's loss.
var eventBus = builder.AddLocalRabbitMq("eventbus", settings.StateDirectory, settings.EventBusNodes).WithRestartOnCrash();
var catalogEventsPublisher = eventBus.AddUser("eventbus-metadata", "metadata", RabbitMqPermissions.CatalogEventsPublisher);
var catalogEventsConsumer = eventBus.AddUser("eventbus-indexing", "indexing", RabbitMqPermissions.CatalogEventsConsumer);

// Internal services: gRPC inside, every call carrying the installation's service credential; REST for the admin APIs.
var serviceCredential = builder.AddServiceCredential(settings.StateDirectory);

// Embedding instances are resources of their own: their clients balance every call over all of them.
var embedding = builder.AddServiceInstances<Projects.EmbeddingService>("embedding", settings.EmbeddingInstances,
    instance => instance.WithKestrelEndpoint("grpc", http2Only: true).WithServiceCredential(serviceCredential));

var metadata = builder.AddService<Projects.MetadataService>("metadata")
    .WithKestrelEndpoint("grpc", http2Only: true)
    .WithServiceCredential(serviceCredential)
    .WithReference(catalogDb).WaitFor(catalogDb)
    .WithReference(catalogDbRead).WaitFor(catalogDbRead)
    .WithReference(catalogEventsPublisher, "eventbus").WaitFor(catalogEventsPublisher);

var indexing = builder.AddService<Projects.IndexingService>("indexing")
    .WithServiceCredential(serviceCredential)
    .WithReference(vectorDb).WaitFor(vectorDb)
    .WithReference(catalogEventsConsumer, "eventbus").WaitFor(catalogEventsConsumer)
    .WithReference(redis).WaitFor(redis)
    .WithReference("embedding", "grpc", embedding)
    .WithReference(metadata).WaitFor(metadata);

// Search instances too: the gateway balances over them and takes a failed one out by its own health checks,
// outside Aspire's proxy, whose port stays open while an instance is down.
var search = builder.AddServiceInstances<Projects.SearchService>("search", settings.SearchReplicas, instance => instance
    .WithEndpoint("http", endpoint => endpoint.IsProxied = false)
    .WithServiceCredential(serviceCredential)
    .WithReference(vectorDbReader, "vectordb").WaitFor(vectorDbReader)
    .WithReference(redis).WaitFor(redis)
    .WithReference("embedding", "grpc", embedding)
    .WithReference(metadata).WaitFor(metadata));

// The only public entry.
var gateway = builder.AddService<Projects.Gateway>("gateway", httpPort: settings.GatewayPort)
    .WithKestrelEndpoint("management")
    .WithReference("search", "http", search)
    .WithReference(metadata).WaitFor(metadata)
    .WithReference(indexing)
    .WithReference(redis).WaitFor(redis)
    .WithGatewayCredentials(settings.StateDirectory, tokenCheckedBy: [metadata, indexing]);

if (settings.Prometheus)
{
    builder.AddLocalPrometheus("prometheus", settings.StateDirectory, appHostMetrics, [.. embedding, metadata, indexing, .. search, gateway])
        .WithRestartOnCrash()
        .WaitFor(gateway);
}

if (settings.ConsoleLogs)
{
    builder.Services.TryAddEventingSubscriber<ResourceConsoleLogs>();
}

builder.Build().Run();

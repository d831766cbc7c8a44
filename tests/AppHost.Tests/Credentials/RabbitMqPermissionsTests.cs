using System.Text.Json;
using System.Text.RegularExpressions;
using FitnessAssistant.AppHost.Credentials;

namespace FitnessAssistant.AppHost.Tests.Credentials;

/// <summary>
/// The services' broker permissions against the names they use (RabbitMQ matches the same simple expressions with
/// PCRE; these use no construct where .NET's engine differs).
/// </summary>
public sealed class RabbitMqPermissionsTests
{
    private const string CatalogEvents = "catalog.events";
    private const string Queue = "indexing.catalog-changes";
    private static readonly string[] IndexingObjects =
        [Queue, "indexing.retry", "indexing.requeue", $"{Queue}.retry.1s", $"{Queue}.retry.250ms", $"{Queue}.parking"];

    [Fact]
    public void Metadata_may_declare_and_publish_catalog_events_and_read_nothing()
    {
        var permissions = RabbitMqPermissions.CatalogEventsPublisher;

        Matches(permissions.Configure, CatalogEvents).Should().BeTrue();
        Matches(permissions.Write, CatalogEvents).Should().BeTrue();
        foreach (var name in IndexingObjects.Append(CatalogEvents).Append("amq.default"))
        {
            Matches(permissions.Read, name).Should().BeFalse(name);
        }
        foreach (var name in IndexingObjects.Append("amq.default").Append("catalog.events.forged").Append("xcatalog.events"))
        {
            Matches(permissions.Write, name).Should().BeFalse(name);
            Matches(permissions.Configure, name).Should().BeFalse(name);
        }
    }

    [Fact]
    public void Indexing_may_declare_bind_and_consume_its_own_queues_but_not_publish_catalog_events()
    {
        var permissions = RabbitMqPermissions.CatalogEventsConsumer;

        Matches(permissions.Write, CatalogEvents).Should().BeFalse("only metadata publishes catalog events");
        Matches(permissions.Configure, CatalogEvents).Should().BeTrue("whoever starts first declares the exchange");
        Matches(permissions.Read, CatalogEvents).Should().BeTrue("its queue is bound to the exchange");
        foreach (var name in IndexingObjects)
        {
            Matches(permissions.Configure, name).Should().BeTrue(name);
            Matches(permissions.Write, name).Should().BeTrue(name);
            Matches(permissions.Read, name).Should().BeTrue(name);
        }
        Matches(permissions.Write, "amq.default").Should().BeTrue("parked messages go through the default exchange");
        foreach (var name in new[] { "indexing", "other.queue", "amq.topic", "xindexing.retry" })
        {
            Matches(permissions.Configure, name).Should().BeFalse(name);
            Matches(permissions.Write, name).Should().BeFalse(name);
            Matches(permissions.Read, name).Should().BeFalse(name);
        }
    }

    [Fact]
    public void Service_user_definitions_carry_each_users_permissions_and_no_password_in_clear()
    {
        var json = RabbitMqAccess.ServiceUserDefinitions([("metadata", "secret-one", RabbitMqPermissions.CatalogEventsPublisher)]);

        json.Should().NotContain("secret-one");
        using var document = JsonDocument.Parse(json);
        var user = document.RootElement.GetProperty("users")[0];
        user.GetProperty("name").GetString().Should().Be("metadata");
        user.GetProperty("tags").GetString().Should().BeEmpty("a service user may not manage the broker");
        var permission = document.RootElement.GetProperty("permissions")[0];
        permission.GetProperty("write").GetString().Should().Be(RabbitMqPermissions.CatalogEventsPublisher.Write);
        permission.GetProperty("read").GetString().Should().Be("^$");
    }

    private static bool Matches(string pattern, string name) => Regex.IsMatch(name, pattern);
}

using System.Net;
using FitnessAssistant.IntegrationTests.Fixtures;

namespace FitnessAssistant.IntegrationTests.Metadata;

[Collection(SystemCollection.Name)]
public sealed class CatalogOutageTests(SystemFixture system)
{
    [Fact]
    public async Task Requests_during_a_catalog_database_outage_answer_503_with_retry_after_and_change_nothing()
    {
        using var http = await MetadataApi.ClientAsync(system);
        var existing = MetadataApi.UniqueId("outage-existing");
        await MetadataApi.CreateAsync(http, MetadataApi.Exercise(existing, "Outage Row"));
        var attempted = MetadataApi.UniqueId("outage-attempted");

        await DatabaseOutage.SetReachableAsync(system, "catalogdb", false);
        try
        {
            using (var read = await http.GetAsync($"/api/v1/exercises/{existing}"))
            {
                await ShouldBeUnavailableAsync(read);
            }
            using (var write = await http.PostAsync("/api/v1/admin/exercises", MetadataApi.Json(MetadataApi.Exercise(attempted))))
            {
                await ShouldBeUnavailableAsync(write);
            }
        }
        finally
        {
            await DatabaseOutage.SetReachableAsync(system, "catalogdb", true);
        }

        // Back without a restart; the refused write left nothing behind, the earlier one is intact.
        (await StatusOnceOkAsync(http, $"/api/v1/exercises/{existing}", TimeSpan.FromSeconds(30))).Should().Be(HttpStatusCode.OK);
        using var missing = await http.GetAsync($"/api/v1/exercises/{attempted}");
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    private static async Task<HttpStatusCode> StatusOnceOkAsync(HttpClient http, string path, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            using var response = await http.GetAsync(path);
            if (response.StatusCode == HttpStatusCode.OK || DateTime.UtcNow > deadline)
            {
                return response.StatusCode;
            }
            await Task.Delay(200);
        }
    }

    private static async Task ShouldBeUnavailableAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, body);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        response.Headers.RetryAfter?.Delta.Should().Be(TimeSpan.FromSeconds(5));
        body.Should().NotContain("Npgsql", "the database's error stays in the log");
    }
}

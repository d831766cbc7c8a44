using System.Net;
using FitnessAssistant.AppHost.Credentials;
using FitnessAssistant.IntegrationTests.Fixtures;
using FitnessAssistant.IntegrationTests.Gateway;

namespace FitnessAssistant.IntegrationTests.Services;

/// <summary>
/// Services run in Production outside development (issue 22): there, too, a value that does not bind is a 400 problem,
/// never a 500 (it used to be one in Development, and nothing showed what Production answered).
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class ProductionEnvironmentTests(SystemFixture system)
{
    [Fact]
    public async Task A_malformed_parameter_is_a_400_problem_in_Production_through_the_gateway_and_the_service()
    {
        await using var metadata = await system.StartExtraAsync(SystemFixture.ExtraMetadata,
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" });
        // The development key's plan is a Development setting; in Production the key is on a plan that exists there.
        await using var gateway = await system.StartExtraAsync(SystemFixture.ExtraGateways[0], new Dictionary<string, string>
        {
            ["services__metadata__http__0"] = metadata.Endpoint().ToString(),
            [GatewayCredentials.DevelopmentKeyPlanVariable] = "standard",
            // Production's limits, counted by this gateway alone: the shared Redis windows hold every earlier test's
            // requests from 127.0.0.1, which Development's limits allow and Production's do not.
            ["RateLimiting__Shared__Enabled"] = "false",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        });

        using (var direct = await GatewayRequests.Http.GetAsync(new Uri(metadata.Endpoint(), "/api/v1/exercises?limit=abc")))
        {
            (await direct.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("detail").GetString().Should().Contain("limit");
        }
        using var proxied = await GatewayRequests.SendAsync(gateway.Endpoint(), HttpMethod.Get, "/api/v1/exercises?limit=abc", system.GatewayCredentials.ApiKey);
        (await proxied.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("detail").GetString().Should().Contain("limit");
        proxied.Destination().Should().BeNull("Production does not expose which replica answered");
    }
}

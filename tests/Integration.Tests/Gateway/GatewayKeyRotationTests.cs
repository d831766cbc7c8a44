using System.Net;
using FitnessAssistant.Hosting;
using FitnessAssistant.IntegrationTests.Fixtures;
using static FitnessAssistant.IntegrationTests.Gateway.GatewayRequests;

namespace FitnessAssistant.IntegrationTests.Gateway;

/// <summary>API keys in a watched keys file: rotated and revoked on a running gateway, a broken edit changes nothing.</summary>
[Collection(ServersCollection.Name)]
public sealed class GatewayKeyRotationTests(ServersFixture servers)
{
    [Fact]
    public async Task Keys_in_the_keys_file_rotate_without_a_restart()
    {
        var directory = Directory.CreateTempSubdirectory("gateway-keys-");
        var file = Path.Combine(directory.FullName, "keys.json");
        var (oldKey, newKey) = (GatewayCredentials.NewApiKey(), GatewayCredentials.NewApiKey());
        await WriteKeysAsync(file, ("partner-a", oldKey));
        var gateway = servers.System.CreateGateway("k").WithEnvironment("ApiKeys__File", file);
        try
        {
            await servers.EnsureRunningAsync(gateway);
            var pid = gateway.Processes.Single().Pid;
            (await StatusAsync(oldKey)).Should().NotBe(HttpStatusCode.Unauthorized);
            (await StatusAsync(newKey)).Should().Be(HttpStatusCode.Unauthorized);

            // Rotation step 1: both keys valid while the client switches.
            await WriteKeysAsync(file, ("partner-a", oldKey), ("partner-a-2", newKey));
            await EventuallyAsync(async () => await StatusAsync(newKey) != HttpStatusCode.Unauthorized,
                TimeSpan.FromSeconds(15), "the new key is accepted once the file changes");
            (await StatusAsync(oldKey)).Should().NotBe(HttpStatusCode.Unauthorized);

            // A broken edit is refused and the keys in force stay.
            await File.WriteAllTextAsync(file + ".tmp", "{ \"Keys\": { \"partner-a-2\": { \"Sha256\": \"not-a-hash\"");
            File.Move(file + ".tmp", file, overwrite: true);
            await Task.Delay(TimeSpan.FromSeconds(2));
            (await StatusAsync(oldKey)).Should().NotBe(HttpStatusCode.Unauthorized);
            (await StatusAsync(newKey)).Should().NotBe(HttpStatusCode.Unauthorized);

            // Rotation step 2: the old key is revoked.
            await WriteKeysAsync(file, ("partner-a-2", newKey));
            await EventuallyAsync(async () => await StatusAsync(oldKey) == HttpStatusCode.Unauthorized,
                TimeSpan.FromSeconds(15), "the removed key is refused once the file changes");
            (await StatusAsync(newKey)).Should().NotBe(HttpStatusCode.Unauthorized);
            gateway.Processes.Single().Pid.Should().Be(pid, "keys rotate without a restart");
        }
        finally
        {
            await gateway.StopAsync();
            directory.Delete(recursive: true);
        }

        async Task<HttpStatusCode> StatusAsync(string apiKey)
        {
            using var response = await SendAsync(gateway, HttpMethod.Get, SearchPath, apiKey);
            return response.StatusCode;
        }
    }

    // Written aside and renamed over the file, as an operator's deploy step would: readers never see half a file.
    private static async Task WriteKeysAsync(string file, params (string Id, string Key)[] keys)
    {
        var entries = string.Join(",", keys.Select(k =>
            $"\"{k.Id}\": {{ \"Sha256\": \"{GatewayCredentials.Sha256Hex(k.Key)}\", \"Plan\": \"standard\" }}"));
        await File.WriteAllTextAsync(file + ".tmp", $"{{ \"Keys\": {{ {entries} }} }}");
        File.Move(file + ".tmp", file, overwrite: true);
    }
}

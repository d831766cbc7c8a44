using System.Diagnostics;
using System.Net;
using System.Text.Json;
using FitnessAssistant.AppHost.Credentials;
using FitnessAssistant.IntegrationTests.Fixtures;
using static FitnessAssistant.IntegrationTests.Gateway.GatewayRequests;

namespace FitnessAssistant.IntegrationTests.Gateway;

/// <summary>
/// API keys in a watched keys file: rotated and revoked on a running gateway, a broken edit changes nothing. Token
/// signing keys: the retiring key stays valid beside the new one while it is listed.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class GatewayKeyRotationTests(SystemFixture system)
{
    [Fact]
    public async Task Keys_in_the_keys_file_rotate_without_a_restart()
    {
        var directory = Directory.CreateTempSubdirectory("gateway-keys-");
        var file = Path.Combine(directory.FullName, "keys.json");
        var (oldKey, newKey) = (GatewayCredentials.NewApiKey(), GatewayCredentials.NewApiKey());
        await WriteKeysAsync(file, ("partner-a", oldKey));
        var gateway = await system.StartExtraAsync(SystemFixture.ExtraGateways[0], new Dictionary<string, string> { ["ApiKeys__File"] = file });
        try
        {
            var pid = gateway.Pid;
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
            gateway.Pid.Should().Be(pid, "keys rotate without a restart");
        }
        finally
        {
            await gateway.DisposeAsync();
            directory.Delete(recursive: true);
        }

        async Task<HttpStatusCode> StatusAsync(string apiKey)
        {
            using var response = await SendAsync(gateway.Endpoint(), HttpMethod.Get, SearchPath, apiKey);
            return response.StatusCode;
        }
    }

    [Fact]
    public async Task Tokens_of_the_current_key_by_code_or_by_the_operator_script_and_of_a_listed_retiring_key_are_accepted()
    {
        var retiring = system.GatewayCredentials;
        // A key whose JSON form has escapes (System.Text.Json writes '+' as \u002B): the script must parse, not grep.
        var current = Enumerable.Range(0, 100).Select(_ => GatewayCredentials.Generate()).First(c => c.SigningKey.Contains('+'));
        var unlisted = GatewayCredentials.Generate();
        var stateDirectory = Directory.CreateTempSubdirectory("gateway-credentials-");
        Directory.CreateDirectory(Path.Combine(stateDirectory.FullName, "credentials"));
        await File.WriteAllTextAsync(Path.Combine(stateDirectory.FullName, "credentials", "gateway.json"), JsonSerializer.Serialize(current));
        var gateway = await system.StartExtraAsync(SystemFixture.ExtraGateways[0], new Dictionary<string, string>
        {
            ["Jwt__SigningKey"] = current.SigningKey,
            ["Jwt__PreviousSigningKeys__0"] = retiring.SigningKey,
        });
        try
        {
            (await StatusAsync(Token(current))).Should().NotBe(HttpStatusCode.Unauthorized, "the current key signs new tokens");
            (await StatusAsync(await ScriptTokenAsync(stateDirectory.FullName))).Should().NotBe(HttpStatusCode.Unauthorized,
                "eng/gateway-credentials.sh signs with the current key from the state directory");
            (await StatusAsync(Token(retiring))).Should().NotBe(HttpStatusCode.Unauthorized, "the retiring key is still listed");
            (await StatusAsync(Token(unlisted))).Should().Be(HttpStatusCode.Unauthorized, "a key neither current nor listed");
        }
        finally
        {
            await gateway.DisposeAsync();
            stateDirectory.Delete(recursive: true);
        }

        static string Token(GatewayCredentials signer) => signer.MintToken("rotation", [], TimeSpan.FromMinutes(5));

        async Task<HttpStatusCode> StatusAsync(string token)
        {
            using var response = await SendAsync(gateway.Endpoint(), HttpMethod.Get, SearchPath, bearer: token);
            return response.StatusCode;
        }
    }

    private static async Task<string> ScriptTokenAsync(string stateDirectory)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryLayout.Root, "eng", "gateway-credentials.sh"), "token", "operator", "admin", "300"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["FA_STATE_DIR"] = stateDirectory;
        start.Environment.Remove("FA_JWT_SIGNING_KEY");
        using var script = Process.Start(start)!;
        var token = await script.StandardOutput.ReadToEndAsync();
        var error = await script.StandardError.ReadToEndAsync();
        await script.WaitForExitAsync();
        script.ExitCode.Should().Be(0, error);
        return token.Trim();
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

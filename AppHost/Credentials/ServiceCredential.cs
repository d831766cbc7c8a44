using System.Security.Cryptography;

namespace FitnessAssistant.AppHost.Credentials;

/// <summary>
/// The installation's gRPC service credential: 32 random bytes (hex), made once per state directory and kept
/// owner-only, handed to the services that serve or call gRPC (embedding, metadata, indexing, search), not the gateway.
/// </summary>
public static class ServiceCredential
{
    public const string EnvironmentVariable = "ServiceCredential__Token";

    public static string LoadOrCreate(string stateDirectory)
    {
        var directory = Path.Combine(stateDirectory, "credentials");
        Directory.CreateDirectory(directory);
        return SecretFile.ReadOrCreate(Path.Combine(directory, "grpc-service-credential"),
            () => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));
    }
}

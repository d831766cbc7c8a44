using System.ComponentModel.DataAnnotations;
using Grpc.Core;
using Grpc.Net.Client;

namespace FitnessAssistant.ServiceDefaults.GrpcDefaults;

/// <summary>
/// The service credential of internal gRPC calls: a secret generated per installation and handed only to the services
/// that call or serve gRPC. Clients send it in <see cref="Header"/>, servers refuse a call without it (UNAUTHENTICATED).
/// Enough on one machine, where the calls never leave loopback; across machines mTLS replaces it (docs/security.md).
/// </summary>
public sealed class ServiceCredentialOptions
{
    public const string Section = "ServiceCredential";
    public const string Header = "x-service-credential";

    [Required(ErrorMessage = "ServiceCredential:Token is required (the installation's gRPC service credential; env ServiceCredential__Token).")]
    [MinLength(32, ErrorMessage = "ServiceCredential:Token must be at least 32 characters.")]
    public string Token { get; set; } = "";

    /// <summary>
    /// Options of a plain <see cref="GrpcChannel"/> (tools, tests) whose calls carry <paramref name="token"/>; the services'
    /// clients get it from <c>AddGrpcServiceClient</c>. Cleartext h2c, as the services' own channels.
    /// </summary>
    public static GrpcChannelOptions ChannelOptions(string token) => new()
    {
        Credentials = ChannelCredentials.Create(ChannelCredentials.Insecure, CallCredentials.FromInterceptor((_, metadata) =>
        {
            metadata.Add(Header, token);
            return Task.CompletedTask;
        })),
        UnsafeUseInsecureChannelCallCredentials = true,
    };
}

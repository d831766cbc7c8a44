using System.Security.Cryptography;
using System.Text;
using FitnessAssistant.AppHost.LocalServers;

namespace FitnessAssistant.AppHost.Credentials;

/// <summary>
/// Redis behind an ACL user with a generated password. The default user is off, so a connection that has not
/// authenticated can run no command at all (not even reset a rate-limit window or read the cache).
/// </summary>
public sealed record RedisAccess(string Password)
{
    public const string User = "fitness";

    // What a ready server that accepts the credentials answers to PingRequest.
    private const string PingAnswer = "+OK\r\n+PONG\r\n";

    /// <summary>The ACL part of the server's configuration file (a secret file: it holds the password).</summary>
    public string AclConfiguration => $"user default off\nuser {User} on >{Password} ~* &* +@all\n";

    private byte[] PingRequest => Encoding.ASCII.GetBytes($"AUTH {User} {Password}\r\nPING\r\n");

    /// <summary>
    /// Readiness of the server on <paramref name="port"/>: AUTH then PING in one write, so the probe also proves the
    /// credentials work (the AppHost's health check).
    /// </summary>
    public async Task<bool> AnswersPingAsync(int port, CancellationToken cancellationToken)
        => await TcpProbe.ExchangeAsync(port, PingRequest, PingAnswer.Length, cancellationToken) is { } answer
           && Encoding.ASCII.GetString(answer) == PingAnswer;

    /// <summary>The password kept in <paramref name="stateDirectory"/> (owner-only), made on first use.</summary>
    public static RedisAccess LoadOrCreate(string stateDirectory)
    {
        Directory.CreateDirectory(stateDirectory);
        return new(SecretFile.ReadOrCreate(Path.Combine(stateDirectory, "password"), () => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24))));
    }
}

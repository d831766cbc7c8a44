using System.Security.Cryptography;
using System.Text;

namespace FitnessAssistant.Hosting;

/// <summary>
/// Redis behind an ACL user with a generated password. The default user is off, so a connection that has not
/// authenticated can run no command at all (not even reset a rate-limit window or read the cache).
/// </summary>
public sealed record RedisAccess(string Password)
{
    public const string User = "fitness";

    /// <summary>An answer to <see cref="PingRequest"/> from a ready server that accepted the credentials.</summary>
    public const string PingAnswer = "+OK\r\n+PONG\r\n";

    /// <summary>The ACL part of the server's configuration file (a secret file: it holds the password).</summary>
    public string AclConfiguration => $"user default off\nuser {User} on >{Password} ~* &* +@all\n";

    /// <summary>AUTH then PING, in one write: a readiness probe that also proves the credentials work.</summary>
    public byte[] PingRequest => Encoding.ASCII.GetBytes($"AUTH {User} {Password}\r\nPING\r\n");

    /// <summary>The password kept in <paramref name="stateDirectory"/> (owner-only), made on first use.</summary>
    public static RedisAccess LoadOrCreate(string stateDirectory)
    {
        Directory.CreateDirectory(stateDirectory);
        return new(SecretFile.ReadOrCreate(Path.Combine(stateDirectory, "password"), () => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24))));
    }
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace FitnessAssistant.Hosting;

/// <summary>
/// RabbitMQ without <c>guest</c>: a fresh node's only user is <see cref="User"/> with a generated password (the
/// configuration names it as the default user, so <c>guest</c> is never created). The configuration file holds the
/// password and is written owner-only.
/// </summary>
public sealed record RabbitMqAccess(string Password)
{
    public const string User = "fitness";

    /// <summary>rabbitmq.conf: the default user, a disk floor fit for a small disk, logs to the console only.</summary>
    public string Configuration => $"""
        default_user = {User}
        default_pass = {Password}
        default_vhost = /
        default_permissions.configure = .*
        default_permissions.read = .*
        default_permissions.write = .*
        disk_free_limit.absolute = 50MB
        log.console = true
        log.file = false

        """;

    /// <summary>
    /// Definitions (rabbitmqctl import_definitions) that add the user to a node made before it existed, with the
    /// password as RabbitMQ stores it: base64 of a 4-byte salt and SHA-256 of salt and password.
    /// </summary>
    public string UserDefinitions()
    {
        var salt = RandomNumberGenerator.GetBytes(4);
        var hash = SHA256.HashData([.. salt, .. Encoding.UTF8.GetBytes(Password)]);
        return JsonSerializer.Serialize(new
        {
            users = new[] { new { name = User, password_hash = Convert.ToBase64String([.. salt, .. hash]), hashing_algorithm = "rabbit_password_hashing_sha256", tags = "administrator" } },
            permissions = new[] { new { user = User, vhost = "/", configure = ".*", write = ".*", read = ".*" } },
        });
    }

    public string ConnectionString(string hostAndPort) => $"amqp://{User}:{Password}@{hostAndPort}/";

    /// <summary>The password kept in <paramref name="stateDirectory"/> (owner-only), made on first use.</summary>
    public static RabbitMqAccess LoadOrCreate(string stateDirectory)
    {
        Directory.CreateDirectory(stateDirectory);
        return new(SecretFile.ReadOrCreate(Path.Combine(stateDirectory, "password"), () => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24))));
    }
}

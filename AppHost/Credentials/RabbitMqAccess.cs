using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace FitnessAssistant.AppHost.Credentials;

/// <summary>
/// RabbitMQ without <c>guest</c>: a fresh node's only user is <see cref="User"/> with a generated password (the
/// configuration names it as the default user, so <c>guest</c> is never created), the AppHost's administrator; the
/// services' own users are imported with <see cref="ServiceUserDefinitions"/>. The configuration file holds the
/// password and is written owner-only.
/// </summary>
public sealed record RabbitMqAccess(string Password)
{
    public const string User = "fitness";

    /// <summary>
    /// rabbitmq.conf: the default user, a disk floor fit for a small disk, logs to the console only, and connections
    /// opening and closing normally not logged (three lines each, so per readiness probe): warnings and errors stay.
    /// With <paramref name="definitions"/>, that file is imported at boot. With <paramref name="clusterNodes"/>, a node
    /// that has never run joins the first of them that runs (a node of a cluster keeps its membership after that).
    /// </summary>
    public string Configuration(string? definitions = null, IReadOnlyList<string>? clusterNodes = null) => $"""
        default_user = {User}
        default_pass = {Password}
        default_vhost = /
        default_permissions.configure = .*
        default_permissions.read = .*
        default_permissions.write = .*
        disk_free_limit.absolute = 50MB
        log.console = true
        log.file = false
        log.connection.level = warning

        """ + (definitions is null ? "" : $"load_definitions = {definitions}\n")
        + (clusterNodes is null ? "" : "cluster_formation.peer_discovery_backend = rabbit_peer_discovery_classic_config\n"
            + string.Concat(clusterNodes.Select((node, i) => $"cluster_formation.classic_config.nodes.{i + 1} = {node}\n")));

    /// <summary>
    /// Definitions for a node made before the user existed (it has only <c>guest</c>): the user with its permissions,
    /// and <c>guest</c> with a random password nobody knows. Passwords as RabbitMQ stores them: base64 of a 4-byte salt
    /// and SHA-256 of salt and password.
    /// </summary>
    public string UserDefinitions()
        => JsonSerializer.Serialize(new
        {
            users = new[]
            {
                new { name = User, password_hash = Hash(Password), hashing_algorithm = Algorithm, tags = "administrator" },
                new { name = "guest", password_hash = Hash(Convert.ToHexString(RandomNumberGenerator.GetBytes(32))), hashing_algorithm = Algorithm, tags = "" },
            },
            permissions = new[] { new { user = User, vhost = "/", configure = ".*", write = ".*", read = ".*" } },
        });

    /// <summary>
    /// Definitions of the services' users (what <c>rabbitmqctl import_definitions</c> reads): each with its password
    /// and its permissions on the vhost, replacing what an earlier import set. No tags: none may manage the broker.
    /// </summary>
    public static string ServiceUserDefinitions(IEnumerable<(string User, string Password, RabbitMqPermissions Permissions)> users)
    {
        var list = users.ToList();
        return JsonSerializer.Serialize(new
        {
            users = list.Select(u => new { name = u.User, password_hash = Hash(u.Password), hashing_algorithm = Algorithm, tags = "" }),
            permissions = list.Select(u => new
            {
                user = u.User, vhost = "/", configure = u.Permissions.Configure, write = u.Permissions.Write, read = u.Permissions.Read,
            }),
        });
    }

    private const string Algorithm = "rabbit_password_hashing_sha256";

    private static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(4);
        return Convert.ToBase64String([.. salt, .. SHA256.HashData([.. salt, .. Encoding.UTF8.GetBytes(password)])]);
    }

    public string ConnectionString(string hostAndPort) => $"amqp://{User}:{Password}@{hostAndPort}/";

    /// <summary>The password kept in <paramref name="stateDirectory"/> (owner-only), made on first use.</summary>
    public static RabbitMqAccess LoadOrCreate(string stateDirectory)
    {
        Directory.CreateDirectory(stateDirectory);
        return new(SecretFile.ReadOrCreate(Path.Combine(stateDirectory, "password"), () => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24))));
    }
}

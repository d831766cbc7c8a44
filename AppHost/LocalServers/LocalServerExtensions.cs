using System.Globalization;
using System.Security.Cryptography;
using FitnessAssistant.AppHost.Credentials;
using FitnessAssistant.AppHost.Restarts;
using Npgsql;

namespace FitnessAssistant.AppHost.LocalServers;

/// <summary>
/// The backing servers as Aspire executable resources running Debian's binaries (no container runtime here). Each
/// listens on a loopback port Aspire allocates (no proxy in front: every query and cache read would pay for it),
/// reports healthy only once it answers its own protocol, and keeps its data under the AppHost's state directory.
/// </summary>
public static class LocalServerExtensions
{
    private const string PostgresBin = "/usr/lib/postgresql/15/bin";

    /// <summary>
    /// PostgreSQL with pgvector. <paramref name="durable"/> off (tests) trades crash safety for speed: no fsync.
    /// </summary>
    public static IResourceBuilder<LocalPostgresResource> AddLocalPostgres(this IDistributedApplicationBuilder builder, string name,
        string stateRoot, bool durable = true)
    {
        var stateDirectory = Path.Combine(stateRoot, name);
        Directory.CreateDirectory(stateDirectory);
        var password = builder.AddParameter($"{name}-password", SecretFile.ReadOrCreate(Path.Combine(stateDirectory, "password"),
            () => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))), secret: true);
        var postgres = new LocalPostgresResource(name, stateDirectory, password.Resource);
        var healthCheck = $"{name}-ready";
        builder.Services.AddHealthChecks().AddAsyncCheck(healthCheck, async cancellationToken =>
            await ProtocolProbes.PostgresAsync(await postgres.ConnectionStringExpression.GetValueAsync(cancellationToken) + ";Database=postgres", cancellationToken));

        var socketDirectory = Path.Combine(stateDirectory, "socket");
        return builder.AddResource(postgres)
            .WithEndpoint(name: LocalPostgresResource.EndpointName, scheme: "tcp", isProxied: false)
            .WithArgs(context => AddPostgresArguments(context, postgres, socketDirectory, durable))
            .WithHealthCheck(healthCheck)
            .WithTestRunId()
            .OnBeforeResourceStarted(async (resource, _, cancellationToken) =>
            {
                Directory.CreateDirectory(socketDirectory);
                await InitializeClusterAsync(resource, cancellationToken);
            })
            .OnResourceReady(async (resource, @event, cancellationToken) =>
            {
                var databases = builder.Resources.OfType<LocalPostgresDatabaseResource>().Where(d => d.Parent == resource).ToList();
                await SetUpRolesAsync(resource, databases, cancellationToken);
                await PublishDatabasesRunningAsync(builder, resource, @event.Services);
            });
    }

    /// <summary>
    /// A hot-standby streaming replica of <paramref name="primary"/>: made by <c>pg_basebackup -R</c> on its first start,
    /// it replays the primary's WAL and serves read-only connections; its databases (<see cref="AddReplicaDatabase"/>)
    /// are the primary's, not created here. It signs in with the primary's password, which the base
    /// backup copies with everything else, and is pointed at the primary's current port on every start (the port
    /// <c>pg_basebackup -R</c> wrote is the one of the run that made it).
    /// </summary>
    public static IResourceBuilder<LocalPostgresResource> AddLocalPostgresReplica(this IDistributedApplicationBuilder builder, string name,
        IResourceBuilder<LocalPostgresResource> primary, string stateRoot, bool durable = true)
    {
        var stateDirectory = Path.Combine(stateRoot, name);
        Directory.CreateDirectory(stateDirectory);
        var replica = new LocalPostgresResource(name, stateDirectory, primary.Resource.Password);
        var healthCheck = $"{name}-ready";
        builder.Services.AddHealthChecks().AddAsyncCheck(healthCheck, async cancellationToken =>
            await ProtocolProbes.PostgresAsync(await replica.ConnectionStringExpression.GetValueAsync(cancellationToken) + ";Database=postgres", cancellationToken));
        var socketDirectory = Path.Combine(stateDirectory, "socket");
        // The password in a file only the postgres user reads, not on a command line every local user sees.
        var passwordFile = Path.Combine(stateDirectory, "pgpass");
        var primaryConnection = ReferenceExpression.Create(
            $"primary_conninfo=host=127.0.0.1 port={primary.Resource.Endpoint.Property(EndpointProperty.TargetPort)} user={LocalPostgresResource.SystemUser} passfile={passwordFile}");
        return builder.AddResource(replica)
            .WithEndpoint(name: LocalPostgresResource.EndpointName, scheme: "tcp", isProxied: false)
            .WithArgs(context => AddPostgresArguments(context, replica, socketDirectory, durable, "hot_standby=on", primaryConnection))
            .WithHealthCheck(healthCheck)
            .WithTestRunId()
            .WaitFor(primary)
            .OnBeforeResourceStarted(async (resource, @event, cancellationToken) =>
            {
                Directory.CreateDirectory(socketDirectory);
                SecretFile.Write(passwordFile, $"*:*:*:{LocalPostgresResource.SystemUser}:{await primary.Resource.Password.GetValueAsync(cancellationToken)}\n");
                await RunAsync("chown", ["-R", $"{LocalPostgresResource.SystemUser}:{LocalPostgresResource.SystemUser}", resource.StateDirectory], cancellationToken);
                if (!File.Exists(Path.Combine(resource.DataDirectory, "PG_VERSION")))
                {
                    // WaitFor holds the process, not this callback, which may run while the primary is still starting.
                    await @event.Services.GetRequiredService<ResourceNotificationService>().WaitForResourceHealthyAsync(primary.Resource.Name, cancellationToken);
                    await BaseBackupAsync(primary.Resource, resource, cancellationToken);
                }
            })
            .OnResourceReady((resource, @event, _) => PublishDatabasesRunningAsync(builder, resource, @event.Services));
    }

    /// <summary>
    /// A database of <paramref name="postgres"/> owned by the login role <paramref name="ownerRole"/> (the role of the
    /// service that migrates it), both created when the server is ready; healthy once the role can query it.
    /// </summary>
    public static IResourceBuilder<LocalPostgresDatabaseResource> AddDatabase(this IResourceBuilder<LocalPostgresResource> postgres, string name,
        string ownerRole, string? databaseName = null)
        => postgres.ApplicationBuilder.AddDatabaseRole(new LocalPostgresDatabaseResource(name, databaseName ?? name, postgres.Resource, ownerRole,
            postgres.ApplicationBuilder.AddRolePassword(postgres.Resource, name, ownerRole)));

    /// <summary>
    /// The same database as <paramref name="owner"/>, for a login role <paramref name="role"/> that may only read the
    /// owner's tables (and connect to no other database).
    /// </summary>
    public static IResourceBuilder<LocalPostgresDatabaseResource> AddReader(this IResourceBuilder<LocalPostgresDatabaseResource> owner, string name,
        string role)
        => owner.ApplicationBuilder.AddDatabaseRole(new LocalPostgresDatabaseResource(name, owner.Resource.DatabaseName, owner.Resource.Parent, role,
            owner.ApplicationBuilder.AddRolePassword(owner.Resource.Parent, name, role), owner.Resource));

    /// <summary>
    /// <paramref name="primaryDatabase"/> as <paramref name="replica"/> serves it, read-only: the same database and login
    /// role, since the base backup and the WAL replay copy the primary's roles with everything else.
    /// </summary>
    public static IResourceBuilder<LocalPostgresDatabaseResource> AddReplicaDatabase(this IResourceBuilder<LocalPostgresResource> replica, string name,
        IResourceBuilder<LocalPostgresDatabaseResource> primaryDatabase)
        => replica.ApplicationBuilder.AddDatabaseRole(new LocalPostgresDatabaseResource(name, primaryDatabase.Resource.DatabaseName, replica.Resource,
            primaryDatabase.Resource.Role, primaryDatabase.Resource.Password));

    /// <summary>An extension the superuser creates in the database when it sets the roles up (an owner may create only trusted ones).</summary>
    public static IResourceBuilder<LocalPostgresDatabaseResource> WithExtension(this IResourceBuilder<LocalPostgresDatabaseResource> database, string extension)
    {
        database.Resource.AddExtension(extension);
        return database;
    }

    /// <summary>A role's generated password, kept owner-only in the server's state directory (<c>roles/{role}</c>).</summary>
    private static ParameterResource AddRolePassword(this IDistributedApplicationBuilder builder, LocalPostgresResource postgres, string resourceName,
        string role)
        => builder.AddGeneratedPassword($"{resourceName}-password", Path.Combine(postgres.StateDirectory, "roles", role));

    private static IResourceBuilder<LocalPostgresDatabaseResource> AddDatabaseRole(this IDistributedApplicationBuilder builder,
        LocalPostgresDatabaseResource database)
        => builder.AddServiceLogin(database, "PostgresDatabase", ProtocolProbes.PostgresAsync);

    /// <summary>A generated password kept owner-only in <paramref name="file"/>, as a secret parameter.</summary>
    private static ParameterResource AddGeneratedPassword(this IDistributedApplicationBuilder builder, string name, string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var password = SecretFile.ReadOrCreate(file, () => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)));
        return builder.AddParameter(name, password, secret: true).Resource;
    }

    /// <summary>
    /// One service's login to a server (a database role, a broker user): waiting until the server has set it up, healthy
    /// once <paramref name="probe"/> can sign in with its connection string.
    /// </summary>
    private static IResourceBuilder<T> AddServiceLogin<T>(this IDistributedApplicationBuilder builder, T login, string resourceType,
        Func<string, CancellationToken, Task<HealthCheckResult>> probe)
        where T : IResourceWithConnectionString
    {
        var healthCheck = $"{login.Name}-ready";
        builder.Services.AddHealthChecks().AddAsyncCheck(healthCheck, async cancellationToken =>
            await probe(await login.ConnectionStringExpression.GetValueAsync(cancellationToken) ?? "", cancellationToken));
        return builder.AddResource(login)
            .WithHealthCheck(healthCheck)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = resourceType,
                State = KnownResourceStates.Waiting,
                Properties = [],
            });
    }

    /// <summary>
    /// Redis as a cache: memory only (no RDB, no AOF), 256 MB, least-recently-used keys evicted. Its ACL (and so the
    /// password) is in a configuration file only the owner can read, not on the command line every local user sees.
    /// </summary>
    public static IResourceBuilder<LocalRedisResource> AddLocalRedis(this IDistributedApplicationBuilder builder, string name, string stateRoot)
    {
        var stateDirectory = Path.Combine(stateRoot, name);
        var access = RedisAccess.LoadOrCreate(stateDirectory);
        var configuration = Path.Combine(stateDirectory, "redis.conf");
        SecretFile.Write(configuration, access.AclConfiguration);
        var password = builder.AddParameter($"{name}-password", access.Password, secret: true);
        var redis = new LocalRedisResource(name, stateDirectory, password.Resource);
        var healthCheck = $"{name}-ready";
        builder.Services.AddHealthChecks().AddAsyncCheck(healthCheck, cancellationToken
            => ProtocolProbes.RedisAsync(redis.Endpoint.TargetPort ?? 0, access, cancellationToken));
        return builder.AddResource(redis)
            .WithEndpoint(name: LocalRedisResource.EndpointName, scheme: "tcp", isProxied: false)
            .WithArgs(context =>
            {
                foreach (var argument in (object[])
                [
                    configuration,
                    "--port", redis.Endpoint.Property(EndpointProperty.TargetPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                    "--dir", stateDirectory, "--daemonize", "no", "--maxmemory", "256mb", "--maxmemory-policy", "allkeys-lru",
                ])
                {
                    context.Args.Add(argument);
                }
            })
            .WithHealthCheck(healthCheck)
            .WithTestRunId();
    }

    /// <summary>
    /// RabbitMQ with its own epmd and Erlang distribution port, both on loopback; no plugins; no <c>guest</c>, an
    /// administrator with a generated password (<see cref="RabbitMqAccess"/>), and once it is ready the services' users
    /// (<see cref="AddUser"/>). A node made by an older version, which has only <c>guest</c>, gets the administrator and
    /// loses <c>guest</c> once it is ready. With <paramref name="nodes"/> above one, a cluster: <paramref name="name"/>
    /// is its first node, the others (<c>{name}-2</c>, ...) join it on their first boot (peer discovery from the
    /// configuration), and all share one epmd (<c>{name}-epmd</c>), an Erlang cookie and the administrator. The other
    /// nodes restart on a crash, as servers do; the first node's restart policy is the caller's, as for any server.
    /// </summary>
    public static IResourceBuilder<LocalRabbitMqResource> AddLocalRabbitMq(this IDistributedApplicationBuilder builder, string name, string stateRoot,
        int nodes = 1)
    {
        var stateDirectory = Path.Combine(stateRoot, name);
        var access = RabbitMqAccess.LoadOrCreate(stateDirectory);
        var password = builder.AddParameter($"{name}-password", access.Password, secret: true);
        if (nodes == 1)
        {
            return builder.AddRabbitMqNode(name, stateDirectory, access, password.Resource, cluster: null);
        }

        var epmd = builder.AddResource(new ExecutableResource($"{name}-epmd", "/usr/bin/epmd", stateDirectory))
            .WithEndpoint(name: "tcp", scheme: "tcp", isProxied: false)
            .WithTestRunId();
        var epmdEndpoint = epmd.GetEndpoint("tcp");
        epmd.WithArgs(context =>
            {
                context.Args.Add("-port");
                context.Args.Add(epmdEndpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("-address");
                context.Args.Add("127.0.0.1");
            })
            .WithHealthCheck(builder.AddProbe($"{name}-epmd-ready", async cancellationToken =>
                await TcpProbe.ExchangeAsync(epmdEndpoint.Port, EpmdNamesRequest, 4, cancellationToken) is not null
                    ? HealthCheckResult.Healthy()
                    : HealthCheckResult.Unhealthy("epmd does not answer NAMES")))
            .WithRestartOnCrash();
        var names = Enumerable.Range(1, nodes).Select(n => n == 1 ? name : $"{name}-{n}").ToList();
        var cluster = new RabbitMqCluster(names.Select(NodeName).ToList(), epmdEndpoint,
            SecretFile.ReadOrCreate(Path.Combine(stateDirectory, "erlang-cookie"), () => Convert.ToHexString(RandomNumberGenerator.GetBytes(20))));
        var first = builder.AddRabbitMqNode(name, stateDirectory, access, password.Resource, cluster).WaitFor(epmd);
        foreach (var other in names.Skip(1))
        {
            var node = builder.AddRabbitMqNode(other, Path.Combine(stateRoot, other), access, password.Resource, cluster)
                .WaitFor(epmd).WaitFor(first).WithRestartOnCrash();
            first.Resource.ClusterNodes.Add(node.Resource);
        }
        return first;
    }

    /// <summary>One RabbitMQ node; in a <paramref name="cluster"/>, it uses the cluster's epmd and cookie and knows its peers.</summary>
    private static IResourceBuilder<LocalRabbitMqResource> AddRabbitMqNode(this IDistributedApplicationBuilder builder, string name,
        string stateDirectory, RabbitMqAccess access, ParameterResource password, RabbitMqCluster? cluster)
    {
        var home = Path.Combine(stateDirectory, "home");
        var config = Path.Combine(stateDirectory, "config");
        var mnesia = Path.Combine(stateDirectory, "mnesia");
        Directory.CreateDirectory(home);
        Directory.CreateDirectory(config);
        // A node an older AppHost made has only guest: this boot imports the user and gives guest an unknown password.
        var usersMarker = Path.Combine(stateDirectory, "users-without-guest");
        var definitions = Path.Combine(config, "users.json");
        var nodeHasOnlyGuest = Directory.Exists(mnesia) && !File.Exists(usersMarker);
        if (nodeHasOnlyGuest)
        {
            SecretFile.Write(definitions, access.UserDefinitions());
        }
        else
        {
            File.WriteAllText(usersMarker, "");
        }
        SecretFile.Write(Path.Combine(config, "rabbitmq.conf"), access.Configuration(nodeHasOnlyGuest ? definitions : null, cluster?.NodeNames));
        File.WriteAllText(Path.Combine(config, "enabled_plugins"), "[].\n");
        File.WriteAllText(Path.Combine(config, "rabbitmq-env.conf"), "");
        if (cluster is not null)
        {
            // The broker and its CLI read the cookie from HOME; peers must present the same one.
            SecretFile.Write(Path.Combine(home, ".erlang.cookie"), cluster.Cookie);
        }

        var rabbitMq = new LocalRabbitMqResource(name, stateDirectory, password);
        var healthCheck = builder.AddProbe($"{name}-ready", async cancellationToken
            => await ProtocolProbes.RabbitMqAsync(await rabbitMq.ConnectionStringExpression.GetValueAsync(cancellationToken) ?? "", cancellationToken));
        var epmd = cluster?.Epmd ?? new EndpointReference(rabbitMq, LocalRabbitMqResource.EpmdEndpointName);
        var distribution = new EndpointReference(rabbitMq, LocalRabbitMqResource.DistributionEndpointName);
        var node = builder.AddResource(rabbitMq)
            .WithArgs("-c", RabbitMqLauncher, "rabbitmq-launcher")
            .WithEndpoint(name: LocalRabbitMqResource.EndpointName, scheme: "tcp", isProxied: false)
            .WithEndpoint(name: LocalRabbitMqResource.DistributionEndpointName, scheme: "tcp", isProxied: false);
        if (cluster is null)
        {
            node.WithEndpoint(name: LocalRabbitMqResource.EpmdEndpointName, scheme: "tcp", isProxied: false);
        }
        return node
            .WithEnvironment(context =>
            {
                var variables = context.EnvironmentVariables;
                variables["HOME"] = home;
                // A stable node name keeps the same Mnesia directory, so durable queues survive a restart.
                variables["RABBITMQ_NODENAME"] = NodeName(name);
                variables["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1";
                variables["RABBITMQ_NODE_PORT"] = rabbitMq.Endpoint.Property(EndpointProperty.TargetPort);
                variables["RABBITMQ_DIST_PORT"] = distribution.Property(EndpointProperty.TargetPort);
                variables["ERL_EPMD_PORT"] = epmd.Property(EndpointProperty.TargetPort);
                variables["ERL_EPMD_ADDRESS"] = "127.0.0.1";
                // A cluster's epmd is a resource of its own; a node must not start a daemonised one beside it.
                variables["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = cluster is null ? DistributionOnLoopback : DistributionOnLoopback + " -start_epmd false";
                variables["FA_OWN_EPMD"] = cluster is null ? "1" : "";
                variables["RABBITMQ_MNESIA_BASE"] = mnesia;
                variables["RABBITMQ_LOG_BASE"] = Path.Combine(stateDirectory, "log");
                variables["RABBITMQ_CONFIG_FILE"] = Path.Combine(config, "rabbitmq.conf");
                variables["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(config, "enabled_plugins");
                variables["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(config, "rabbitmq-env.conf");
            })
            .WithHealthCheck(healthCheck)
            .WithTestRunId()
            .OnResourceReady(async (resource, @event, cancellationToken) =>
            {
                if (nodeHasOnlyGuest && !File.Exists(usersMarker))
                {
                    // Imported and healthy (the probe signs in as the new user): later boots need no import.
                    File.WriteAllText(usersMarker, "");
                    SecretFile.Write(Path.Combine(config, "rabbitmq.conf"), access.Configuration(clusterNodes: cluster?.NodeNames));
                    File.Delete(definitions);
                }
                // Users are the cluster's: the first node sets them up for all.
                var users = builder.Resources.OfType<LocalRabbitMqUserResource>().Where(u => u.Parent == resource).ToList();
                await ImportServiceUsersAsync(resource, users, epmd, cancellationToken);
                var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
                foreach (var user in users)
                {
                    await notifications.PublishUpdateAsync(user, snapshot => snapshot with
                    {
                        State = new ResourceStateSnapshot(KnownResourceStates.Running, KnownResourceStateStyles.Success),
                    });
                }
            });
    }

    /// <summary>Registers an AppHost health check and returns its name.</summary>
    private static string AddProbe(this IDistributedApplicationBuilder builder, string name, Func<CancellationToken, Task<HealthCheckResult>> probe)
    {
        builder.Services.AddHealthChecks().AddAsyncCheck(name, probe);
        return name;
    }

    /// <summary>epmd's NAMES_REQ: two length bytes, then 110 ('n'); it answers with its 4-byte port before the names.</summary>
    private static readonly byte[] EpmdNamesRequest = [0, 1, 110];

    /// <summary>What every node of a cluster shares: the peers' node names, the epmd they register with, the Erlang cookie.</summary>
    private sealed record RabbitMqCluster(IReadOnlyList<string> NodeNames, EndpointReference Epmd, string Cookie);

    /// <summary>
    /// A service's own user of the broker (<paramref name="user"/>, password generated and kept owner-only under the
    /// broker's state directory, <c>users/{user}</c>) with <paramref name="permissions"/> on the vhost; created when the
    /// broker is ready and healthy once it can sign in.
    /// </summary>
    public static IResourceBuilder<LocalRabbitMqUserResource> AddUser(this IResourceBuilder<LocalRabbitMqResource> rabbitMq, string name, string user,
        RabbitMqPermissions permissions)
    {
        var builder = rabbitMq.ApplicationBuilder;
        var password = builder.AddGeneratedPassword($"{name}-password", Path.Combine(rabbitMq.Resource.StateDirectory, "users", user));
        return builder.AddServiceLogin(new LocalRabbitMqUserResource(name, user, password, permissions, rabbitMq.Resource), "RabbitMQUser",
            ProtocolProbes.RabbitMqAsync);
    }

    /// <summary>
    /// Executables start with a clean environment (projects inherit the AppHost's); the test run's id is passed on so
    /// that eng/test.sh finds any server a test run leaves behind.
    /// </summary>
    internal static IResourceBuilder<T> WithTestRunId<T>(this IResourceBuilder<T> builder) where T : ExecutableResource
        => Environment.GetEnvironmentVariable(TestRunIdVariable) is { Length: > 0 } testRun
            ? builder.WithEnvironment(TestRunIdVariable, testRun)
            : builder;

    private const string TestRunIdVariable = "FA_TEST_RUN_ID";

    /// <summary>The Erlang distribution listener (how rabbitmqctl and cluster peers reach the node) binds all interfaces unless told.</summary>
    private const string DistributionOnLoopback = "-kernel inet_dist_use_interface {127,0,0,1}";

    // $1.. are postgres' own arguments. `wait` returns early when the trap runs; loop until postgres is really gone.
    private const string PostgresLauncher = """
        setpriv --reuid=postgres --regid=postgres --init-groups -- /usr/lib/postgresql/15/bin/postgres "$@" &
        pid=$!
        trap 'kill -INT "$pid" 2>/dev/null' TERM INT
        while :; do
          wait "$pid"; status=$?
          kill -0 "$pid" 2>/dev/null || exit "$status"
        done
        """;

    // A single broker's own epmd runs in the foreground beside it and stops with it (left to itself, the Erlang VM would
    // start a daemonised epmd that outlives the AppHost). Not the /usr/sbin wrapper: it switches user and cookie.
    private const string RabbitMqLauncher = """
        epmd=
        if [ -n "$FA_OWN_EPMD" ]; then
          /usr/bin/epmd -port "$ERL_EPMD_PORT" -address 127.0.0.1 &
          epmd=$!
        fi
        /usr/lib/rabbitmq/bin/rabbitmq-server &
        pid=$!
        trap 'kill -TERM "$pid" 2>/dev/null' TERM INT
        while :; do
          wait "$pid"; status=$?
          kill -0 "$pid" 2>/dev/null || break
        done
        if [ -n "$epmd" ]; then
          kill "$epmd" 2>/dev/null
          wait "$epmd"
        fi
        exit "$status"
        """;

    /// <summary>The arguments of a PostgreSQL server resource: the launcher, then postgres' own.</summary>
    private static void AddPostgresArguments(CommandLineArgsCallbackContext context, LocalPostgresResource postgres, string socketDirectory,
        bool durable, params object[] settings)
    {
        // DCP stops a process with SIGTERM, which PostgreSQL takes as a "smart" shutdown that waits for every
        // client to leave; the launcher turns it into SIGINT, a "fast" shutdown.
        context.Args.Add("-c");
        context.Args.Add(PostgresLauncher);
        context.Args.Add("postgres-launcher");
        foreach (var argument in (object[])
        [
            "-D", postgres.DataDirectory, "-p", postgres.Endpoint.Property(EndpointProperty.TargetPort), "-k", socketDirectory,
            "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300", "-c", "shared_buffers=256MB",
            // Searches cancel statements past their deadline by design: each cancel is one line, not the SQL too.
            "-c", "log_min_error_statement=panic",
        ])
        {
            context.Args.Add(argument);
        }
        foreach (var setting in durable ? settings : [.. settings, "fsync=off", "synchronous_commit=off", "full_page_writes=off"])
        {
            context.Args.Add("-c");
            context.Args.Add(setting);
        }
    }

    /// <summary>
    /// The services' users, through <c>rabbitmqctl import_definitions</c> against the running node (one CLI start for
    /// all of them); the definitions file holds password hashes, so it is owner-only and removed after the import.
    /// </summary>
    private static async Task ImportServiceUsersAsync(LocalRabbitMqResource rabbitMq, IReadOnlyList<LocalRabbitMqUserResource> users,
        EndpointReference epmd, CancellationToken cancellationToken)
    {
        if (users.Count == 0)
        {
            return;
        }
        var entries = new List<(string, string, RabbitMqPermissions)>();
        foreach (var user in users)
        {
            entries.Add((user.User, (await user.Password.GetValueAsync(cancellationToken))!, user.Permissions));
        }
        var definitions = Path.Combine(rabbitMq.StateDirectory, "config", "service-users.json");
        SecretFile.Write(definitions, RabbitMqAccess.ServiceUserDefinitions(entries));
        try
        {
            await RunAsync("env",
            [
                $"HOME={Path.Combine(rabbitMq.StateDirectory, "home")}",
                $"ERL_EPMD_PORT={epmd.Port.ToString(CultureInfo.InvariantCulture)}",
                $"RABBITMQ_CONF_ENV_FILE={Path.Combine(rabbitMq.StateDirectory, "config", "rabbitmq-env.conf")}",
                // The CLI is an Erlang node too: its distribution listener stays on loopback like the broker's.
                $"RABBITMQ_CTL_ERL_ARGS={DistributionOnLoopback}",
                "/usr/lib/rabbitmq/bin/rabbitmqctl", "-n", NodeName(rabbitMq.Name), "import_definitions", definitions,
            ], cancellationToken);
        }
        finally
        {
            File.Delete(definitions);
        }
    }

    private static string NodeName(string resourceName) => $"fitness-{resourceName}@localhost";

    /// <summary>The server is ready: so are its databases (on a primary, once created).</summary>
    private static async Task PublishDatabasesRunningAsync(IDistributedApplicationBuilder builder, LocalPostgresResource server, IServiceProvider services)
    {
        var notifications = services.GetRequiredService<ResourceNotificationService>();
        foreach (var database in builder.Resources.OfType<LocalPostgresDatabaseResource>().Where(d => d.Parent == server))
        {
            await notifications.PublishUpdateAsync(database, snapshot => snapshot with
            {
                State = new ResourceStateSnapshot(KnownResourceStates.Running, KnownResourceStateStyles.Success),
            });
        }
    }

    private static async Task BaseBackupAsync(LocalPostgresResource primary, LocalPostgresResource replica, CancellationToken cancellationToken)
    {
        if (Directory.Exists(replica.DataDirectory))
        {
            Directory.Delete(replica.DataDirectory, recursive: true); // a base backup that was interrupted
        }
        var password = await primary.Password.GetValueAsync(cancellationToken);
        await RunAsync("setpriv",
        [
            $"--reuid={LocalPostgresResource.SystemUser}", $"--regid={LocalPostgresResource.SystemUser}", "--init-groups", "--",
            "env", $"PGPASSWORD={password}",
            Path.Combine(PostgresBin, "pg_basebackup"), "-h", "127.0.0.1", "-p", primary.Endpoint.Port.ToString(CultureInfo.InvariantCulture),
            "-U", LocalPostgresResource.SystemUser, "-D", replica.DataDirectory, "-R", "-X", "stream", "--no-sync", "--checkpoint=fast",
        ], cancellationToken);
    }

    private static async Task InitializeClusterAsync(LocalPostgresResource postgres, CancellationToken cancellationToken)
    {
        // The cluster belongs to the postgres system user: initdb and postgres refuse to run as root.
        await RunAsync("chown", ["-R", $"{LocalPostgresResource.SystemUser}:{LocalPostgresResource.SystemUser}", postgres.StateDirectory], cancellationToken);
        if (File.Exists(Path.Combine(postgres.DataDirectory, "PG_VERSION")))
        {
            return;
        }
        if (Directory.Exists(postgres.DataDirectory))
        {
            Directory.Delete(postgres.DataDirectory, recursive: true); // an initdb that was interrupted
        }
        await RunAsync("setpriv",
        [
            $"--reuid={LocalPostgresResource.SystemUser}", $"--regid={LocalPostgresResource.SystemUser}", "--init-groups", "--",
            Path.Combine(PostgresBin, "initdb"), "-D", postgres.DataDirectory, "-U", LocalPostgresResource.SystemUser,
            "--pwfile", Path.Combine(postgres.StateDirectory, "password"), "--auth=scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync",
        ], cancellationToken);
    }

    /// <summary>
    /// Each database's login roles, as the superuser (<see cref="PostgresRoleSql"/>): roles created or given their
    /// current passwords, databases created or handed to their owners, readers granted what they may read.
    /// </summary>
    private static async Task SetUpRolesAsync(LocalPostgresResource postgres, IReadOnlyList<LocalPostgresDatabaseResource> databases,
        CancellationToken cancellationToken)
    {
        var superuser = await postgres.ConnectionStringExpression.GetValueAsync(cancellationToken);
        var owners = databases.Where(d => d.ReadsFrom is null).ToList();
        await using (var connection = new NpgsqlConnection(superuser + ";Database=postgres;Pooling=false"))
        {
            await connection.OpenAsync(cancellationToken);
            foreach (var database in databases)
            {
                await ExecuteAsync(connection, PostgresRoleSql.EnsureLoginRole(database.Role, (await database.Password.GetValueAsync(cancellationToken))!), cancellationToken);
            }
            foreach (var owner in owners)
            {
                await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
                exists.Parameters.AddWithValue(owner.DatabaseName);
                if (await exists.ExecuteScalarAsync(cancellationToken) is null)
                {
                    await ExecuteAsync(connection, PostgresRoleSql.CreateDatabase(owner.DatabaseName, owner.Role), cancellationToken);
                }
                await ExecuteAsync(connection, PostgresRoleSql.OwnDatabase(owner.DatabaseName, owner.Role), cancellationToken);
            }
            foreach (var reader in databases.Where(d => d.ReadsFrom is not null))
            {
                await ExecuteAsync(connection, PostgresRoleSql.GrantConnect(reader.DatabaseName, reader.Role), cancellationToken);
            }
        }
        foreach (var owner in owners)
        {
            await using var connection = new NpgsqlConnection(superuser + $";Database={owner.DatabaseName};Pooling=false");
            await connection.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, PostgresRoleSql.TakeOwnership(owner.Role, owner.Extensions), cancellationToken);
            foreach (var reader in databases.Where(d => d.ReadsFrom == owner))
            {
                await ExecuteAsync(connection, PostgresRoleSql.GrantRead(owner.Role, reader.Role), cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task RunAsync(string executable, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new System.Diagnostics.ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{executable} failed ({process.ExitCode}): {await error}{await output}");
        }
    }
}

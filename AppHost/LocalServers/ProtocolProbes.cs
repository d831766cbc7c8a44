using FitnessAssistant.AppHost.Credentials;
using Npgsql;

namespace FitnessAssistant.AppHost.LocalServers;

/// <summary>Readiness that speaks each server's own protocol: an open port alone does not mean a server answers.</summary>
internal static class ProtocolProbes
{
    public static async Task<HealthCheckResult> PostgresAsync(string connectionString, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 3 }.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy(ex.Message);
        }
    }

    public static async Task<HealthCheckResult> RedisAsync(int port, RedisAccess access, CancellationToken cancellationToken)
        => await access.AnswersPingAsync(port, cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("no +OK to AUTH and +PONG to PING");

    /// <summary>
    /// A whole AMQP handshake, closed properly (<see cref="AmqpProbe"/>): every 15 s, so the broker must not warn. A
    /// cluster's connection string lists every node: all must let the user in (each has joined and knows the user).
    /// </summary>
    public static async Task<HealthCheckResult> RabbitMqAsync(string connectionString, CancellationToken cancellationToken)
    {
        foreach (var node in connectionString.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (await AmqpProbe.ProblemAsync(node, cancellationToken) is { } problem)
            {
                return HealthCheckResult.Unhealthy(problem);
            }
        }
        return HealthCheckResult.Healthy();
    }

    public static async Task<HealthCheckResult> HttpOkAsync(HttpClient http, Uri uri, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(uri, cancellationToken);
            return response.IsSuccessStatusCode ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy($"{uri} answered {(int)response.StatusCode}");
        }
        catch (HttpRequestException ex)
        {
            return HealthCheckResult.Unhealthy(ex.Message);
        }
    }
}

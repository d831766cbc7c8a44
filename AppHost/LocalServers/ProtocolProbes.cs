using System.Net.Sockets;
using System.Text;
using FitnessAssistant.Hosting;
using FitnessAssistant.Hosting.Resources;
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
    {
        var answer = await ExchangeAsync(port, access.PingRequest, RedisAccess.PingAnswer.Length, cancellationToken);
        return answer is not null && Encoding.ASCII.GetString(answer) == RedisAccess.PingAnswer
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("no +OK to AUTH and +PONG to PING");
    }

    /// <summary>A whole AMQP handshake, closed properly (<see cref="AmqpProbe"/>): every 15 s, so the broker must not warn.</summary>
    public static async Task<HealthCheckResult> RabbitMqAsync(string connectionString, CancellationToken cancellationToken)
        => await AmqpProbe.ProblemAsync(connectionString, cancellationToken) is { } problem
            ? HealthCheckResult.Unhealthy(problem)
            : HealthCheckResult.Healthy();

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

    /// <summary>Sends <paramref name="request"/> on a fresh connection and reads exactly <paramref name="length"/> bytes back, or null.</summary>
    private static async Task<byte[]?> ExchangeAsync(int port, byte[] request, int length, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(request, timeout.Token);
            var buffer = new byte[length];
            await stream.ReadExactlyAsync(buffer, timeout.Token);
            return buffer;
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}

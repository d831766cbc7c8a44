using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace FitnessAssistant.AppHost.LocalServers;

/// <summary>
/// RabbitMQ readiness by a full AMQP handshake that ends with Connection.Close: a probe that hangs up after the
/// protocol header makes the broker warn "client unexpectedly closed TCP connection" on every probe.
/// </summary>
public static class AmqpProbe
{
    public static async Task<string?> ProblemAsync(string connectionString, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory
        {
            Uri = new Uri(connectionString),
            AutomaticRecoveryEnabled = false,
            RequestedConnectionTimeout = TimeSpan.FromSeconds(3),
            ClientProvidedName = "readiness-probe",
        };
        try
        {
            await using var connection = await factory.CreateConnectionAsync(cancellationToken);
            await connection.CloseAsync(cancellationToken);
            return null;
        }
        catch (Exception ex) when (ex is BrokerUnreachableException or OperationInterruptedException or IOException
                                   || ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return ex.Message;
        }
    }
}

using System.Data.Common;
using System.Net.Sockets;

namespace FitnessAssistant.ServiceDefaults.Tests;

public sealed class DependencyOutageExceptionHandlerTests
{
    [Fact]
    public void Transient_database_errors_refused_connections_and_timeouts_are_outages_even_when_wrapped()
    {
        DependencyOutageExceptionHandler.IsOutage(new TransientDbException(true)).Should().BeTrue();
        DependencyOutageExceptionHandler.IsOutage(new SocketException((int)SocketError.ConnectionRefused)).Should().BeTrue();
        DependencyOutageExceptionHandler.IsOutage(new InvalidOperationException("wrapped", new TimeoutException())).Should().BeTrue();
    }

    [Fact]
    public void Bugs_and_permanent_database_errors_are_not()
    {
        DependencyOutageExceptionHandler.IsOutage(new TransientDbException(false)).Should().BeFalse();
        DependencyOutageExceptionHandler.IsOutage(new NullReferenceException()).Should().BeFalse();
        DependencyOutageExceptionHandler.IsOutage(new InvalidOperationException("bug", new ArgumentException())).Should().BeFalse();
    }

    private sealed class TransientDbException(bool transient) : DbException("database error")
    {
        public override bool IsTransient => transient;
    }
}

using System.Data.Common;
using System.Net.Sockets;

namespace FitnessAssistant.ServiceDefaults.Tests;

public sealed class DependencyOutageTests
{
    [Fact]
    public void Transient_database_errors_refused_connections_and_timeouts_are_outages_even_when_wrapped()
    {
        DependencyOutage.IsOutage(new TransientDbException(true)).Should().BeTrue();
        DependencyOutage.IsOutage(new SocketException((int)SocketError.ConnectionRefused)).Should().BeTrue();
        DependencyOutage.IsOutage(new InvalidOperationException("wrapped", new TimeoutException())).Should().BeTrue();
    }

    [Fact]
    public void Bugs_and_permanent_database_errors_are_not()
    {
        DependencyOutage.IsOutage(new TransientDbException(false)).Should().BeFalse();
        DependencyOutage.IsOutage(new NullReferenceException()).Should().BeFalse();
        DependencyOutage.IsOutage(new InvalidOperationException("bug", new ArgumentException())).Should().BeFalse();
    }

    private sealed class TransientDbException(bool transient) : DbException("database error")
    {
        public override bool IsTransient => transient;
    }
}

using Messaging.Contracts;
using Messaging.Processing.Pipeline.Faults;
using Npgsql;

namespace Messaging.UnitTests;

public sealed class TransientFaultsTests
{
    [Theory]
    [InlineData(PostgresErrorCodes.DeadlockDetected, true)]
    [InlineData(PostgresErrorCodes.SerializationFailure, true)]
    [InlineData(PostgresErrorCodes.AdminShutdown, true)]
    [InlineData(PostgresErrorCodes.CannotConnectNow, true)]
    [InlineData(PostgresErrorCodes.UniqueViolation, false)]
    [InlineData(PostgresErrorCodes.CheckViolation, false)]
    public void Should_classify_postgres_errors_by_sql_state(string sqlState, bool transient)
    {
        var error = new PostgresException("m", "ERROR", "ERROR", sqlState);

        Assert.Equal(transient, TransientFaults.IsTransient(error));
    }

    [Fact]
    public void Should_treat_a_wrapped_connection_failure_as_transient()
    {
        var error = new InvalidOperationException("outer", new NpgsqlException("down", new System.Net.Sockets.SocketException(111)));

        Assert.True(TransientFaults.IsTransient(error));
    }

    [Theory]
    [InlineData(PostgresErrorCodes.AdminShutdown, true)]
    [InlineData(PostgresErrorCodes.CannotConnectNow, true)]
    [InlineData(PostgresErrorCodes.TooManyConnections, true)]
    [InlineData(PostgresErrorCodes.ConnectionFailure, true)]
    [InlineData(PostgresErrorCodes.DeadlockDetected, false)]
    [InlineData(PostgresErrorCodes.SerializationFailure, false)]
    [InlineData(PostgresErrorCodes.QueryCanceled, false)]
    public void Should_tell_an_outage_from_contention_when_the_fault_passes(string sqlState, bool outage)
    {
        var error = new PostgresException("m", "ERROR", "ERROR", sqlState);

        Assert.True(TransientFaults.IsTransient(error));
        Assert.Equal(outage, TransientFaults.IsOutage(error));
    }

    [Fact]
    public void Should_take_a_lost_connection_for_an_outage_and_a_lost_race_for_contention()
    {
        Assert.True(
            TransientFaults.IsOutage(
                new InvalidOperationException("outer", new NpgsqlException("down", new System.Net.Sockets.SocketException(111)))
            )
        );
        Assert.False(
            TransientFaults.IsOutage(new Messaging.Ledger.Redemptions.RequestDecidedElsewhereException("decided first elsewhere"))
        );
        Assert.False(TransientFaults.IsOutage(new MessageRejectedException("validation", "bad")));
    }

    [Fact]
    public void Should_never_retry_a_rejection()
    {
        Assert.False(TransientFaults.IsTransient(new MessageRejectedException("validation", "bad")));
    }
}

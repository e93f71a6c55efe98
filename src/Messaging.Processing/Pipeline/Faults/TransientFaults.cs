using System.Net.Sockets;
using Npgsql;
using RabbitMQ.Client.Exceptions;

namespace Messaging.Processing.Pipeline.Faults;

// Failures that pass by themselves (the database restarting, a deadlock, a dropped connection) are retried for as long as they last
// instead of dead-lettering the message.
public static class TransientFaults
{
    // The database is away or restarting: nothing can commit until it is back, whatever the message. (Declared first: the set below
    // is built from it.)
    private static readonly HashSet<string> OutageSqlStates =
    [
        PostgresErrorCodes.AdminShutdown,
        PostgresErrorCodes.CrashShutdown,
        PostgresErrorCodes.CannotConnectNow,
        PostgresErrorCodes.TooManyConnections,
    ];

    // An outage, or contention that may come from one message's content.
    private static readonly HashSet<string> TransientSqlStates =
    [
        .. OutageSqlStates,
        PostgresErrorCodes.SerializationFailure,
        PostgresErrorCodes.DeadlockDetected,
        PostgresErrorCodes.LockNotAvailable,
        PostgresErrorCodes.ConnectionException,
        PostgresErrorCodes.ConnectionFailure,
        PostgresErrorCodes.SqlClientUnableToEstablishSqlConnection,
        PostgresErrorCodes.QueryCanceled,
    ];

    /// <summary>
    /// A transient fault that is no message's own: the database or the connection to it is away. Contention (a deadlock, a lost race) is
    /// transient but may come from one message's content.
    /// </summary>
    public static bool IsOutage(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case PostgresException pg:
                    return OutageSqlStates.Contains(pg.SqlState) || pg.SqlState.StartsWith("08", StringComparison.Ordinal);
                case NpgsqlException npgsql when npgsql.IsTransient:
                case TimeoutException:
                case SocketException:
                case IOException:
                    return true;
            }
        }

        return false;
    }

    public static bool IsTransient(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case PostgresException pg:
                    if (TransientSqlStates.Contains(pg.SqlState) || pg.SqlState.StartsWith("08", StringComparison.Ordinal))
                    {
                        return true;
                    }

                    return false;
                case ConcurrentUpdateException:
                case Ledger.Redemptions.RequestDecidedElsewhereException:
                case NpgsqlException npgsql when npgsql.IsTransient:
                case TimeoutException:
                case SocketException:
                case IOException:
                case AlreadyClosedException:
                    return true;
            }
        }

        return false;
    }
}

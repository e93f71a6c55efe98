using System.Net.Sockets;
using Npgsql;
using RabbitMQ.Client.Exceptions;

namespace Messaging.Processing.Pipeline.Faults;

// Failures that pass by themselves (the database restarting, a deadlock, a dropped connection) are retried for as long as they last
// instead of dead-lettering the message.
public static class TransientFaults
{
    private static readonly HashSet<string> TransientSqlStates =
    [
        PostgresErrorCodes.SerializationFailure,
        PostgresErrorCodes.DeadlockDetected,
        PostgresErrorCodes.LockNotAvailable,
        PostgresErrorCodes.AdminShutdown,
        PostgresErrorCodes.CrashShutdown,
        PostgresErrorCodes.CannotConnectNow,
        PostgresErrorCodes.TooManyConnections,
        PostgresErrorCodes.ConnectionException,
        PostgresErrorCodes.ConnectionFailure,
        PostgresErrorCodes.SqlClientUnableToEstablishSqlConnection,
        PostgresErrorCodes.QueryCanceled,
    ];

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
                case Ledger.Holds.HoldAlreadyPlacedException:
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

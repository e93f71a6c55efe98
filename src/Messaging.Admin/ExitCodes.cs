using Messaging.Operations.Broker;

namespace Messaging.Admin;

/// <summary>What the admin tool's exit code means, so scripts can act on it.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The command line was wrong (System.CommandLine's own code for parse errors).</summary>
    public const int Usage = 1;

    /// <summary>The audit found discrepancies.</summary>
    public const int Discrepancies = 2;

    /// <summary>The database could not be reached.</summary>
    public const int Unreachable = 3;

    /// <summary>What was asked for does not exist.</summary>
    public const int NotFound = 4;

    /// <summary>A guarded action was refused (wrong environment, or not confirmed).</summary>
    public const int Refused = 5;

    /// <summary>A backup file failed its checks (format, version, checksum, conflicts with the ledger).</summary>
    public const int InvalidBackup = 6;

    /// <summary>The exit code for a broker problem of this kind.</summary>
    public static int Of(BrokerProblemKind kind) =>
        kind switch
        {
            BrokerProblemKind.Usage => Usage,
            BrokerProblemKind.NotFound => NotFound,
            BrokerProblemKind.Refused or BrokerProblemKind.Forbidden => Refused,
            _ => Unreachable,
        };
}

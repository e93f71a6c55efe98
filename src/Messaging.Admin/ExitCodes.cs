using Messaging.Operations.Broker;

namespace Messaging.Admin;

// Scripts act on these; keep the numbers stable.
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>System.CommandLine's own code for parse errors.</summary>
    public const int Usage = 1;

    public const int Discrepancies = 2;

    public const int Unreachable = 3;

    public const int NotFound = 4;

    /// <summary>Wrong environment, or not confirmed.</summary>
    public const int Refused = 5;

    /// <summary>Format, version, checksum, or conflicts with the ledger.</summary>
    public const int InvalidBackup = 6;

    public static int Of(BrokerProblemKind kind) =>
        kind switch
        {
            BrokerProblemKind.Usage => Usage,
            BrokerProblemKind.NotFound => NotFound,
            BrokerProblemKind.Refused or BrokerProblemKind.Forbidden => Refused,
            _ => Unreachable,
        };
}

namespace Messaging.Operations.Hosting;

/// <summary>The meter every ledger process reports on, so one listener (OpenTelemetry, dotnet-counters) reads them all.</summary>
public static class LedgerMeter
{
    public const string Name = "Messaging.Ledger";
}

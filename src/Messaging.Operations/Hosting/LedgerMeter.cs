namespace Messaging.Operations.Hosting;

// One meter for every ledger process, so one listener (OpenTelemetry, dotnet-counters) reads them all.
public static class LedgerMeter
{
    public const string Name = "Messaging.Ledger";
}

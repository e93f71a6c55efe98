namespace Messaging.Ledger.Operations;

// The one row of ledger_environment: production unless its owner marked it development or test; the database checks it before it lets
// history be truncated.
public sealed class LedgerEnvironment
{
    public bool Id { get; set; } = true;
    public required string Environment { get; set; }
    public DateTimeOffset MarkedAt { get; set; }
    public string? MarkedBy { get; set; }
}

namespace Messaging.Ledger.Operations;

/// <summary>
/// The one row of <c>ledger_environment</c>: what kind of database this is (production unless its owner marked it
/// development or test), which the database checks before it lets history be truncated.
/// </summary>
public sealed class LedgerEnvironment
{
    public bool Id { get; set; } = true;
    public required string Environment { get; set; }
    public DateTimeOffset MarkedAt { get; set; }
    public string? MarkedBy { get; set; }
}

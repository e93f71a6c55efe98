namespace Messaging.Ledger.Operations;

// Written in the same transaction as the change it describes.
public sealed class OperatorAction
{
    public long Id { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public required string Operator { get; set; }
    public required string Action { get; set; }
    public string Parameters { get; set; } = "{}";
    public required string Outcome { get; set; }

    /// <summary>The database login that wrote the row: session_user, set by the database whatever the insert says.</summary>
    public string? DbLogin { get; set; }
}

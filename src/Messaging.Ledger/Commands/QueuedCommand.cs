namespace Messaging.Ledger.Commands;

/// <summary>
/// A row of <c>api_outbox</c>: a command an operator's API call accepted, committed with the operator log's record of
/// it and published afterwards, under its own message id (so a second publication after a crash is a duplicate the
/// processor's inbox recognises).
/// </summary>
public sealed class QueuedCommand
{
    public long Id { get; set; }
    public Guid MessageId { get; set; }
    public required string Exchange { get; set; }
    public required string Body { get; set; }
    public required string RequestedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
}

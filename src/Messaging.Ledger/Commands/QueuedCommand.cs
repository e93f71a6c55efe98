namespace Messaging.Ledger.Commands;

// Published under its own message id, so a second publication after a crash is a duplicate the processor's inbox recognises.
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

namespace Messaging.Ledger.Operations;

public sealed class EndpointPause
{
    public required string Queue { get; set; }
    public required string MessageType { get; set; }
    public required string PausedBy { get; set; }
    public required string Reason { get; set; }
    public DateTimeOffset PausedAt { get; set; }
}

namespace Messaging.Ledger.Operations;

/// <summary>A row of <c>endpoint_pauses</c>: a consumed queue whose messages wait, who paused it, why and when.</summary>
public sealed class EndpointPause
{
    public required string Queue { get; set; }
    public required string MessageType { get; set; }
    public required string PausedBy { get; set; }
    public required string Reason { get; set; }
    public DateTimeOffset PausedAt { get; set; }
}

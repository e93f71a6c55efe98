namespace Messaging.Ledger.Outbox;

/// <summary>The outcomes outbox's backlog and the number of consumed message ids the inbox keeps.</summary>
public sealed record PipelineFigures(Backlog Outcomes, long InboxSize);

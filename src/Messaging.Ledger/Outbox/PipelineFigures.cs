namespace Messaging.Ledger.Outbox;

public sealed record PipelineFigures(Backlog Outcomes, long InboxSize);

namespace Messaging.Ledger.Writing;

public sealed record LimitDraw(string LimitKey, long Amount);

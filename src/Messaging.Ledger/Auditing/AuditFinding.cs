namespace Messaging.Ledger.Auditing;

public sealed record AuditFinding(string Check, string Subject, string Problem, string Action);

namespace Messaging.Ledger.Auditing;

/// <summary>One discrepancy the audit found, with what an operator should do about it.</summary>
public sealed record AuditFinding(string Check, string Subject, string Problem, string Action);

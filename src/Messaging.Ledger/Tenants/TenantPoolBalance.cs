namespace Messaging.Ledger.Tenants;

public sealed record TenantPoolBalance(string TenantId, long Balance);

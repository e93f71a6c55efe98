namespace Messaging.Ledger.Persistence;

public sealed record LedgerMigrationResult(IReadOnlyList<string> Migrations, IReadOnlyList<string> SchemaObjects);

namespace Messaging.Ledger.Persistence;

/// <summary>What a migration applied: EF Core migrations by name, and the functions, triggers and views that changed.</summary>
public sealed record LedgerMigrationResult(IReadOnlyList<string> Migrations, IReadOnlyList<string> SchemaObjects);

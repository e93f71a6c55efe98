using Messaging.Ledger.Operations;
using Messaging.Ledger.Persistence.Schema;
using Microsoft.EntityFrameworkCore;

namespace Messaging.Ledger.Persistence;

// Runs as the schema's owner: the processor and every other party log in as roles that own nothing.
public static class LedgerMigration
{
    private const string LinkHistorySql = """
        SELECT ledger_chain_append(array_agg(d.id ORDER BY d.id), array_agg(d.digest ORDER BY d.id)) FROM ledger_chain_digests d
        WHERE NOT EXISTS (SELECT 1 FROM journal_chain) AND NOT EXISTS (SELECT 1 FROM journal_chain c WHERE c.journal_entry_id = d.id)
        """;

    /// <summary>
    /// Applies the pending migrations, then the functions, triggers and views that changed (<see cref="SchemaObjects"/>). With
    /// <paramref name="markAs"/> (development or test) the database is marked as such, which lets its owner empty its history (reset);
    /// otherwise it stays marked production.
    /// </summary>
    public static async Task<LedgerMigrationResult> MigrateAsync(
        string ownerConnectionString,
        string? markAs,
        CancellationToken cancellationToken
    )
    {
        await using var ownerSource = LedgerServiceCollectionExtensions.CreateDataSource(ownerConnectionString);
        var contextOptions = new DbContextOptionsBuilder<LedgerDbContext>();
        LedgerServiceCollectionExtensions.ConfigureContext(contextOptions, ownerSource);
        await using var db = new LedgerDbContext(contextOptions.Options);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        var objects = await SchemaObjects.ApplyAsync(ownerSource, cancellationToken);

        // A ledger that had entries before the hash chain gets its links now, not at its next write, so an audit finds none missing.
        await using (var link = ownerSource.CreateCommand(LinkHistorySql))
        {
            await link.ExecuteNonQueryAsync(cancellationToken);
        }

        if (markAs is not null)
        {
            await db.Set<LedgerEnvironment>()
                .ExecuteUpdateAsync(row => row.SetProperty(e => e.Environment, markAs.ToLowerInvariant()), cancellationToken);
        }

        return new LedgerMigrationResult(pending, objects);
    }
}

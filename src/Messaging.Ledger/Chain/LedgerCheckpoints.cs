using Dapper;
using Npgsql;

namespace Messaging.Ledger.Chain;

// The chain's head once a UTC day. The day's primary key decides which processor takes it (the others insert nothing), and the caller
// announces it in the same transaction (LedgerCheckpoint through the outbox), so a checkpoint is recorded if and only if it is announced.
public static class LedgerCheckpoints
{
    private const string TakeSql = """
        INSERT INTO ledger_checkpoints (day, sequence, journal_entry_id, hash)
        SELECT @day, c.sequence, c.journal_entry_id, c.hash FROM journal_chain c ORDER BY c.sequence DESC LIMIT 1
        ON CONFLICT (day) DO NOTHING
        RETURNING sequence, journal_entry_id AS JournalEntryId, encode(hash, 'hex') AS hash
        """;

    /// <summary>Records the chain's head as <paramref name="day"/>'s checkpoint, in the caller's transaction.</summary>
    /// <returns>The link recorded; none when the day has one already or the journal is empty.</returns>
    public static async Task<ChainLink?> TakeAsync(NpgsqlConnection connection, DateOnly day, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return await connection.QuerySingleOrDefaultAsync<ChainLink>(
            new CommandDefinition(TakeSql, new { day }, cancellationToken: cancellationToken)
        );
    }
}

using Npgsql;

namespace Messaging.Testing;

/// <summary>What an attacker holding the schema owner's login can do behind the ledger's triggers, for the hash chain's tests.</summary>
public static class ChainTampering
{
    /// <summary>Removes the newest entry, its postings and its link, with the triggers that forbid it switched off.</summary>
    public static async Task CutOffNewestAsync(NpgsqlDataSource owner, string idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(owner);
        await using var cut = owner.CreateCommand(
            """
            ALTER TABLE journal_entries DISABLE TRIGGER USER;
            ALTER TABLE postings DISABLE TRIGGER USER;
            ALTER TABLE journal_chain DISABLE TRIGGER USER;
            DELETE FROM journal_chain WHERE journal_entry_id = (SELECT id FROM journal_entries WHERE idempotency_key = @key);
            DELETE FROM postings WHERE journal_entry_id = (SELECT id FROM journal_entries WHERE idempotency_key = @key);
            DELETE FROM journal_entries WHERE idempotency_key = @key;
            ALTER TABLE journal_chain ENABLE TRIGGER USER;
            ALTER TABLE postings ENABLE TRIGGER USER;
            ALTER TABLE journal_entries ENABLE TRIGGER USER;
            """
        );
        cut.Parameters.AddWithValue("key", idempotencyKey);
        await cut.ExecuteNonQueryAsync();
    }
}

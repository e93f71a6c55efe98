-- The SHA-256 of each journal entry's canonical form, for the hash chain: every field a backup keeps (times as microseconds since 1970,
-- metadata as PostgreSQL prints its jsonb), then its postings by account id and amount. The trace id is left out: it says
-- where a message came from, not what the ledger holds. Chain/ChainDigest.cs computes the same from a backup.
-- A view, not a function, so a query for some entries (WHERE id ...) is planned as one join: a function with a query inside costs an
-- executor start per entry, which measured ten times this at commit.
CREATE OR REPLACE VIEW ledger_chain_digests AS
SELECT e.id,
       sha256(convert_to(
           ledger_chain_canonical_field(e.idempotency_key)
           || ledger_chain_canonical_field(e.entry_type)
           || ledger_chain_canonical_field(e.description)
           || ledger_chain_canonical_field(e.payload_hash)
           || ledger_chain_canonical_field(e.source_message_id::text)
           || ledger_chain_canonical_field((extract(epoch FROM e.occurred_at) * 1000000)::bigint::text)
           || ledger_chain_canonical_field((extract(epoch FROM e.recorded_at) * 1000000)::bigint::text)
           || ledger_chain_canonical_field((extract(epoch FROM e.points_expire_at) * 1000000)::bigint::text)
           || ledger_chain_canonical_field(e.metadata::text)
           || p.postings,
           'UTF8')) AS digest
FROM journal_entries e
-- Postings name their account by id, as the postings table does: reading an account's code at every commit would read the issuance
-- account's row, updated by every batch, through all its versions not yet pruned (measured: most of the chain's cost). A backup carries
-- each account's id beside its code, so its chain verifies without the ledger.
CROSS JOIN LATERAL (
    SELECT count(*)::text || ';'
           || coalesce(string_agg(ledger_chain_canonical_field(y.account_id::text) || ledger_chain_canonical_field(y.amount::text), ''
                                  ORDER BY y.account_id, y.amount), '') AS postings
    FROM postings y WHERE y.journal_entry_id = e.id) p;

-- Each journal entry's digest in the hash chain, recomputed from the tables (the audit, the backfill of a ledger older than the chain):
-- the SHA-256 of its fields' digest (ledger_chain_entry_digest) followed by its postings' digest, their count and then each by account
-- id and amount, as ledger_chain_note_postings computes it when they are inserted. Chain/ChainDigest.cs computes the same from a backup.
-- Postings name their account by id, as the postings table does: reading an account's code at every commit would read the issuance
-- account's row, updated by every batch, through all its versions not yet pruned. A backup carries each account's id beside its code.
CREATE OR REPLACE VIEW ledger_chain_digests AS
SELECT e.id, sha256(ledger_chain_entry_digest(e) || p.digest) AS digest
FROM journal_entries e
CROSS JOIN LATERAL (
    SELECT sha256(convert_to(count(*)::text || ';'
               || coalesce(string_agg(ledger_chain_canonical_field(y.account_id::text) || ledger_chain_canonical_field(y.amount::text), ''
                                      ORDER BY y.account_id, y.amount), ''), 'UTF8')) AS digest
    FROM postings y WHERE y.journal_entry_id = e.id) p;

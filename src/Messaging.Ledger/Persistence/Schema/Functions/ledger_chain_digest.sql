-- The SHA-256 of one journal entry's canonical form: every field a backup keeps (times as microseconds since 1970, metadata as
-- PostgreSQL prints its jsonb), then its postings by account code (bytewise) and amount. The trace id is left out: it says where a
-- message came from, not what the ledger holds. Chain/ChainDigest.cs computes the same from a backup.
CREATE OR REPLACE FUNCTION ledger_chain_digest(entry_id bigint) RETURNS bytea LANGUAGE sql STABLE AS $$
    SELECT sha256(convert_to(
        ledger_chain_canonical_field(e.idempotency_key)
        || ledger_chain_canonical_field(e.entry_type)
        || ledger_chain_canonical_field(e.description)
        || ledger_chain_canonical_field(e.payload_hash)
        || ledger_chain_canonical_field(e.source_message_id::text)
        || ledger_chain_canonical_field((extract(epoch FROM e.occurred_at) * 1000000)::bigint::text)
        || ledger_chain_canonical_field((extract(epoch FROM e.recorded_at) * 1000000)::bigint::text)
        || ledger_chain_canonical_field((extract(epoch FROM e.points_expire_at) * 1000000)::bigint::text)
        || ledger_chain_canonical_field(e.metadata::text)
        || coalesce((SELECT count(*) || ';'
                            || string_agg(ledger_chain_canonical_field(a.code) || ledger_chain_canonical_field(p.amount::text), ''
                                          ORDER BY a.code COLLATE "C", p.amount)
                     FROM postings p JOIN accounts a ON a.id = p.account_id WHERE p.journal_entry_id = e.id), '0;'),
        'UTF8'))
    FROM journal_entries e WHERE e.id = entry_id
$$;

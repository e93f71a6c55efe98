-- The SHA-256 of a journal entry's own fields in the hash chain's canonical form: every field a backup keeps, each as
-- ledger_chain_canonical_field writes it (times as microseconds since 1970, metadata as PostgreSQL prints its jsonb). The trace id is
-- left out: it says where a message came from, not what the ledger holds. Taken from the inserted rows at insert (ledger_chain_note) and
-- from the table when audited (ledger_chain_digests); Chain/ChainDigest.cs computes the same from a backup. STABLE, not IMMUTABLE, as
-- extract() on a time with its zone is: a function more volatile than declared is never inlined, and inlined it costs no call per row.
CREATE OR REPLACE FUNCTION ledger_chain_entry_digest(e journal_entries) RETURNS bytea LANGUAGE sql STABLE AS $$
    SELECT sha256(convert_to(
        ledger_chain_canonical_field(e.idempotency_key)
        || ledger_chain_canonical_field(e.entry_type)
        || ledger_chain_canonical_field(e.description)
        || ledger_chain_canonical_field(e.payload_hash)
        || ledger_chain_canonical_field(e.source_message_id::text)
        || ledger_chain_canonical_field((extract(epoch FROM e.occurred_at) * 1000000)::bigint::text)
        || ledger_chain_canonical_field((extract(epoch FROM e.recorded_at) * 1000000)::bigint::text)
        || ledger_chain_canonical_field((extract(epoch FROM e.points_expire_at) * 1000000)::bigint::text)
        || ledger_chain_canonical_field(e.metadata::text),
        'UTF8'))
$$;

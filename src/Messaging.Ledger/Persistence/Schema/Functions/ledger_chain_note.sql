-- After each statement that inserts journal entries: notes each one's id and the digest of its own fields (ledger_chain_entry_digest,
-- from the inserted rows: no read of the table) in a transaction-local setting, and on the transaction's first such statement queues one
-- row in journal_chain_pending, whose deferred trigger links them all at commit (ledger_chain_link). One event per transaction, not per
-- entry: a constraint trigger on journal_entries itself would queue and run one per entry.
-- A setting and a row made in a subtransaction that rolls back go with it, as its entries do. A statement that inserted nothing (every
-- key there already) leaves the note as it was: set_config with a null would reset it.
CREATE OR REPLACE FUNCTION ledger_chain_note() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    pending text := coalesce(current_setting('ledger.chain_pending', true), '');
    inserted text := (SELECT string_agg(n.id::text || ':' || encode(ledger_chain_entry_digest(n), 'hex') || ',', '' ORDER BY n.id)
                      FROM new_entries n);
BEGIN
    IF inserted IS NULL THEN
        RETURN NULL;
    END IF;

    IF pending = '' THEN
        INSERT INTO journal_chain_pending (transaction_id) VALUES (txid_current()) ON CONFLICT DO NOTHING;
    END IF;

    PERFORM set_config('ledger.chain_pending', pending || inserted, true);
    RETURN NULL;
END $$;

-- After each statement that inserts journal entries: notes each one's id and the digest of its own fields (ledger_chain_entry_digest,
-- from the inserted rows: no read of the table) in two transaction-local settings: lists in the same order, that ledger_chain_link
-- reads back with one cast each, not a parse per entry (digests written as hex whatever bytea_output says: its escape form may hold a
-- comma). On the transaction's first such statement it queues one row in journal_chain_pending, whose deferred trigger links them all at
-- commit (ledger_chain_link). One event per transaction, not per entry: a constraint trigger on journal_entries itself would queue and
-- run one per entry.
-- A setting and a row made in a subtransaction that rolls back go with it, as its entries do. A statement that inserted nothing (every
-- key there already) leaves the note as it was: set_config with a null would reset it.
CREATE OR REPLACE FUNCTION ledger_chain_note() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    noted_ids text := coalesce(current_setting('ledger.chain_ids', true), '');
    ids text;
    digests text;
BEGIN
    SELECT string_agg(n.id::text, ','), string_agg(E'\\x' || encode(n.digest, 'hex'), ',') INTO ids, digests
    FROM (SELECT x.id, ledger_chain_entry_digest(x) AS digest FROM new_entries x) n;
    IF ids IS NULL THEN
        RETURN NULL;
    END IF;

    IF noted_ids = '' THEN
        INSERT INTO journal_chain_pending (transaction_id) VALUES (txid_current()) ON CONFLICT DO NOTHING;
        PERFORM set_config('ledger.chain_ids', ids, true), set_config('ledger.chain_digests', digests, true);
    ELSE
        PERFORM set_config('ledger.chain_ids', noted_ids || ',' || ids, true),
                set_config('ledger.chain_digests', current_setting('ledger.chain_digests') || ',' || digests, true);
    END IF;
    RETURN NULL;
END $$;

-- After each statement that inserts journal entries: notes each one's id and the digest of its own fields (ledger_chain_entry_digest,
-- from the inserted rows: no read of the table) with ledger_chain_note_append (digests written as hex whatever bytea_output says: its
-- escape form may hold a comma). On the transaction's first such statement it queues one row in journal_chain_pending, whose deferred
-- trigger links them all at commit (ledger_chain_link). One event per transaction, not per entry: a constraint trigger on journal_entries
-- itself would queue and run one per entry.
-- A setting and a row made in a subtransaction that rolls back go with it, as its entries do. A statement that inserted nothing (every
-- key there already) leaves the note as it was: set_config with a null would reset it.
CREATE OR REPLACE FUNCTION ledger_chain_note() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    ids text;
    digests text;
BEGIN
    SELECT string_agg(n.id::text, ','), string_agg(E'\\x' || encode(n.digest, 'hex'), ',') INTO ids, digests
    FROM (SELECT x.id, ledger_chain_entry_digest(x) AS digest FROM new_entries x) n;
    IF ids IS NULL THEN
        RETURN NULL;
    END IF;

    IF ledger_chain_note_append('ledger.chain_ids', 'ledger.chain_digests', ids, digests) THEN
        INSERT INTO journal_chain_pending (transaction_id) VALUES (txid_current()) ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;

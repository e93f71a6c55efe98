-- At commit (the deferred trigger on journal_chain_pending, once per transaction that wrote entries): links the entries the transaction
-- noted (ledger_chain_note) into the hash chain, and clears the note, so entries written after it (a SET CONSTRAINTS ... IMMEDIATE
-- mid-transaction) queue a link of their own.
-- By its key, never a scan (enable_seqscan), whatever the table's size when the session planned it.
CREATE OR REPLACE FUNCTION ledger_chain_link() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp SET enable_seqscan = off AS $$
DECLARE
    pending text := coalesce(current_setting('ledger.chain_pending', true), '');
BEGIN
    PERFORM set_config('ledger.chain_pending', '', true);
    DELETE FROM journal_chain_pending WHERE transaction_id = NEW.transaction_id;
    PERFORM ledger_chain_append(string_to_array(rtrim(pending, ','), ',')::bigint[]);
    RETURN NULL;
END $$;

-- At commit (the deferred trigger on journal_chain_pending, once per transaction that wrote entries): links the entries the transaction
-- noted into the hash chain, each digest being the SHA-256 of its fields' digest (ledger_chain_note) and its postings' digest
-- (ledger_chain_note_postings; an entry with none, which cannot commit, as ledger_chain_digests would hash none). An entry whose postings
-- were noted twice (two statements) is refused: its link would hash only part of them. Then clears the notes, so entries written after
-- it (a SET CONSTRAINTS ... IMMEDIATE mid-transaction) queue a link of their own.
CREATE OR REPLACE FUNCTION ledger_chain_link() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    noted bigint[] := string_to_array(current_setting('ledger.chain_ids', true), ',')::bigint[];
    ids bigint[];
    digests bytea[];
BEGIN
    SELECT array_agg(e.id ORDER BY e.id), array_agg(sha256(e.digest || coalesce(p.digest, sha256(convert_to('0;', 'UTF8')))) ORDER BY e.id)
    INTO ids, digests
    FROM unnest(noted, string_to_array(current_setting('ledger.chain_digests', true), ',')::bytea[]) AS e(id, digest)
    LEFT JOIN unnest(string_to_array(current_setting('ledger.chain_posting_ids', true), ',')::bigint[],
                     string_to_array(current_setting('ledger.chain_posting_digests', true), ',')::bytea[]) AS p(id, digest) ON p.id = e.id;
    IF cardinality(ids) <> cardinality(noted) THEN
        RAISE EXCEPTION 'a journal entry''s postings were inserted by more than one statement: insert all of an entry''s postings in one'
            USING ERRCODE = 'check_violation';
    END IF;

    PERFORM set_config('ledger.chain_ids', '', true), set_config('ledger.chain_digests', '', true),
            set_config('ledger.chain_posting_ids', '', true), set_config('ledger.chain_posting_digests', '', true);
    DELETE FROM journal_chain_pending WHERE transaction_id = NEW.transaction_id;

    PERFORM ledger_chain_append(ids, digests);
    RETURN NULL;
END $$;

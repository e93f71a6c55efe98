-- At commit (the deferred trigger on journal_chain_pending, once per transaction that wrote entries): links the entries the transaction
-- noted into the hash chain, each digest being the SHA-256 of its fields' digest (ledger_chain_note) and its postings' digest
-- (ledger_chain_note_postings; an entry with none, which cannot commit, as ledger_chain_digests would hash none). Then clears the notes,
-- so entries written after it (a SET CONSTRAINTS ... IMMEDIATE mid-transaction) queue a link of their own.
CREATE OR REPLACE FUNCTION ledger_chain_link() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    pending text := coalesce(current_setting('ledger.chain_pending', true), '');
    postings text := coalesce(current_setting('ledger.chain_postings', true), '');
    ids bigint[];
    digests bytea[];
BEGIN
    PERFORM set_config('ledger.chain_pending', '', true);
    PERFORM set_config('ledger.chain_postings', '', true);
    DELETE FROM journal_chain_pending WHERE transaction_id = NEW.transaction_id;

    SELECT array_agg(e.id ORDER BY e.id),
           array_agg(sha256(e.digest || coalesce(p.digest, sha256(convert_to('0;', 'UTF8')))) ORDER BY e.id)
    INTO ids, digests
    FROM (SELECT split_part(n, ':', 1)::bigint AS id, decode(split_part(n, ':', 2), 'hex') AS digest
          FROM unnest(string_to_array(rtrim(pending, ','), ',')) AS n) e
    LEFT JOIN (SELECT DISTINCT ON (id) split_part(n, ':', 1)::bigint AS id, decode(split_part(n, ':', 2), 'hex') AS digest
               FROM unnest(string_to_array(rtrim(postings, ','), ',')) AS n) p ON p.id = e.id;

    PERFORM ledger_chain_append(ids, digests);
    RETURN NULL;
END $$;

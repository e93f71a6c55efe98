-- After each statement that inserts postings: notes, per entry, the SHA-256 of its postings in the hash chain's canonical form (by account
-- id, then amount: each as ledger_chain_canonical_field writes it, after their count), for ledger_chain_link to use at commit. Every
-- posting of an entry arrives in one statement (ledger_postings_apply checks each statement balances), so each entry is noted once.
-- ledger_chain_digests computes the same from the table: the two must agree, and the audit proves they do.
CREATE OR REPLACE FUNCTION ledger_chain_note_postings() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    noted text := (
        SELECT string_agg(p.journal_entry_id::text || ':' || encode(p.digest, 'hex') || ',', '')
        FROM (SELECT x.journal_entry_id,
                     sha256(convert_to(count(*)::text || ';'
                         || string_agg(ledger_chain_canonical_field(x.account_id::text) || ledger_chain_canonical_field(x.amount::text), ''
                                       ORDER BY x.account_id, x.amount), 'UTF8')) AS digest
              FROM new_postings x GROUP BY x.journal_entry_id) p);
BEGIN
    IF noted IS NOT NULL THEN
        PERFORM set_config('ledger.chain_postings', coalesce(current_setting('ledger.chain_postings', true), '') || noted, true);
    END IF;

    RETURN NULL;
END $$;

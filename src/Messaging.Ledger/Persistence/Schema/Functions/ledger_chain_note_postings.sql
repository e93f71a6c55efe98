-- After each statement that inserts postings: notes, per entry, the SHA-256 of its postings in the hash chain's canonical form (by account
-- id, then amount: each as ledger_chain_canonical_field writes it, after their count), for ledger_chain_link to use at commit, with
-- ledger_chain_note_append as ledger_chain_note keeps its own. Every posting of an entry arrives in one statement (JournalInserts;
-- ledger_postings_apply checks each statement balances), so each entry is noted once: ledger_chain_link refuses to commit an entry noted
-- twice.
-- ledger_chain_digests computes the same from the table: the two must agree, and the audit proves they do.
CREATE OR REPLACE FUNCTION ledger_chain_note_postings() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids text;
    digests text;
BEGIN
    SELECT string_agg(p.journal_entry_id::text, ','), string_agg(E'\\x' || encode(p.digest, 'hex'), ',') INTO ids, digests
    FROM (SELECT x.journal_entry_id,
                 sha256(convert_to(count(*)::text || ';'
                     || string_agg(ledger_chain_canonical_field(x.account_id::text) || ledger_chain_canonical_field(x.amount::text), ''
                                   ORDER BY x.account_id, x.amount), 'UTF8')) AS digest
          FROM new_postings x GROUP BY x.journal_entry_id) p;
    IF ids IS NOT NULL THEN
        PERFORM ledger_chain_note_append('ledger.chain_posting_ids', 'ledger.chain_posting_digests', ids, digests);
    END IF;

    RETURN NULL;
END $$;

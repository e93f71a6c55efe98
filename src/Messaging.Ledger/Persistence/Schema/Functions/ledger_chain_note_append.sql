-- Appends one statement's entry ids and digests to the hash chain's notes for this transaction: two transaction-local settings holding
-- comma-separated lists in the same order, which ledger_chain_link reads back with one cast each. The one place that writes that form,
-- for the entries' notes (ledger_chain_note) and the postings' (ledger_chain_note_postings). Returns true when the lists were empty: the
-- transaction's first note since the last link.
CREATE OR REPLACE FUNCTION ledger_chain_note_append(ids_setting text, digests_setting text, ids text, digests text) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    noted_ids text := coalesce(current_setting(ids_setting, true), '');
BEGIN
    IF noted_ids = '' THEN
        PERFORM set_config(ids_setting, ids, true), set_config(digests_setting, digests, true);
        RETURN true;
    END IF;

    PERFORM set_config(ids_setting, noted_ids || ',' || ids, true),
            set_config(digests_setting, current_setting(digests_setting) || ',' || digests, true);
    RETURN false;
END $$;

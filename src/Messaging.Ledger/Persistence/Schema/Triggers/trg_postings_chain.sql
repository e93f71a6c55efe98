-- Every statement that inserts postings notes each entry's postings digest for the hash chain (ledger_chain_note_postings).
CREATE OR REPLACE TRIGGER trg_postings_chain
    AFTER INSERT ON postings
    REFERENCING NEW TABLE AS new_postings
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_chain_note_postings();

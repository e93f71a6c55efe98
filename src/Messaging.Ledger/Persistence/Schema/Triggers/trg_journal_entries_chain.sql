-- Every statement that inserts journal entries notes them for the hash chain (ledger_chain_note); they are linked at commit.
CREATE OR REPLACE TRIGGER trg_journal_entries_chain
    AFTER INSERT ON journal_entries
    REFERENCING NEW TABLE AS new_entries
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_chain_note();

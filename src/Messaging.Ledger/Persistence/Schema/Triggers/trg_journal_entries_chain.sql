-- Every journal entry is linked into the hash chain in the transaction that writes it, at its commit (ledger_chain_link). A constraint
-- trigger cannot be replaced in place, so it is dropped and created again.
DROP TRIGGER IF EXISTS trg_journal_entries_chain ON journal_entries;
CREATE CONSTRAINT TRIGGER trg_journal_entries_chain AFTER INSERT ON journal_entries
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION ledger_chain_link();

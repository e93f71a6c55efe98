-- Once per transaction that wrote journal entries, at its commit, its entries are linked into the hash chain (ledger_chain_link). A
-- constraint trigger cannot be replaced in place, so it is dropped and created again.
DROP TRIGGER IF EXISTS trg_journal_chain_pending_link ON journal_chain_pending;
CREATE CONSTRAINT TRIGGER trg_journal_chain_pending_link AFTER INSERT ON journal_chain_pending
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION ledger_chain_link();

CREATE OR REPLACE TRIGGER trg_journal_chain_immutable BEFORE UPDATE OR DELETE ON journal_chain
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();

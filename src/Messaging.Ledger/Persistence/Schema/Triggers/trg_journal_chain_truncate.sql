CREATE OR REPLACE TRIGGER trg_journal_chain_truncate BEFORE TRUNCATE ON journal_chain
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_truncate();

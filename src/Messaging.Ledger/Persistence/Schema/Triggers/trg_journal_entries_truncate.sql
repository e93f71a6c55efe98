CREATE OR REPLACE TRIGGER trg_journal_entries_truncate BEFORE TRUNCATE ON journal_entries FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_truncate();

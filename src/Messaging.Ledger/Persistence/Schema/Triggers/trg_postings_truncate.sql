CREATE OR REPLACE TRIGGER trg_postings_truncate BEFORE TRUNCATE ON postings FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_truncate();

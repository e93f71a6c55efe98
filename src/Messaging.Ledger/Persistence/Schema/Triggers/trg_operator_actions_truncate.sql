CREATE OR REPLACE TRIGGER trg_operator_actions_truncate BEFORE TRUNCATE ON operator_actions FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_truncate();

CREATE OR REPLACE TRIGGER trg_operator_actions_login BEFORE INSERT ON operator_actions FOR EACH ROW EXECUTE FUNCTION ledger_operator_action_login();

CREATE OR REPLACE TRIGGER trg_accounts_guard_balances
    BEFORE UPDATE OF balance, total_credited, total_debited, held ON accounts
    FOR EACH ROW EXECUTE FUNCTION ledger_guard_balances();

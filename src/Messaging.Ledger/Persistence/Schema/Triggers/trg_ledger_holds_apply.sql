CREATE OR REPLACE TRIGGER trg_ledger_holds_apply
    AFTER INSERT OR UPDATE ON ledger_holds
    FOR EACH ROW EXECUTE FUNCTION ledger_holds_apply();

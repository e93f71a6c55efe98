-- A hold is history too: it ends captured or voided, never deleted.
CREATE OR REPLACE TRIGGER trg_ledger_holds_no_delete BEFORE DELETE ON ledger_holds
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();

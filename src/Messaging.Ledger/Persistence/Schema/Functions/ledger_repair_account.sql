-- Rebuilds one account's cached figures from its postings and active holds, for the audited repair (ledger repair).
-- No role but the owner updates accounts, so the repair is lent the owner's rights here and nowhere else.
CREATE OR REPLACE FUNCTION ledger_repair_account(account_code text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    -- The balance guard lets a repair through; the setting lasts until this transaction ends.
    PERFORM set_config('ledger.repair_balances', 'on', true);
    UPDATE accounts a SET
        balance = coalesce((SELECT sum(amount) FROM postings WHERE account_id = a.id), 0),
        total_credited = coalesce((SELECT sum(greatest(amount, 0)) FROM postings WHERE account_id = a.id), 0),
        total_debited = coalesce((SELECT sum(greatest(-amount, 0)) FROM postings WHERE account_id = a.id), 0),
        held = coalesce((SELECT sum(amount) FROM ledger_holds WHERE account_id = a.id AND status = 'active'), 0)
    WHERE a.code = account_code;
    PERFORM set_config('ledger.repair_balances', '', true);
END $$;
REVOKE ALL ON FUNCTION ledger_repair_account(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ledger_repair_account(text) TO ledger_operator;

-- Cached balances move only inside the posting and hold triggers (trigger depth 2), or in an audited repair.
CREATE OR REPLACE FUNCTION ledger_guard_balances() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF pg_trigger_depth() < 2 AND coalesce(current_setting('ledger.repair_balances', true), '') <> 'on' THEN
        RAISE EXCEPTION 'account % balances move only with postings: insert a balanced journal entry instead', OLD.code
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END $$;

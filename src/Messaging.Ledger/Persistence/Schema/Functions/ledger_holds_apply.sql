-- Keeps accounts.held in step with ledger_holds: a hold starts active and moves once, to captured or voided.
-- Runs with the owner's rights (SECURITY DEFINER) so that writers need no UPDATE on accounts.
CREATE OR REPLACE FUNCTION ledger_holds_apply() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.status <> 'active' THEN
            RAISE EXCEPTION 'hold % must start active', NEW.hold_key USING ERRCODE = 'check_violation';
        END IF;
        UPDATE accounts SET held = held + NEW.amount WHERE id = NEW.account_id;
    ELSE
        IF OLD.status <> 'active' OR NEW.status = 'active'
           OR NEW.amount <> OLD.amount OR NEW.account_id <> OLD.account_id OR NEW.hold_key <> OLD.hold_key THEN
            RAISE EXCEPTION 'hold % is %: only an active hold can be captured or voided, once, and nothing else about it changes', OLD.hold_key, OLD.status
                USING ERRCODE = 'restrict_violation';
        END IF;
        UPDATE accounts SET held = held - OLD.amount WHERE id = OLD.account_id;
    END IF;
    RETURN NULL;
END $$;

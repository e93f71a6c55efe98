-- A repair compares and fixes with every account held still; taking that lock needs UPDATE rights, so it is lent.
CREATE OR REPLACE FUNCTION ledger_lock_accounts_for_repair() RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$ LOCK TABLE accounts IN SHARE ROW EXCLUSIVE MODE $fn$;
REVOKE ALL ON FUNCTION ledger_lock_accounts_for_repair() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ledger_lock_accounts_for_repair() TO ledger_operator;

-- Locks the accounts a write moves, in id order (so concurrent writers never deadlock), and returns their figures.
-- Locking rows FOR UPDATE needs UPDATE rights on the table; this lends the lock without the right to update.
-- PL/pgSQL rather than SQL: PostgreSQL plans a SQL function that cannot be inlined (this one is SECURITY DEFINER) on
-- every call, while PL/pgSQL keeps its plan for the session (4.5 % of the machine's CPU in a redemptions profile).
-- Dropped and created rather than replaced: PostgreSQL cannot change a function's result columns in place.
DROP FUNCTION IF EXISTS ledger_lock_accounts(text[]);
CREATE FUNCTION ledger_lock_accounts(codes text[])
RETURNS TABLE (id bigint, code varchar, balance bigint, held bigint, total_credited bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN QUERY
    SELECT a.id, a.code, a.balance, a.held, a.total_credited FROM accounts a WHERE a.code = ANY(codes) ORDER BY a.id FOR UPDATE;
END
$$;
REVOKE ALL ON FUNCTION ledger_lock_accounts(text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ledger_lock_accounts(text[]) TO ledger_runtime, ledger_operator;

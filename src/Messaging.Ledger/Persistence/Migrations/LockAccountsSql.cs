namespace Messaging.Ledger.Persistence.Migrations;

/// <summary>
/// <c>ledger_lock_accounts</c> in PL/pgSQL instead of SQL: PostgreSQL 15 parses and plans the body of a SQL function that
/// cannot be inlined (this one is <c>SECURITY DEFINER</c>) on every call, while PL/pgSQL keeps its plan for the session.
/// A saga step locks accounts once per message; in a redemptions profile PostgreSQL's SQL-function machinery
/// (<c>fmgr_sql</c>, planning and running this body) took 4.5 % of the machine's CPU. Same signature, result, lock order
/// and grants.
/// </summary>
internal static class LockAccountsSql
{
    public const string Create = """
        CREATE OR REPLACE FUNCTION ledger_lock_accounts(codes text[])
        RETURNS TABLE (id bigint, code varchar, balance bigint, held bigint, total_credited bigint)
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        BEGIN
            RETURN QUERY
            SELECT a.id, a.code, a.balance, a.held, a.total_credited FROM accounts a WHERE a.code = ANY(codes) ORDER BY a.id FOR UPDATE;
        END
        $$;
        """;

    /// <summary>Back to the SQL function of <see cref="QuotasSql"/>.</summary>
    public const string Drop = """
        CREATE OR REPLACE FUNCTION ledger_lock_accounts(codes text[])
        RETURNS TABLE (id bigint, code varchar, balance bigint, held bigint, total_credited bigint)
        LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
            SELECT a.id, a.code, a.balance, a.held, a.total_credited FROM accounts a WHERE a.code = ANY(codes) ORDER BY a.id FOR UPDATE
        $$;
        """;
}

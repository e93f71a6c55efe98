namespace Messaging.Ledger.Persistence.Migrations;

/// <summary>
/// Token quotas: accounts of four more kinds, and the account lock now also returns what each account was ever credited
/// (for a quota month, its limit), so a deduction can answer used, limit and remaining from the locks it holds.
/// </summary>
internal static class QuotasSql
{
    public const string Create = """
        DROP FUNCTION ledger_lock_accounts(text[]);
        CREATE FUNCTION ledger_lock_accounts(codes text[])
        RETURNS TABLE (id bigint, code varchar, balance bigint, held bigint, total_credited bigint)
        LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
            SELECT a.id, a.code, a.balance, a.held, a.total_credited FROM accounts a WHERE a.code = ANY(codes) ORDER BY a.id FOR UPDATE
        $$;
        REVOKE ALL ON FUNCTION ledger_lock_accounts(text[]) FROM PUBLIC;
        GRANT EXECUTE ON FUNCTION ledger_lock_accounts(text[]) TO ledger_runtime, ledger_operator;

        GRANT INSERT, UPDATE, TRUNCATE ON user_quota_plans TO ledger_operator;
        """;

    public const string Drop = """
        DROP FUNCTION ledger_lock_accounts(text[]);
        CREATE FUNCTION ledger_lock_accounts(codes text[]) RETURNS TABLE (id bigint, code varchar, balance bigint, held bigint)
        LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
            SELECT a.id, a.code, a.balance, a.held FROM accounts a WHERE a.code = ANY(codes) ORDER BY a.id FOR UPDATE
        $$;
        REVOKE ALL ON FUNCTION ledger_lock_accounts(text[]) FROM PUBLIC;
        GRANT EXECUTE ON FUNCTION ledger_lock_accounts(text[]) TO ledger_runtime, ledger_operator;
        """;
}

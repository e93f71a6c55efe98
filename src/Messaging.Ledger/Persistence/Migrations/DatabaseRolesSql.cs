namespace Messaging.Ledger.Persistence.Migrations;

// Least privilege in the database. The role that runs migrations owns every table; nobody else does, so nobody else can alter a table or
// switch a trigger off. Three group roles (NOLOGIN; a deployment makes its login roles members):
// - ledger_runtime, the processor: inserts entries, postings and new accounts, but cannot update or delete them. Cached balances move
//   only inside the posting and hold triggers, which run with the owner's rights, and accounts are locked through ledger_lock_accounts,
//   so the runtime role needs no UPDATE on accounts at all.
// - ledger_reader, reports and queries: SELECT only.
// - ledger_operator, the admin tool: what the runtime may, plus repair (cached balances), reset (TRUNCATE), restore, the reward catalog,
//   the tenant registry and the operator log. Granted table by table rather than by membership in ledger_runtime: granting a role needs
//   an admin option on it that the schema's owner does not have.
// Roles belong to the cluster, not the database, so they are created only when missing.
internal static class DatabaseRolesSql
{
    public const string RuntimeRole = "ledger_runtime";
    public const string ReaderRole = "ledger_reader";
    public const string OperatorRole = "ledger_operator";

    public const string Create = """
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ledger_runtime') THEN CREATE ROLE ledger_runtime NOLOGIN; END IF;
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ledger_reader') THEN CREATE ROLE ledger_reader NOLOGIN; END IF;
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ledger_operator') THEN CREATE ROLE ledger_operator NOLOGIN; END IF;
            EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO ledger_runtime, ledger_reader, ledger_operator', current_database());
        END $$;

        GRANT USAGE ON SCHEMA public TO ledger_runtime, ledger_reader, ledger_operator;
        GRANT SELECT ON ALL TABLES IN SCHEMA public TO ledger_runtime, ledger_reader, ledger_operator;
        GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ledger_runtime, ledger_operator;

        -- The processor (and the admin tool, which replays and restores through the same code): history and accounts are
        -- insert-only, and a new account always starts at zero.
        GRANT INSERT ON journal_entries, postings, ledger_refusals TO ledger_runtime, ledger_operator;
        GRANT INSERT (code, tenant_id, kind, owner_id, allow_negative) ON accounts TO ledger_runtime;
        GRANT INSERT, UPDATE ON ledger_holds, redemptions, issued_vouchers, limit_usage TO ledger_runtime, ledger_operator;
        -- Rewards: the processor seeds a catalog from its settings (new ids only) and counts stock down and back up.
        GRANT INSERT, UPDATE (stock, updated_at) ON rewards TO ledger_runtime;
        GRANT INSERT, UPDATE, DELETE ON inbox_state, outbox_message, redemption_sagas TO ledger_runtime, ledger_operator;

        -- The admin tool's own changes: repair (cached balances, under the audited repair setting), the reward catalog,
        -- the tenant registry, the operator log, reset.
        GRANT INSERT, UPDATE ON accounts, rewards, tenants TO ledger_operator;
        GRANT INSERT ON operator_actions TO ledger_operator;
        GRANT TRUNCATE ON ALL TABLES IN SCHEMA public TO ledger_operator;

        -- Tables later migrations create are readable at once; what else a role may do with them, each migration says.
        ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO ledger_runtime, ledger_reader, ledger_operator;
        ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON SEQUENCES TO ledger_runtime, ledger_operator;
        """;

    public const string Drop = """
        ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT ON TABLES FROM ledger_runtime, ledger_reader, ledger_operator;
        ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE ON SEQUENCES FROM ledger_runtime, ledger_operator;
        REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ledger_runtime, ledger_reader, ledger_operator;
        REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ledger_runtime, ledger_operator;
        REVOKE ALL ON SCHEMA public FROM ledger_runtime, ledger_reader, ledger_operator;
        DO $$ BEGIN EXECUTE format('REVOKE ALL ON DATABASE %I FROM ledger_runtime, ledger_reader, ledger_operator', current_database()); END
            $$;
        """;
}

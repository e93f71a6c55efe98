namespace Messaging.Ledger.Persistence.Migrations;

// Least privilege at the edges (issue 26), on top of DatabaseRolesSql:
// - ledger_api, the HTTP API's own group role: only it may queue commands in api_outbox, which the API publishes as an administrator;
//   the operator's role no longer may (a row written there would mint with no token and no operator log). The API's login is a member
//   of ledger_api and ledger_operator.
// - No role but the owner updates accounts: repair goes through ledger_repair_account, a restore puts back when accounts were credited
//   through ledger_restore_last_credited, and new accounts are inserted with the columns a new account may choose (never a balance).
// - History (journal_entries, postings, operator_actions) is truncated only by the owner, and only in a database that
//   ledger_environment marks as development or test; the mark is the owner's to set.
// - Each operator log row records the database login that wrote it (db_login, session_user), beside the name the operator gives.
internal static class EdgePrivilegesSql
{
    public const string ApiRole = "ledger_api";

    public const string Create = """
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ledger_api') THEN CREATE ROLE ledger_api NOLOGIN; END IF;
            EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO ledger_api', current_database());
        END $$;
        GRANT USAGE ON SCHEMA public TO ledger_api;
        GRANT SELECT, INSERT, UPDATE ON api_outbox TO ledger_api;
        REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON api_outbox FROM ledger_operator, ledger_runtime;

        REVOKE INSERT, UPDATE ON accounts FROM ledger_operator;
        GRANT INSERT (code, tenant_id, kind, owner_id, allow_negative) ON accounts TO ledger_operator;

        CREATE TABLE ledger_environment (
            id boolean NOT NULL DEFAULT true,
            environment varchar(20) NOT NULL,
            marked_at timestamptz NOT NULL DEFAULT now(),
            marked_by name NOT NULL DEFAULT session_user,
            CONSTRAINT pk_ledger_environment PRIMARY KEY (id),
            CONSTRAINT ck_ledger_environment_single_row CHECK (id),
            CONSTRAINT ck_ledger_environment_environment CHECK (environment IN ('production', 'development', 'test'))
        );
        INSERT INTO ledger_environment (environment) VALUES ('production');

        REVOKE TRUNCATE ON journal_entries, postings, operator_actions FROM ledger_operator, ledger_runtime, ledger_reader;

        ALTER TABLE operator_actions ADD COLUMN db_login name NOT NULL DEFAULT session_user;
        """;

    public const string Drop = """
        DROP FUNCTION IF EXISTS ledger_operator_action_login() CASCADE;
        ALTER TABLE operator_actions DROP COLUMN db_login;
        GRANT TRUNCATE ON journal_entries, postings, operator_actions TO ledger_operator;
        DROP FUNCTION IF EXISTS ledger_refuse_truncate() CASCADE;
        DROP TABLE ledger_environment;
        DROP FUNCTION IF EXISTS ledger_restore_last_credited(text[], timestamptz[]);
        DROP FUNCTION IF EXISTS ledger_repair_account(text);
        DROP FUNCTION IF EXISTS ledger_lock_accounts_for_repair();
        GRANT INSERT, UPDATE ON accounts TO ledger_operator;
        GRANT INSERT, UPDATE, TRUNCATE ON api_outbox TO ledger_operator;
        REVOKE ALL ON api_outbox FROM ledger_api;
        REVOKE ALL ON SCHEMA public FROM ledger_api;
        DO $$ BEGIN EXECUTE format('REVOKE ALL ON DATABASE %I FROM ledger_api', current_database()); END $$;
        """;
}

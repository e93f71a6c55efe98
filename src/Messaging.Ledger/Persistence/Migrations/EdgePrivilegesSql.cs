namespace Messaging.Ledger.Persistence.Migrations;

/// <summary>
/// Least privilege at the edges (issue 26), on top of <see cref="DatabaseRolesSql"/>:
/// <list type="bullet">
/// <item><c>ledger_api</c>, the HTTP API's own group role: only it may queue commands in <c>api_outbox</c>, which the API
/// publishes as an administrator; the operator's role no longer may (a row written there would mint with no token and no
/// operator log). The API's login is a member of ledger_api and ledger_operator.</item>
/// <item>No role but the owner updates <c>accounts</c>: repair rebuilds an account's figures through
/// <c>ledger_repair_account</c>, a restore puts back when accounts were credited through <c>ledger_restore_last_credited</c>,
/// and new accounts are inserted with the columns a new account may choose (never a balance).</item>
/// <item>History (<c>journal_entries</c>, <c>postings</c>, <c>operator_actions</c>) is truncated only by the owner, and only in
/// a database that <c>ledger_environment</c> marks as development or test; the mark is the owner's to set.</item>
/// <item>Each operator log row records the database login that wrote it (<c>db_login</c>, <c>session_user</c>, set by the
/// database whatever the insert says), beside the name the operator gives.</item>
/// </list>
/// </summary>
internal static class EdgePrivilegesSql
{
    public const string ApiRole = "ledger_api";

    public const string Create = $$"""
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

        CREATE FUNCTION ledger_repair_account(account_code text) RETURNS void
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        BEGIN
            -- The balance guard lets a repair through; the setting lasts until this transaction ends.
            PERFORM set_config('ledger.repair_balances', 'on', true);
            UPDATE accounts a SET
                balance = coalesce((SELECT sum(amount) FROM postings WHERE account_id = a.id), 0),
                total_credited = coalesce((SELECT sum(greatest(amount, 0)) FROM postings WHERE account_id = a.id), 0),
                total_debited = coalesce((SELECT sum(greatest(-amount, 0)) FROM postings WHERE account_id = a.id), 0),
                held = coalesce((SELECT sum(amount) FROM ledger_holds WHERE account_id = a.id AND status = '{{Holds.HoldStatuses.Active}}'), 0)
            WHERE a.code = account_code;
            PERFORM set_config('ledger.repair_balances', '', true);
        END $$;
        REVOKE ALL ON FUNCTION ledger_repair_account(text) FROM PUBLIC;
        GRANT EXECUTE ON FUNCTION ledger_repair_account(text) TO ledger_operator;

        -- A repair compares and fixes with every account held still; taking that lock needs UPDATE rights, so it is lent.
        CREATE FUNCTION ledger_lock_accounts_for_repair() RETURNS void
        LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$ LOCK TABLE accounts IN SHARE ROW EXCLUSIVE MODE $fn$;
        REVOKE ALL ON FUNCTION ledger_lock_accounts_for_repair() FROM PUBLIC;
        GRANT EXECUTE ON FUNCTION ledger_lock_accounts_for_repair() TO ledger_operator;

        CREATE FUNCTION ledger_restore_last_credited(codes text[], ats timestamptz[]) RETURNS void
        LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
            -- Only accounts this very transaction credited (last_credited_at = now()) take the time from the backup.
            UPDATE accounts a SET last_credited_at = v.at
            FROM unnest(codes, ats) AS v(code, at)
            WHERE a.code = v.code AND a.last_credited_at = now()
        $$;
        REVOKE ALL ON FUNCTION ledger_restore_last_credited(text[], timestamptz[]) FROM PUBLIC;
        GRANT EXECUTE ON FUNCTION ledger_restore_last_credited(text[], timestamptz[]) TO ledger_operator;

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

        CREATE FUNCTION ledger_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF (SELECT environment FROM ledger_environment) IS DISTINCT FROM 'development'
               AND (SELECT environment FROM ledger_environment) IS DISTINCT FROM 'test' THEN
                RAISE EXCEPTION '% is history: it is truncated only in a database marked as development or test (ledger_environment says %); a production ledger is corrected with entries, never wiped',
                    TG_TABLE_NAME, (SELECT environment FROM ledger_environment)
                    USING ERRCODE = 'restrict_violation';
            END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER trg_journal_entries_truncate BEFORE TRUNCATE ON journal_entries FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_truncate();
        CREATE TRIGGER trg_postings_truncate BEFORE TRUNCATE ON postings FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_truncate();
        CREATE TRIGGER trg_operator_actions_truncate BEFORE TRUNCATE ON operator_actions FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_truncate();
        REVOKE TRUNCATE ON journal_entries, postings, operator_actions FROM ledger_operator, ledger_runtime, ledger_reader;

        ALTER TABLE operator_actions ADD COLUMN db_login name NOT NULL DEFAULT session_user;
        CREATE FUNCTION ledger_operator_action_login() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.db_login := session_user;
            RETURN NEW;
        END $$;
        CREATE TRIGGER trg_operator_actions_login BEFORE INSERT ON operator_actions FOR EACH ROW EXECUTE FUNCTION ledger_operator_action_login();
        """;

    public const string Drop = """
        DROP TRIGGER trg_operator_actions_login ON operator_actions;
        DROP FUNCTION ledger_operator_action_login();
        ALTER TABLE operator_actions DROP COLUMN db_login;
        GRANT TRUNCATE ON journal_entries, postings, operator_actions TO ledger_operator;
        DROP TRIGGER trg_journal_entries_truncate ON journal_entries;
        DROP TRIGGER trg_postings_truncate ON postings;
        DROP TRIGGER trg_operator_actions_truncate ON operator_actions;
        DROP FUNCTION ledger_refuse_truncate();
        DROP TABLE ledger_environment;
        DROP FUNCTION ledger_restore_last_credited(text[], timestamptz[]);
        DROP FUNCTION ledger_repair_account(text);
        DROP FUNCTION ledger_lock_accounts_for_repair();
        GRANT INSERT, UPDATE ON accounts TO ledger_operator;
        GRANT INSERT, UPDATE, TRUNCATE ON api_outbox TO ledger_operator;
        REVOKE ALL ON api_outbox FROM ledger_api;
        REVOKE ALL ON SCHEMA public FROM ledger_api;
        DO $$ BEGIN EXECUTE format('REVOKE ALL ON DATABASE %I FROM ledger_api', current_database()); END $$;
        """;
}

namespace Messaging.Ledger.Persistence.Migrations;

/// <summary>
/// The invariants PostgreSQL enforces beyond keys and checks: every statement that adds postings leaves
/// each of their entries balanced; postings and entries are immutable; account balances move only with
/// postings (so a cached balance always equals the sum of its postings); and the user figures view.
/// </summary>
internal static class LedgerInvariantsSql
{
    /// <summary>Session setting that lets an audited repair rewrite cached balances (and nothing else).</summary>
    public const string RepairSetting = "ledger.repair_balances";

    public const string Create = """
        CREATE FUNCTION ledger_postings_apply() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            unbalanced bigint;
        BEGIN
            -- All postings of an entry arrive in one statement, so checking per statement checks every entry.
            SELECT journal_entry_id INTO unbalanced
            FROM new_postings GROUP BY journal_entry_id
            HAVING sum(amount) <> 0 OR count(*) < 2
            LIMIT 1;
            IF FOUND THEN
                RAISE EXCEPTION 'journal entry % does not balance: its postings must sum to zero and number at least two', unbalanced
                    USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_journal_entry_balanced';
            END IF;

            -- Lock in id order so concurrent writers never deadlock on accounts.
            PERFORM 1 FROM accounts WHERE id IN (SELECT account_id FROM new_postings) ORDER BY id FOR UPDATE;

            UPDATE accounts a
            SET balance = a.balance + d.delta,
                total_credited = a.total_credited + d.credited,
                total_debited = a.total_debited + d.debited,
                last_credited_at = CASE WHEN d.credited > 0 THEN now() ELSE a.last_credited_at END
            FROM (
                SELECT account_id,
                       sum(amount) AS delta,
                       sum(greatest(amount, 0)) AS credited,
                       sum(greatest(-amount, 0)) AS debited
                FROM new_postings GROUP BY account_id
            ) d
            WHERE a.id = d.account_id;
            RETURN NULL;
        END $$;

        CREATE TRIGGER trg_postings_apply
            AFTER INSERT ON postings
            REFERENCING NEW TABLE AS new_postings
            FOR EACH STATEMENT EXECUTE FUNCTION ledger_postings_apply();

        CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '% rows are immutable: correct a mistake with a new, compensating journal entry', TG_TABLE_NAME
                USING ERRCODE = 'restrict_violation';
        END $$;

        CREATE TRIGGER trg_postings_immutable BEFORE UPDATE OR DELETE ON postings
            FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
        CREATE TRIGGER trg_journal_entries_immutable BEFORE UPDATE OR DELETE ON journal_entries
            FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();

        CREATE FUNCTION ledger_guard_balances() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF pg_trigger_depth() < 2 AND coalesce(current_setting('ledger.repair_balances', true), '') <> 'on' THEN
                RAISE EXCEPTION 'account % balances move only with postings: insert a balanced journal entry instead', OLD.code
                    USING ERRCODE = 'restrict_violation';
            END IF;
            RETURN NEW;
        END $$;

        CREATE TRIGGER trg_accounts_guard_balances
            BEFORE UPDATE OF balance, total_credited, total_debited ON accounts
            FOR EACH ROW EXECUTE FUNCTION ledger_guard_balances();

        INSERT INTO accounts (code, kind, owner_id, allow_negative)
        VALUES ('platform:issuance', 'platform_issuance', NULL, true);

        CREATE VIEW user_points AS
        SELECT owner_id AS user_id,
               balance AS current_points,
               total_credited AS lifetime_earned,
               total_debited AS lifetime_redeemed,
               last_credited_at AS last_earned_at
        FROM accounts
        WHERE kind = 'user_wallet';
        """;

    public const string Drop = """
        DROP VIEW IF EXISTS user_points;
        DROP TRIGGER IF EXISTS trg_accounts_guard_balances ON accounts;
        DROP TRIGGER IF EXISTS trg_journal_entries_immutable ON journal_entries;
        DROP TRIGGER IF EXISTS trg_postings_immutable ON postings;
        DROP TRIGGER IF EXISTS trg_postings_apply ON postings;
        DROP FUNCTION IF EXISTS ledger_guard_balances();
        DROP FUNCTION IF EXISTS ledger_refuse_change();
        DROP FUNCTION IF EXISTS ledger_postings_apply();
        """;
}

namespace Messaging.Ledger.Persistence.Migrations;

/// <summary>
/// Holds in the database: <c>accounts.held</c> moves only with <c>ledger_holds</c> rows (a trigger), a hold
/// moves once from active to captured or voided, holds are never deleted, and the user figures view shows
/// held and available points.
/// </summary>
internal static class RedemptionInvariantsSql
{
    public const string Create = """
        CREATE FUNCTION ledger_holds_apply() RETURNS trigger LANGUAGE plpgsql AS $$
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

        CREATE TRIGGER trg_ledger_holds_apply
            AFTER INSERT OR UPDATE ON ledger_holds
            FOR EACH ROW EXECUTE FUNCTION ledger_holds_apply();
        CREATE TRIGGER trg_ledger_holds_no_delete BEFORE DELETE ON ledger_holds
            FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();

        DROP TRIGGER trg_accounts_guard_balances ON accounts;
        CREATE TRIGGER trg_accounts_guard_balances
            BEFORE UPDATE OF balance, total_credited, total_debited, held ON accounts
            FOR EACH ROW EXECUTE FUNCTION ledger_guard_balances();

        INSERT INTO accounts (code, kind, owner_id, allow_negative)
        VALUES ('platform:redemptions', 'platform_redemptions', NULL, false);

        DROP VIEW user_points;
        CREATE VIEW user_points AS
        SELECT owner_id AS user_id,
               balance AS current_points,
               held AS held_points,
               balance - held AS available_points,
               total_credited AS lifetime_earned,
               total_debited AS lifetime_redeemed,
               last_credited_at AS last_earned_at
        FROM accounts
        WHERE kind = 'user_wallet';
        """;

    public const string Drop = """
        DROP VIEW IF EXISTS user_points;
        CREATE VIEW user_points AS
        SELECT owner_id AS user_id,
               balance AS current_points,
               total_credited AS lifetime_earned,
               total_debited AS lifetime_redeemed,
               last_credited_at AS last_earned_at
        FROM accounts
        WHERE kind = 'user_wallet';
        DROP TRIGGER IF EXISTS trg_accounts_guard_balances ON accounts;
        CREATE TRIGGER trg_accounts_guard_balances
            BEFORE UPDATE OF balance, total_credited, total_debited ON accounts
            FOR EACH ROW EXECUTE FUNCTION ledger_guard_balances();
        DROP TRIGGER IF EXISTS trg_ledger_holds_no_delete ON ledger_holds;
        DROP TRIGGER IF EXISTS trg_ledger_holds_apply ON ledger_holds;
        DROP FUNCTION IF EXISTS ledger_holds_apply();
        """;
}

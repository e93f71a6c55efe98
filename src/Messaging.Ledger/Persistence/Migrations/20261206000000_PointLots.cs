using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Messaging.Ledger.Persistence.Migrations;

// Points that expire (issue 27): every credit of a wallet is a lot, every debit draws the lots that expire soonest first, and the
// draws are kept. The posting trigger keeps both (Schema/Functions/ledger_postings_apply.sql), so no writer can forget them.
// Neither a lot's entry nor its account is a foreign key: the trigger opens lots from the entry's own postings (which have both),
// the audit checks each against them (lots_equal_credits), and each key would cost every credit a check on the processor's hot path
// (its throughput with lots, measured without them and without a second index for the sweeper, is within 10 % of before).
// Existing wallets get lots from their credits as if the rule had always held: what a wallet holds now is taken from its
// latest-expiring credits, so every point already spent was paid by the soonest-expiring ones. A lot made here holds what is left of
// its credit (amount = remaining); its earlier draws are not recorded. Credits of the types that expire by default get recorded_at plus
// 12 months (Expiry's defaults); a credit older than that is due at once and expires on the sweeper's first pass.
[DbContext(typeof(LedgerDbContext))]
[Migration("20261206000000_PointLots")]
public sealed class PointLots : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql(
            """
            ALTER TABLE journal_entries ADD COLUMN points_expire_at timestamp with time zone;
            ALTER TABLE accounts DROP CONSTRAINT ck_accounts_kind;
            ALTER TABLE accounts ADD CONSTRAINT ck_accounts_kind CHECK (kind IN ('user_wallet', 'platform_issuance',
                'platform_redemptions', 'tenant_pool', 'token_quota', 'token_issuance', 'token_usage', 'token_lapsed', 'user_expired'));

            CREATE TABLE point_lots (
                account_id bigint NOT NULL,
                journal_entry_id bigint NOT NULL,
                amount bigint NOT NULL,
                remaining bigint NOT NULL,
                expires_at timestamp with time zone,
                warned_at timestamp with time zone,
                CONSTRAINT pk_point_lots PRIMARY KEY (account_id, journal_entry_id),
                CONSTRAINT ck_point_lots_amount CHECK (amount > 0),
                CONSTRAINT ck_point_lots_remaining CHECK (remaining >= 0 AND remaining <= amount)
            );
            -- What a debit draws from, soonest to expire first (the sweeper reads it whole, index only, to find what is due).
            CREATE INDEX ix_point_lots_open ON point_lots (account_id, expires_at, journal_entry_id) WHERE remaining > 0;

            CREATE TABLE lot_draws (
                id bigint GENERATED ALWAYS AS IDENTITY,
                account_id bigint NOT NULL,
                lot_entry_id bigint NOT NULL,
                journal_entry_id bigint NOT NULL,
                amount bigint NOT NULL,
                CONSTRAINT pk_lot_draws PRIMARY KEY (id),
                CONSTRAINT fk_lot_draws_journal_entries FOREIGN KEY (journal_entry_id) REFERENCES journal_entries (id) ON DELETE RESTRICT,
                CONSTRAINT fk_lot_draws_point_lots FOREIGN KEY (account_id, lot_entry_id)
                    REFERENCES point_lots (account_id, journal_entry_id)
                    ON DELETE RESTRICT,
                CONSTRAINT ck_lot_draws_amount CHECK (amount > 0)
            );
            CREATE INDEX ix_lot_draws_lot ON lot_draws (account_id, lot_entry_id);
            CREATE INDEX ix_lot_draws_entry ON lot_draws (journal_entry_id);

            WITH credits AS (
                SELECT p.account_id, p.journal_entry_id, sum(p.amount) AS amount,
                       CASE WHEN e.entry_type IN ('earned', 'signup', 'first_order', 'attendance', 'streak_bonus', 'badge_award')
                            THEN e.recorded_at + interval '12 months' END AS expires_at
                FROM postings p
                JOIN accounts a ON a.id = p.account_id AND a.kind = 'user_wallet'
                JOIN journal_entries e ON e.id = p.journal_entry_id
                WHERE p.amount > 0
                GROUP BY p.account_id, p.journal_entry_id, e.entry_type, e.recorded_at),
            kept AS (
                SELECT c.*, a.balance - (sum(c.amount) OVER (PARTITION BY c.account_id
                    ORDER BY c.expires_at DESC NULLS FIRST, c.journal_entry_id DESC) - c.amount) AS left_for_it
                FROM credits c JOIN accounts a ON a.id = c.account_id)
            INSERT INTO point_lots (account_id, journal_entry_id, amount, remaining, expires_at)
            SELECT account_id, journal_entry_id, least(amount, left_for_it), least(amount, left_for_it), expires_at
            FROM kept WHERE left_for_it > 0;

            GRANT UPDATE (warned_at) ON point_lots TO ledger_runtime;
            GRANT TRUNCATE ON point_lots, lot_draws TO ledger_operator;
            """
        );
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql(
            """
            DROP FUNCTION IF EXISTS ledger_draw_lots(bigint, bigint, bigint, bigint);
            DROP TABLE lot_draws;
            DROP TABLE point_lots;
            ALTER TABLE journal_entries DROP COLUMN points_expire_at;
            ALTER TABLE accounts DROP CONSTRAINT ck_accounts_kind;
            ALTER TABLE accounts ADD CONSTRAINT ck_accounts_kind CHECK (kind IN ('user_wallet', 'platform_issuance',
                'platform_redemptions', 'tenant_pool', 'token_quota', 'token_issuance', 'token_usage', 'token_lapsed'));
            """
        );
    }
}

using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Messaging.Ledger.Persistence.Migrations;

// Holds on accounts, the rewards catalog, the saga's state, completed redemptions, built-in vouchers, and an explicit destination for
// outbox rows that are sent rather than published.
[DbContext(typeof(LedgerDbContext))]
[Migration("20261122000000_Redemptions")]
public sealed class Redemptions : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);

        migrationBuilder.AddColumn<long>("held", "accounts", type: "bigint", nullable: false, defaultValue: 0L);
        migrationBuilder.DropCheckConstraint("ck_accounts_kind", "accounts");
        migrationBuilder.AddCheckConstraint(
            "ck_accounts_kind",
            "accounts",
            "kind IN ('user_wallet', 'platform_issuance', 'platform_redemptions')"
        );
        migrationBuilder.AddCheckConstraint("ck_accounts_held_not_negative", "accounts", "held >= 0");
        migrationBuilder.AddCheckConstraint("ck_accounts_available_not_negative", "accounts", "allow_negative OR balance - held >= 0");
        migrationBuilder.AddColumn<string>("destination", "outbox_message", type: "character varying(200)", maxLength: 200, nullable: true);

        migrationBuilder.CreateTable(
            name: "ledger_holds",
            columns: table => new
            {
                id = table
                    .Column<long>(type: "bigint", nullable: false)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                hold_key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                account_id = table.Column<long>(type: "bigint", nullable: false),
                amount = table.Column<long>(type: "bigint", nullable: false),
                status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                settled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                settled_reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                journal_entry_id = table.Column<long>(type: "bigint", nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_ledger_holds", x => x.id);
                table.CheckConstraint("ck_ledger_holds_amount_positive", "amount > 0");
                table.CheckConstraint("ck_ledger_holds_status", "status IN ('active', 'captured', 'voided')");
                table.CheckConstraint("ck_ledger_holds_settled", "(status = 'active') = (settled_at IS NULL)");
                table.CheckConstraint("ck_ledger_holds_captured_entry", "(status = 'captured') = (journal_entry_id IS NOT NULL)");
                table.ForeignKey("fk_ledger_holds_accounts", x => x.account_id, "accounts", "id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey(
                    "fk_ledger_holds_journal_entries",
                    x => x.journal_entry_id,
                    "journal_entries",
                    "id",
                    onDelete: ReferentialAction.Restrict
                );
            }
        );

        migrationBuilder.CreateTable(
            name: "rewards",
            columns: table => new
            {
                id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                cost = table.Column<long>(type: "bigint", nullable: false),
                active = table.Column<bool>(type: "boolean", nullable: false),
                stock = table.Column<int>(type: "integer", nullable: true),
                validity_days = table.Column<int>(type: "integer", nullable: false),
                fulfilment_kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_rewards", x => x.id);
                table.CheckConstraint("ck_rewards_cost_positive", "cost > 0");
                table.CheckConstraint("ck_rewards_stock_not_negative", "stock IS NULL OR stock >= 0");
                table.CheckConstraint("ck_rewards_validity_days_positive", "validity_days > 0");
                table.CheckConstraint("ck_rewards_fulfilment_kind", "fulfilment_kind ~ '^[a-z0-9][a-z0-9-]*$'");
            }
        );

        migrationBuilder.CreateTable(
            name: "redemption_sagas",
            columns: table => new
            {
                correlation_id = table.Column<Guid>(type: "uuid", nullable: false),
                current_state = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                version = table.Column<int>(type: "integer", nullable: false),
                user_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                reward_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                reward_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                fulfilment_kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                points = table.Column<long>(type: "bigint", nullable: false),
                validity_days = table.Column<int>(type: "integer", nullable: false),
                requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                request_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                deadline_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                deadline_signalled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                stock_reserved = table.Column<bool>(type: "boolean", nullable: false),
                outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                outcome_reason = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                voucher_code = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                revocation_requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_redemption_sagas", x => x.correlation_id);
                table.CheckConstraint("ck_redemption_sagas_outcome", "outcome IS NULL OR outcome IN ('completed', 'failed', 'rejected')");
            }
        );

        migrationBuilder.CreateTable(
            name: "redemptions",
            columns: table => new
            {
                id = table.Column<Guid>(type: "uuid", nullable: false),
                user_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                reward_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                reward_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                points = table.Column<long>(type: "bigint", nullable: false),
                status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                voucher_code = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                details = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                journal_entry_id = table.Column<long>(type: "bigint", nullable: false),
                redeemed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                is_used = table.Column<bool>(type: "boolean", nullable: false),
                used_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                expired_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                refund_entry_id = table.Column<long>(type: "bigint", nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_redemptions", x => x.id);
                table.CheckConstraint("ck_redemptions_points_positive", "points > 0");
                table.CheckConstraint("ck_redemptions_status", "status IN ('active', 'used', 'expired')");
                table.CheckConstraint("ck_redemptions_used", "is_used = (used_at IS NOT NULL) AND is_used = (status = 'used')");
                table.CheckConstraint("ck_redemptions_expired", "(status = 'expired') = (expired_at IS NOT NULL)");
                table.ForeignKey(
                    "fk_redemptions_journal_entries",
                    x => x.journal_entry_id,
                    "journal_entries",
                    "id",
                    onDelete: ReferentialAction.Restrict
                );
                table.ForeignKey(
                    "fk_redemptions_refund_journal_entries",
                    x => x.refund_entry_id,
                    "journal_entries",
                    "id",
                    onDelete: ReferentialAction.Restrict
                );
            }
        );

        migrationBuilder.CreateTable(
            name: "issued_vouchers",
            columns: table => new
            {
                code = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                redemption_id = table.Column<Guid>(type: "uuid", nullable: false),
                reward_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                issued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
            },
            constraints: table => table.PrimaryKey("pk_issued_vouchers", x => x.code)
        );

        migrationBuilder.CreateIndex("ux_ledger_holds_hold_key", "ledger_holds", "hold_key", unique: true);
        migrationBuilder.CreateIndex("ix_ledger_holds_active_expires_at", "ledger_holds", "expires_at", filter: "status = 'active'");
        migrationBuilder.CreateIndex("ix_ledger_holds_account_id", "ledger_holds", "account_id");
        migrationBuilder.CreateIndex("ix_ledger_holds_journal_entry_id", "ledger_holds", "journal_entry_id");
        migrationBuilder.CreateIndex("ix_redemption_sagas_open_deadline_at", "redemption_sagas", "deadline_at", filter: "outcome IS NULL");
        migrationBuilder.CreateIndex("ix_redemption_sagas_user_id", "redemption_sagas", "user_id");
        migrationBuilder.CreateIndex("ix_redemptions_user_id", "redemptions", "user_id");
        migrationBuilder.CreateIndex("ix_redemptions_active_expires_at", "redemptions", "expires_at", filter: "status = 'active'");
        migrationBuilder.CreateIndex("ix_redemptions_journal_entry_id", "redemptions", "journal_entry_id");
        migrationBuilder.CreateIndex("ix_redemptions_refund_entry_id", "redemptions", "refund_entry_id");
        migrationBuilder.CreateIndex("ux_issued_vouchers_redemption_id", "issued_vouchers", "redemption_id", unique: true);

        migrationBuilder.Sql(
            "INSERT INTO accounts (code, kind, owner_id, allow_negative) VALUES "
                + "('platform:redemptions', 'platform_redemptions', NULL, false);"
        );
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql(Schema.SchemaObjects.DropAllSql);
        migrationBuilder.Sql("DELETE FROM accounts WHERE code = 'platform:redemptions'");
        migrationBuilder.DropTable("issued_vouchers");
        migrationBuilder.DropTable("redemptions");
        migrationBuilder.DropTable("redemption_sagas");
        migrationBuilder.DropTable("rewards");
        migrationBuilder.DropTable("ledger_holds");
        migrationBuilder.DropColumn("destination", "outbox_message");
        migrationBuilder.DropCheckConstraint("ck_accounts_available_not_negative", "accounts");
        migrationBuilder.DropCheckConstraint("ck_accounts_held_not_negative", "accounts");
        migrationBuilder.DropCheckConstraint("ck_accounts_kind", "accounts");
        migrationBuilder.AddCheckConstraint("ck_accounts_kind", "accounts", "kind IN ('user_wallet', 'platform_issuance')");
        migrationBuilder.DropColumn("held", "accounts");
    }
}

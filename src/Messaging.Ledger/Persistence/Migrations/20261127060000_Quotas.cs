using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Messaging.Ledger.Persistence.Migrations;

// Issue 11: token accounts and users' plans.
[DbContext(typeof(LedgerDbContext))]
[Migration("20261127060000_Quotas")]
public sealed class Quotas : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropCheckConstraint("ck_accounts_kind", "accounts");
        migrationBuilder.AddCheckConstraint(
            "ck_accounts_kind",
            "accounts",
            "kind IN ('user_wallet', 'platform_issuance', 'platform_redemptions', 'tenant_pool', "
                + "'token_quota', 'token_issuance', 'token_usage', 'token_lapsed')"
        );
        migrationBuilder.CreateTable(
            name: "user_quota_plans",
            columns: table => new
            {
                user_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                plan = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_user_quota_plans", x => x.user_id);
                table.CheckConstraint("ck_user_quota_plans_plan", "plan ~ '^[a-z0-9][a-z0-9-]*$'");
            }
        );
        migrationBuilder.Sql("GRANT INSERT, UPDATE, TRUNCATE ON user_quota_plans TO ledger_operator;");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropTable("user_quota_plans");
        migrationBuilder.DropCheckConstraint("ck_accounts_kind", "accounts");
        migrationBuilder.AddCheckConstraint(
            "ck_accounts_kind",
            "accounts",
            "kind IN ('user_wallet', 'platform_issuance', 'platform_redemptions', 'tenant_pool')"
        );
    }
}

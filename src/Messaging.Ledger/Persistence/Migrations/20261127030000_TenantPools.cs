using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Messaging.Ledger.Persistence.Migrations;

// A fourth kind of account, which platform allocations credit and recognitions debit.
[DbContext(typeof(LedgerDbContext))]
[Migration("20261127030000_TenantPools")]
public sealed class TenantPools : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropCheckConstraint("ck_accounts_kind", "accounts");
        migrationBuilder.AddCheckConstraint(
            "ck_accounts_kind",
            "accounts",
            "kind IN ('user_wallet', 'platform_issuance', 'platform_redemptions', 'tenant_pool')"
        );
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropCheckConstraint("ck_accounts_kind", "accounts");
        migrationBuilder.AddCheckConstraint(
            "ck_accounts_kind",
            "accounts",
            "kind IN ('user_wallet', 'platform_issuance', 'platform_redemptions')"
        );
    }
}

using Messaging.Ledger.Accounts;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Messaging.Ledger.Persistence.Migrations;

// Accounts get a tenant dimension before tenants arrive (as TigerBeetle partitions accounts by ledger): every existing account moves to
// the default tenant, the one the single-tenant product has been all along.
[DbContext(typeof(LedgerDbContext))]
[Migration("20261127020000_AccountTenants")]
public sealed class AccountTenants : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.AddColumn<string>(
            "tenant_id",
            "accounts",
            type: "character varying(100)",
            maxLength: 100,
            nullable: false,
            defaultValue: AccountRef.DefaultTenant
        );
        migrationBuilder.AddCheckConstraint("ck_accounts_tenant_id_not_empty", "accounts", "tenant_id <> ''");

        // No index on tenant_id yet: nothing queries by tenant before tenants arrive, and building one on a new
        // database (the two platform accounts only) records "2 rows" as the table's size, so the postings trigger's
        // cached plans scan every account until autovacuum analyzes it (measured: half the benchmark's throughput).
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropCheckConstraint("ck_accounts_tenant_id_not_empty", "accounts");
        migrationBuilder.DropColumn("tenant_id", "accounts");
    }
}

using Messaging.Ledger.Accounts;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Messaging.Ledger.Persistence.Migrations;

/// <summary>
/// Accounts get a tenant dimension before tenants arrive (as TigerBeetle partitions accounts by ledger): every
/// existing account moves to the default tenant, the one the single-tenant product has been all along.
/// </summary>
[DbContext(typeof(LedgerDbContext))]
[Migration("20261127020000_AccountTenants")]
public sealed class AccountTenants : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.AddColumn<string>("tenant_id", "accounts", type: "character varying(100)", maxLength: 100, nullable: false,
            defaultValue: AccountRef.DefaultTenant);
        migrationBuilder.AddCheckConstraint("ck_accounts_tenant_id_not_empty", "accounts", "tenant_id <> ''");
        migrationBuilder.CreateIndex("ix_accounts_tenant_id_kind", "accounts", ["tenant_id", "kind"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropIndex("ix_accounts_tenant_id_kind", "accounts");
        migrationBuilder.DropCheckConstraint("ck_accounts_tenant_id_not_empty", "accounts");
        migrationBuilder.DropColumn("tenant_id", "accounts");
    }
}

using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Messaging.Ledger.Persistence.Migrations;

/// <summary>The account lock keeps its plan for the session instead of planning on every call (issue 17).</summary>
[DbContext(typeof(LedgerDbContext))]
[Migration("20261128030000_LockAccountsPlpgsql")]
public sealed class LockAccountsPlpgsql : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql(LockAccountsSql.Create);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql(LockAccountsSql.Drop);
    }
}

using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Messaging.Ledger.Persistence.Migrations;

// Issue 26: see EdgePrivilegesSql.
[DbContext(typeof(LedgerDbContext))]
[Migration("20261204000000_EdgePrivileges")]
public sealed class EdgePrivileges : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql(EdgePrivilegesSql.Create);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql(EdgePrivilegesSql.Drop);
    }
}

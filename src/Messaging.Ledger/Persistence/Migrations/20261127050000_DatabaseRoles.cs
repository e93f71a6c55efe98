using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Messaging.Ledger.Persistence.Migrations;

// Least privilege: see DatabaseRolesSql.
[DbContext(typeof(LedgerDbContext))]
[Migration("20261127050000_DatabaseRoles")]
public sealed class DatabaseRoles : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql(DatabaseRolesSql.Create);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql(DatabaseRolesSql.Drop);
    }
}

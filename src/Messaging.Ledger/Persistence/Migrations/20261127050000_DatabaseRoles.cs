using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Messaging.Ledger.Persistence.Migrations;

/// <summary>Least privilege: runtime, reader and operator roles beside the owner that runs migrations (see <see
/// cref="DatabaseRolesSql"/>).</summary>
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

using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Messaging.Ledger.Persistence.Migrations;

// A full backup restores every ledger table (issue 13) as the operator's role: the attendance tables were the only ones it could not yet
// write (the processor records them; the operator could only empty them).
[DbContext(typeof(LedgerDbContext))]
[Migration("20261128010000_CompleteBackups")]
public sealed class CompleteBackups : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql("GRANT INSERT ON attendances, attendance_streaks, attendance_badges TO ledger_operator;");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql("REVOKE INSERT ON attendances, attendance_streaks, attendance_badges FROM ledger_operator;");
    }
}

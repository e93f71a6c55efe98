using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Messaging.Ledger.Persistence.Migrations;

// Seed 003's other badges and its special activities (issue 27, item 6): what an attendance says the user achieved, whom they brought
// and whom they connected with, kept with the attendance so the badges are recomputed from the attendances alone, as the others are.
[DbContext(typeof(LedgerDbContext))]
[Migration("20261207010000_AttendanceActivities")]
public sealed class AttendanceActivities : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql(
            """
            ALTER TABLE attendances
                ADD COLUMN achievements text[] NOT NULL DEFAULT '{}'::text[],
                ADD COLUMN brought_user_ids text[] NOT NULL DEFAULT '{}'::text[],
                ADD COLUMN connected_user_ids text[] NOT NULL DEFAULT '{}'::text[];
            """
        );
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql(
            "ALTER TABLE attendances DROP COLUMN achievements, DROP COLUMN brought_user_ids, DROP COLUMN connected_user_ids;"
        );
    }
}

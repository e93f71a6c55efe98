using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Messaging.Ledger.Persistence.Migrations;

// A pending adjustment can be withdrawn (adjust cancel): a status of its own, so the list says what became of every request.
[DbContext(typeof(LedgerDbContext))]
[Migration("20261207020000_AdjustmentCancellation")]
public sealed class AdjustmentCancellation : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql(
            """
            ALTER TABLE adjustments DROP CONSTRAINT ck_adjustments_status;
            ALTER TABLE adjustments ADD CONSTRAINT ck_adjustments_status CHECK (status IN ('pending', 'applied', 'refused', 'cancelled'));
            """
        );
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql(
            """
            ALTER TABLE adjustments DROP CONSTRAINT ck_adjustments_status;
            ALTER TABLE adjustments ADD CONSTRAINT ck_adjustments_status CHECK (status IN ('pending', 'applied', 'refused'));
            """
        );
    }
}

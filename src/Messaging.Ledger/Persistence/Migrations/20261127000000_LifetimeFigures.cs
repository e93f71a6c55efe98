using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Messaging.Ledger.Persistence.Migrations;

/// <summary>Lifetime figures by entry type: refunds no longer count as earned (<see cref="LifetimeFiguresSql"/>).</summary>
[DbContext(typeof(LedgerDbContext))]
[Migration("20261127000000_LifetimeFigures")]
public sealed class LifetimeFigures : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql(LifetimeFiguresSql.CreateView);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql(LifetimeFiguresSql.RestoreView);
    }
}

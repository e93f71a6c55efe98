using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Messaging.Ledger.Persistence.Migrations;

/// <summary>The balance trigger reaches the accounts it moves by primary key instead of scanning them all (issue 17).</summary>
[DbContext(typeof(LedgerDbContext))]
[Migration("20261128020000_PostingsTriggerLookups")]
public sealed class PostingsTriggerLookups : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql(PostingsTriggerSql.Create);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql(PostingsTriggerSql.Drop);
    }
}

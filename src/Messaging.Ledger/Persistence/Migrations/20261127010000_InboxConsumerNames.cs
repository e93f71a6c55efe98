using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Messaging.Ledger.Persistence.Migrations;

// Inbox keys by the endpoint's stable name, not its queue's (InboxConsumerNamesSql).
[DbContext(typeof(LedgerDbContext))]
[Migration("20261127010000_InboxConsumerNames")]
public sealed class InboxConsumerNames : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql(InboxConsumerNamesSql.Rename);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql(InboxConsumerNamesSql.Restore);
    }
}

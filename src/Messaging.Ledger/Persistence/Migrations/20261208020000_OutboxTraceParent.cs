using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Messaging.Ledger.Persistence.Migrations;

// Traces across the outbox (issue 28, item 4): each row keeps the W3C traceparent of the span that caused it, so the event it carries
// continues the trace of the message that caused it however long after, and whichever processor, it is published.
[DbContext(typeof(LedgerDbContext))]
[Migration("20261208020000_OutboxTraceParent")]
public sealed class OutboxTraceParent : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql("ALTER TABLE outbox_message ADD COLUMN trace_parent character varying(55);");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql("ALTER TABLE outbox_message DROP COLUMN trace_parent;");
    }
}

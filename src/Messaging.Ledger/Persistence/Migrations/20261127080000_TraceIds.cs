using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Messaging.Ledger.Persistence.Migrations;

// Each journal entry keeps the W3C trace id of the message that caused it, so an auditor can go from an entry to the trace of its
// message (issue 12). Old entries have none.
[DbContext(typeof(LedgerDbContext))]
[Migration("20261127080000_TraceIds")]
public sealed class TraceIds : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.AddColumn<string>("trace_id", "journal_entries", type: "character varying(32)", maxLength: 32, nullable: true);
        migrationBuilder.AddCheckConstraint("ck_journal_entries_trace_id", "journal_entries", "trace_id ~ '^[0-9a-f]{32}$'");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.DropCheckConstraint("ck_journal_entries_trace_id", "journal_entries");
        migrationBuilder.DropColumn("trace_id", "journal_entries");
    }
}

using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Messaging.Ledger.Persistence.Migrations;

// Reversals are rare, and a user's figures count them against the entries they undo (issue 27, item 5): the reversals alone, indexed, so
// reading one wallet's figures costs the reversals, not the wallet's history.
[DbContext(typeof(LedgerDbContext))]
[Migration("20261207000000_ReversalIndex")]
public sealed class ReversalIndex : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql("CREATE INDEX ix_journal_entries_reversals ON journal_entries (id) WHERE entry_type = 'reversal';");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql("DROP INDEX ix_journal_entries_reversals;");
    }
}

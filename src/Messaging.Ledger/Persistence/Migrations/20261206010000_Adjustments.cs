using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Messaging.Ledger.Persistence.Migrations;

// Operators' adjustments of wallets (issue 27): each request, with its reason and who asked, and who approved it when it was above the
// approval threshold. The database refuses an approval by the one who asked, and an applied adjustment without its entry.
[DbContext(typeof(LedgerDbContext))]
[Migration("20261206010000_Adjustments")]
public sealed class Adjustments : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql(
            """
            CREATE TABLE adjustments (
                id bigint GENERATED ALWAYS AS IDENTITY,
                user_id character varying(100) NOT NULL,
                points bigint NOT NULL,
                reason character varying(500) NOT NULL,
                status character varying(20) NOT NULL,
                requested_by character varying(100) NOT NULL,
                requested_at timestamp with time zone NOT NULL DEFAULT now(),
                approved_by character varying(100),
                decided_at timestamp with time zone,
                journal_entry_id bigint,
                refusal character varying(1000),
                CONSTRAINT pk_adjustments PRIMARY KEY (id),
                CONSTRAINT fk_adjustments_journal_entries FOREIGN KEY (journal_entry_id) REFERENCES journal_entries (id)
                    ON DELETE RESTRICT,
                CONSTRAINT ck_adjustments_points CHECK (points <> 0),
                CONSTRAINT ck_adjustments_reason CHECK (length(reason) > 0),
                CONSTRAINT ck_adjustments_status CHECK (status IN ('pending', 'applied', 'refused')),
                CONSTRAINT ck_adjustments_second_admin CHECK (approved_by IS NULL OR approved_by <> requested_by),
                CONSTRAINT ck_adjustments_applied CHECK ((status = 'applied') = (journal_entry_id IS NOT NULL))
            );
            CREATE INDEX ix_adjustments_journal_entry_id ON adjustments (journal_entry_id);
            CREATE INDEX ix_adjustments_pending ON adjustments (id) WHERE status = 'pending';
            GRANT INSERT, UPDATE ON adjustments TO ledger_operator;
            """
        );
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql("DROP TABLE adjustments;");
    }
}

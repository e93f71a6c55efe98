using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Messaging.Ledger.Persistence.Migrations;

// Issue 13: see Operations.EndpointPauses.
[DbContext(typeof(LedgerDbContext))]
[Migration("20261128000000_EndpointPauses")]
public sealed class EndpointPauses : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql(
            """
            CREATE TABLE endpoint_pauses (
                queue varchar(200) NOT NULL,
                message_type varchar(200) NOT NULL,
                paused_by varchar(200) NOT NULL,
                reason varchar(2000) NOT NULL,
                paused_at timestamptz NOT NULL DEFAULT now(),
                CONSTRAINT pk_endpoint_pauses PRIMARY KEY (queue)
            );
            -- Control state, not history: resuming deletes the row (the operator log keeps both actions).
            GRANT INSERT, DELETE, TRUNCATE ON endpoint_pauses TO ledger_operator;
            """
        );
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql("DROP TABLE endpoint_pauses;");
    }
}

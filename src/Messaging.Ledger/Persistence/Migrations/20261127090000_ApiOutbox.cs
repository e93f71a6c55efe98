using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Messaging.Ledger.Persistence.Migrations;

// The HTTP API's outbox for operators' commands (issue 12): see CommandQueue.
[DbContext(typeof(LedgerDbContext))]
[Migration("20261127090000_ApiOutbox")]
public sealed class ApiOutbox : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql(
            """
            CREATE TABLE api_outbox (
                id bigint GENERATED ALWAYS AS IDENTITY,
                message_id uuid NOT NULL,
                exchange varchar(100) NOT NULL,
                body jsonb NOT NULL,
                requested_by varchar(200) NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now(),
                sent_at timestamptz NULL,
                attempts integer NOT NULL DEFAULT 0,
                last_error varchar(2000) NULL,
                CONSTRAINT pk_api_outbox PRIMARY KEY (id)
            );
            CREATE UNIQUE INDEX ux_api_outbox_message_id ON api_outbox (message_id);
            CREATE INDEX ix_api_outbox_unsent ON api_outbox (id) WHERE sent_at IS NULL;
            GRANT INSERT, UPDATE, TRUNCATE ON api_outbox TO ledger_operator;
            """
        );
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql("DROP TABLE api_outbox;");
    }
}

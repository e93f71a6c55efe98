using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Messaging.Ledger.Persistence.Migrations;

// Every processor says it is alive (issue 28, item 2): one row per running instance, its beat moved every few seconds, so the API's
// readiness can tell a stopped processor (no beat for Health:WorkerStaleAfter) from an idle one (an empty outbox looks the same).
[DbContext(typeof(LedgerDbContext))]
[Migration("20261208010000_WorkerHeartbeats")]
public sealed class WorkerHeartbeats : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql(
            """
            CREATE TABLE worker_heartbeats (
                instance character varying(200) NOT NULL,
                host character varying(200) NOT NULL,
                started_at timestamp with time zone NOT NULL,
                beat_at timestamp with time zone NOT NULL,
                CONSTRAINT pk_worker_heartbeats PRIMARY KEY (instance)
            );
            GRANT SELECT ON worker_heartbeats TO ledger_runtime, ledger_reader, ledger_operator;
            GRANT INSERT, UPDATE ON worker_heartbeats TO ledger_runtime;
            """
        );
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql("DROP TABLE worker_heartbeats;");
    }
}

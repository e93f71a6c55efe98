using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Messaging.Ledger.Persistence.Migrations;

// Written by hand because EF Core's design-time tooling does not restore here. Invariants the model cannot express (balanced entries,
// immutable postings, balances maintained from postings only) are triggers in Persistence/Schema, applied after the migrations
// (SchemaObjects).
[DbContext(typeof(LedgerDbContext))]
[Migration("20261121000000_InitialLedger")]
public sealed class InitialLedger : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);

        migrationBuilder.CreateTable(
            name: "accounts",
            columns: table => new
            {
                id = table
                    .Column<long>(type: "bigint", nullable: false)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                code = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                owner_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                allow_negative = table.Column<bool>(type: "boolean", nullable: false),
                balance = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L),
                total_credited = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L),
                total_debited = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L),
                last_credited_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_accounts", x => x.id);
                table.CheckConstraint("ck_accounts_not_negative", "allow_negative OR balance >= 0");
                table.CheckConstraint("ck_accounts_balance_is_credits_minus_debits", "balance = total_credited - total_debited");
                table.CheckConstraint("ck_accounts_kind", "kind IN ('user_wallet', 'platform_issuance')");
            }
        );

        migrationBuilder.CreateTable(
            name: "journal_entries",
            columns: table => new
            {
                id = table
                    .Column<long>(type: "bigint", nullable: false)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                idempotency_key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                entry_type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                payload_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                source_message_id = table.Column<Guid>(type: "uuid", nullable: true),
                occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                metadata = table.Column<string>(type: "jsonb", nullable: false, defaultValueSql: "'{}'::jsonb"),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_journal_entries", x => x.id);
                table.CheckConstraint("ck_journal_entries_idempotency_key", "length(idempotency_key) > 0");
            }
        );

        migrationBuilder.CreateTable(
            name: "postings",
            columns: table => new
            {
                id = table
                    .Column<long>(type: "bigint", nullable: false)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                journal_entry_id = table.Column<long>(type: "bigint", nullable: false),
                account_id = table.Column<long>(type: "bigint", nullable: false),
                amount = table.Column<long>(type: "bigint", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_postings", x => x.id);
                table.CheckConstraint("ck_postings_amount_not_zero", "amount <> 0");
                table.ForeignKey("fk_postings_accounts", x => x.account_id, "accounts", "id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey(
                    "fk_postings_journal_entries",
                    x => x.journal_entry_id,
                    "journal_entries",
                    "id",
                    onDelete: ReferentialAction.Restrict
                );
            }
        );

        migrationBuilder.CreateTable(
            name: "inbox_state",
            columns: table => new
            {
                message_id = table.Column<Guid>(type: "uuid", nullable: false),
                consumer_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
            },
            constraints: table => table.PrimaryKey("pk_inbox_state", x => new { x.message_id, x.consumer_id })
        );

        migrationBuilder.CreateTable(
            name: "outbox_message",
            columns: table => new
            {
                sequence_number = table
                    .Column<long>(type: "bigint", nullable: false)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                message_id = table.Column<Guid>(type: "uuid", nullable: false),
                message_type = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                body = table.Column<string>(type: "jsonb", nullable: false),
                inbox_message_id = table.Column<Guid>(type: "uuid", nullable: true),
                inbox_consumer_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                locked_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                delivery_attempts = table.Column<int>(type: "integer", nullable: false, defaultValue: 0),
                last_error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
            },
            constraints: table => table.PrimaryKey("pk_outbox_message", x => x.sequence_number)
        );

        migrationBuilder.CreateTable(
            name: "ledger_refusals",
            columns: table => new
            {
                id = table
                    .Column<long>(type: "bigint", nullable: false)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                message_id = table.Column<Guid>(type: "uuid", nullable: true),
                consumer_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                idempotency_key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                reason_code = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                payload = table.Column<string>(type: "jsonb", nullable: false),
                refused_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
            },
            constraints: table => table.PrimaryKey("pk_ledger_refusals", x => x.id)
        );

        migrationBuilder.CreateIndex("ux_accounts_code", "accounts", "code", unique: true);
        migrationBuilder.CreateIndex("ix_accounts_kind_owner_id", "accounts", ["kind", "owner_id"]);
        migrationBuilder.CreateIndex("ux_journal_entries_idempotency_key", "journal_entries", "idempotency_key", unique: true);
        migrationBuilder.CreateIndex("ix_journal_entries_recorded_at", "journal_entries", "recorded_at");
        migrationBuilder.CreateIndex("ix_postings_journal_entry_id", "postings", "journal_entry_id");
        migrationBuilder.CreateIndex("ix_postings_account_id_id", "postings", ["account_id", "id"]);
        migrationBuilder.CreateIndex("ix_inbox_state_received_at", "inbox_state", "received_at");
        migrationBuilder.CreateIndex("ux_outbox_message_message_id", "outbox_message", "message_id", unique: true);
        migrationBuilder.CreateIndex("ix_outbox_message_locked_until", "outbox_message", "locked_until");
        migrationBuilder.CreateIndex("ix_ledger_refusals_idempotency_key", "ledger_refusals", "idempotency_key");

        migrationBuilder.Sql(
            "INSERT INTO accounts (code, kind, owner_id, allow_negative) VALUES ('platform:issuance', 'platform_issuance', NULL, true);"
        );
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql(Schema.SchemaObjects.DropAllSql);
        migrationBuilder.DropTable("ledger_refusals");
        migrationBuilder.DropTable("outbox_message");
        migrationBuilder.DropTable("inbox_state");
        migrationBuilder.DropTable("postings");
        migrationBuilder.DropTable("journal_entries");
        migrationBuilder.DropTable("accounts");
    }
}

using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Messaging.Ledger.Persistence.Migrations;

// A registry of tenants (allocations to an unknown tenant are refused), usage limits that concurrent recognitions draw on under lock
// (givers' monthly allowances), and the seed's allocation and billing logs (views, in Persistence/Schema/Views). Pools allocated to
// before the registry existed are registered under their own id.
[DbContext(typeof(LedgerDbContext))]
[Migration("20261127040000_Recognition")]
public sealed class Recognition : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.CreateTable(
            name: "tenants",
            columns: table => new
            {
                tenant_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                time_zone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, defaultValue: "UTC"),
                monthly_giving_allowance = table.Column<long>(type: "bigint", nullable: true),
                created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_tenants", x => x.tenant_id);
                table.CheckConstraint("ck_tenants_tenant_id", "tenant_id ~ '^[A-Za-z0-9][A-Za-z0-9._-]*$'");
                table.CheckConstraint("ck_tenants_name_not_empty", "name <> ''");
                table.CheckConstraint(
                    "ck_tenants_allowance_not_negative",
                    "monthly_giving_allowance IS NULL OR monthly_giving_allowance >= 0"
                );
            }
        );

        migrationBuilder.CreateTable(
            name: "limit_usage",
            columns: table => new
            {
                limit_key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                used = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L),
                updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_limit_usage", x => x.limit_key);
                table.CheckConstraint("ck_limit_usage_used_not_negative", "used >= 0");
            }
        );

        migrationBuilder.Sql(
            "INSERT INTO tenants (tenant_id, name) SELECT tenant_id, tenant_id FROM accounts WHERE "
                + "kind = 'tenant_pool' ON CONFLICT DO NOTHING"
        );
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql(Schema.SchemaObjects.DropAllSql);
        migrationBuilder.DropTable("limit_usage");
        migrationBuilder.DropTable("tenants");
    }
}

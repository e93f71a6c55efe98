using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Messaging.Ledger.Persistence.Migrations;

// One issuance account per issuer kind (issue 26). Existing history is not moved: points minted before stay on platform:issuance, whose
// entries' types still say who minted them, and every figure counts all issuance accounts together. A ledger that never minted drops that
// account, so a new installation shows only the accounts in use.
[DbContext(typeof(LedgerDbContext))]
[Migration("20261205000000_IssuerAccounts")]
public sealed class IssuerAccounts : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql(
            """
            INSERT INTO accounts (code, kind, owner_id, allow_negative) VALUES
                ('platform:issuance:orders', 'platform_issuance', NULL, true),
                ('platform:issuance:events', 'platform_issuance', NULL, true),
                ('platform:issuance:admins', 'platform_issuance', NULL, true)
            ON CONFLICT (code) DO NOTHING;
            DELETE FROM accounts a WHERE a.code = 'platform:issuance' AND NOT EXISTS (SELECT 1 FROM postings p WHERE p.account_id = a.id);
            """
        );
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql(
            """
            INSERT INTO accounts (code, kind, owner_id, allow_negative) VALUES ('platform:issuance', 'platform_issuance', NULL, true)
            ON CONFLICT (code) DO NOTHING;
            DELETE FROM accounts a WHERE a.code LIKE 'platform:issuance:%' AND NOT EXISTS (SELECT 1 FROM postings p WHERE p.account_id =
                a.id);
            """
        );
    }
}

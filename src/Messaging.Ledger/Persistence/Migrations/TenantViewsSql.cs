namespace Messaging.Ledger.Persistence.Migrations;

/// <summary>
/// Seed 002's allocation log and platform billing log, as views over the journal rather than tables kept in sync:
/// they cannot disagree with the ledger, because they are the ledger.
/// </summary>
internal static class TenantViewsSql
{
    public const string Create = """
        CREATE VIEW tenant_allocation_log AS
        SELECT e.id AS entry_id,
               a.tenant_id,
               CASE e.entry_type WHEN 'tenant_allocation' THEN 'allocation' ELSE 'clawback' END AS kind,
               coalesce(e.metadata->>'AllocationId', e.metadata->>'ClawbackId') AS command_id,
               p.amount AS points,
               coalesce((e.metadata->>'RequestedPoints')::bigint, p.amount) AS requested_points,
               coalesce((e.metadata->>'Shortfall')::bigint, 0) AS shortfall,
               coalesce(e.metadata->>'ReferenceNote', e.metadata->>'Reason') AS note,
               e.metadata->>'RequestedBy' AS requested_by,
               e.metadata->>'AuthorisedBy' AS authorised_by,
               e.occurred_at,
               e.recorded_at
        FROM journal_entries e
        JOIN postings p ON p.journal_entry_id = e.id
        JOIN accounts a ON a.id = p.account_id AND a.kind = 'tenant_pool'
        WHERE e.entry_type IN ('tenant_allocation', 'tenant_clawback');

        CREATE VIEW platform_billing_log AS
        SELECT e.id AS entry_id,
               e.entry_type,
               coalesce(e.metadata->>'TenantId', other.tenant_id) AS tenant_id,
               -p.amount AS points_issued,
               e.description,
               coalesce(e.metadata->>'ReferenceNote', e.metadata->>'Reason') AS note,
               e.metadata->>'RequestedBy' AS requested_by,
               e.occurred_at,
               e.recorded_at
        FROM journal_entries e
        JOIN postings p ON p.journal_entry_id = e.id
        JOIN accounts issuance ON issuance.id = p.account_id AND issuance.kind = 'platform_issuance'
        LEFT JOIN LATERAL (
            SELECT oa.tenant_id FROM postings op JOIN accounts oa ON oa.id = op.account_id
            WHERE op.journal_entry_id = e.id AND op.account_id <> p.account_id
            ORDER BY op.id LIMIT 1) other ON true;
        """;

    public const string Drop = """
        DROP VIEW platform_billing_log;
        DROP VIEW tenant_allocation_log;
        """;
}

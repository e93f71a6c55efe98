-- Seed 002's platform billing log: every point the platform issued, and to which tenant, as a view over the journal.
DROP VIEW IF EXISTS platform_billing_log;
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
GRANT SELECT ON platform_billing_log TO ledger_runtime, ledger_reader, ledger_operator;

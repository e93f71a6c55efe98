-- Seed 002's allocation log, as a view over the journal rather than a table kept in sync: it cannot disagree with
-- the ledger, because it is the ledger.
DROP VIEW IF EXISTS tenant_allocation_log;
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
GRANT SELECT ON tenant_allocation_log TO ledger_runtime, ledger_reader, ledger_operator;

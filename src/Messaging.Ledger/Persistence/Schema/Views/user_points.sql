-- A user's figures, straight from their wallet account: lifetime figures by entry type (a refund of an expired
-- redemption is a refund, not points earned, and does not move "last earned"). Refunds are counted from the
-- redemptions they refund (indexed by user); the last earning credit is found walking the wallet's postings
-- backwards (indexed by account and time), so it costs a few rows, not the wallet's history. Points that expired are
-- not redeemed: they are counted apart, from the user's expired account. A reversal undoes what its entry did to the
-- figures (only earnings and recognitions are reversible: ReversalRules), so its points leave both the credits and the
-- debits they were counted in; the reversals are found through their own index, a handful of rows.
-- Views are dropped and created rather than replaced: PostgreSQL cannot change a view's columns in place.
DROP VIEW IF EXISTS user_points;
CREATE VIEW user_points AS
SELECT a.owner_id AS user_id,
       a.balance AS current_points,
       a.held AS held_points,
       a.balance - a.held AS available_points,
       a.total_credited - (SELECT coalesce(sum(r.points), 0) FROM redemptions r
                           WHERE r.user_id = a.owner_id AND r.refund_entry_id IS NOT NULL)::bigint - v.reversed AS lifetime_earned,
       a.total_debited - coalesce(x.balance, 0) - v.reversed AS lifetime_redeemed,
       (SELECT coalesce(sum(r.points), 0) FROM redemptions r
        WHERE r.user_id = a.owner_id AND r.refund_entry_id IS NOT NULL)::bigint AS lifetime_refunded,
       (SELECT e.recorded_at FROM postings p JOIN journal_entries e ON e.id = p.journal_entry_id
        WHERE p.account_id = a.id AND p.amount > 0 AND e.entry_type NOT IN ('redemption_refund', 'reversal')
        ORDER BY p.recorded_at DESC, p.journal_entry_id DESC LIMIT 1) AS last_earned_at,
       coalesce(x.balance, 0) AS lifetime_expired
FROM accounts a
LEFT JOIN accounts x ON x.code = 'user:' || a.owner_id || ':expired'
CROSS JOIN LATERAL (SELECT coalesce(sum(abs(p.amount)), 0)::bigint AS reversed FROM journal_entries e
                    JOIN postings p ON p.journal_entry_id = e.id AND p.account_id = a.id
                    WHERE e.entry_type = 'reversal') v
WHERE a.kind = 'user_wallet';
GRANT SELECT ON user_points TO ledger_runtime, ledger_reader, ledger_operator;

-- When points given back to a wallet expire: with the soonest-expiring lot that the entry they undo (metadata "Reverses", a
-- reversal, or "Refunds", a refund) drew from that wallet; null (never) when it drew none. Giving back never lengthens a point's
-- life. A function of its own so that the posting trigger plans it once per session, and calls it only for credits whose entry
-- says no expiry. Called by ledger_postings_apply only.
CREATE OR REPLACE FUNCTION ledger_given_back_expiry(wallet bigint, entry_metadata jsonb) RETURNS timestamptz
LANGUAGE plpgsql STABLE SET search_path = public, pg_temp AS $$
BEGIN
    RETURN (
        SELECT min(l.expires_at) FROM lot_draws d
        JOIN point_lots l ON l.account_id = d.account_id AND l.journal_entry_id = d.lot_entry_id
        WHERE d.account_id = wallet AND d.journal_entry_id = (
            SELECT u.id FROM journal_entries u WHERE u.idempotency_key = coalesce(entry_metadata->>'Reverses', entry_metadata->>'Refunds')));
END $$;
REVOKE ALL ON FUNCTION ledger_given_back_expiry(bigint, jsonb) FROM PUBLIC;

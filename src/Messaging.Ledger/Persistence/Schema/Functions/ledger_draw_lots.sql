-- Pays a wallet's debit from its lots, soonest to expire first (points that never expire last), and records each draw.
-- Only lots credited before the debit's entry pay for it, so a restore that replays history in one statement draws as it happened.
-- A named lot is drawn first (a reversal's own credit), or alone when only_named (an expiry). Called by ledger_postings_apply only.
DROP FUNCTION IF EXISTS ledger_draw_lots(bigint, bigint, bigint, bigint);
CREATE OR REPLACE FUNCTION ledger_draw_lots(wallet bigint, entry bigint, points bigint, named_lot bigint, only_named boolean)
RETURNS void
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    lot record;
    owed bigint := points;
    taken bigint;
BEGIN
    FOR lot IN
        SELECT l.journal_entry_id, l.remaining FROM point_lots l
        WHERE l.account_id = wallet AND l.remaining > 0 AND l.journal_entry_id < entry
          AND (NOT only_named OR l.journal_entry_id = named_lot)
        ORDER BY l.journal_entry_id IS NOT DISTINCT FROM named_lot DESC, l.expires_at NULLS LAST, l.journal_entry_id
        FOR UPDATE
    LOOP
        taken := least(owed, lot.remaining);
        UPDATE point_lots SET remaining = remaining - taken WHERE account_id = wallet AND journal_entry_id = lot.journal_entry_id;
        INSERT INTO lot_draws (account_id, lot_entry_id, journal_entry_id, amount) VALUES (wallet, lot.journal_entry_id, entry, taken);
        owed := owed - taken;
        EXIT WHEN owed = 0;
    END LOOP;
    IF owed > 0 THEN
        RAISE EXCEPTION 'journal entry % debits % points from account % but its lots hold % fewer%', entry, points, wallet, owed,
            CASE WHEN only_named THEN ' (it names lot ' || named_lot || ')' ELSE '' END
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_point_lots_remaining';
    END IF;
END $$;
REVOKE ALL ON FUNCTION ledger_draw_lots(bigint, bigint, bigint, bigint, boolean) FROM PUBLIC;

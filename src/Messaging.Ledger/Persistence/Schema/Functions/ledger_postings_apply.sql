-- Applies every posting statement to the cached account figures, after checking each entry balances, and keeps wallets' lots.
-- Runs with the owner's rights (SECURITY DEFINER) so that writers need no UPDATE on accounts.
CREATE OR REPLACE FUNCTION ledger_postings_apply() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    unbalanced bigint;
    touched bigint[];
    wallets bigint[];
    wallet_credits boolean;
    wallet_debits boolean;
    debit record;
BEGIN
    -- All postings of an entry arrive in one statement, so checking per statement checks every entry.
    SELECT journal_entry_id INTO unbalanced
    FROM new_postings GROUP BY journal_entry_id
    HAVING sum(amount) <> 0 OR count(*) < 2
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'journal entry % does not balance: its postings must sum to zero and number at least two', unbalanced
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_journal_entry_balanced';
    END IF;

    -- The accounts touched, as an array: "id = ANY(array)" is planned as primary-key lookups, whatever the table's size.
    SELECT array_agg(DISTINCT account_id ORDER BY account_id) INTO touched FROM new_postings;

    -- Lock in id order so concurrent writers never deadlock on accounts.
    PERFORM 1 FROM accounts WHERE id = ANY(touched) ORDER BY id FOR UPDATE;

    -- The wallets among them come back from the update, with whether the statement credits or debits any: lots are kept for wallets
    -- only, and a statement that debits none (every earning) skips the draws.
    WITH moved AS (
        UPDATE accounts a
        SET balance = a.balance + d.delta,
            total_credited = a.total_credited + d.credited,
            total_debited = a.total_debited + d.debited,
            last_credited_at = CASE WHEN d.credited > 0 THEN now() ELSE a.last_credited_at END
        FROM (
            SELECT account_id,
                   sum(amount) AS delta,
                   sum(greatest(amount, 0)) AS credited,
                   sum(greatest(-amount, 0)) AS debited
            FROM new_postings GROUP BY account_id
        ) d
        WHERE a.id = ANY(touched) AND a.id = d.account_id
        RETURNING a.id, a.kind, d.credited, d.debited)
    SELECT array_agg(id) FILTER (WHERE kind = 'user_wallet'),
           coalesce(bool_or(kind = 'user_wallet' AND credited > 0), false),
           coalesce(bool_or(kind = 'user_wallet' AND debited > 0), false)
    INTO wallets, wallet_credits, wallet_debits
    FROM moved;

    -- Lots: a wallet's credit opens one, expiring when its entry says, or, for points given back, as ledger_given_back_expiry says.
    -- A debit draws lots in entry order (ledger_draw_lots): a reversal its own credit's lot first, an expiry only the lot it names.
    -- Entries are read one by one through their keys (lateral and scalar subqueries), never joined: a join with a transition table,
    -- whose size the planner cannot know, was planned as a scan of journal_entries, a cost that grew with the ledger.
    IF wallet_credits THEN
        INSERT INTO point_lots (account_id, journal_entry_id, amount, remaining, expires_at)
        SELECT c.account_id, c.journal_entry_id, c.amount, c.amount,
               coalesce(e.points_expire_at, ledger_given_back_expiry(c.account_id, e.metadata))
        FROM (SELECT account_id, journal_entry_id, sum(amount)::bigint AS amount FROM new_postings
              WHERE amount > 0 AND account_id IN (SELECT unnest(wallets)) GROUP BY account_id, journal_entry_id) c
        CROSS JOIN LATERAL (SELECT j.points_expire_at, j.metadata FROM journal_entries j WHERE j.id = c.journal_entry_id) e;
    END IF;

    IF wallet_debits THEN
        FOR debit IN
            SELECT c.account_id, c.journal_entry_id, c.points, e.entry_type = 'points_expired' AS expiry,
                   (SELECT l.id FROM journal_entries l WHERE l.idempotency_key = coalesce(e.metadata->>'lot', e.metadata->>'Reverses'))
                       AS named_lot
            FROM (SELECT account_id, journal_entry_id, (-sum(amount))::bigint AS points FROM new_postings
                  WHERE amount < 0 AND account_id IN (SELECT unnest(wallets)) GROUP BY account_id, journal_entry_id) c
            CROSS JOIN LATERAL (SELECT j.entry_type, j.metadata FROM journal_entries j WHERE j.id = c.journal_entry_id) e
            ORDER BY c.journal_entry_id
        LOOP
            IF debit.expiry AND debit.named_lot IS NULL THEN
                RAISE EXCEPTION 'expiry entry % names no lot (metadata "lot": the key of the entry that credited it)',
                    debit.journal_entry_id USING ERRCODE = 'check_violation';
            END IF;
            PERFORM ledger_draw_lots(debit.account_id, debit.journal_entry_id, debit.points, debit.named_lot, debit.expiry);
        END LOOP;
    END IF;
    RETURN NULL;
END $$;

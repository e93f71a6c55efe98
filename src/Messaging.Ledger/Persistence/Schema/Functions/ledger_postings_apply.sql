-- Applies every posting statement to the cached account figures, after checking each entry balances.
-- Runs with the owner's rights (SECURITY DEFINER) so that writers need no UPDATE on accounts.
CREATE OR REPLACE FUNCTION ledger_postings_apply() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    unbalanced bigint;
    touched bigint[];
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
    WHERE a.id = ANY(touched) AND a.id = d.account_id;
    RETURN NULL;
END $$;

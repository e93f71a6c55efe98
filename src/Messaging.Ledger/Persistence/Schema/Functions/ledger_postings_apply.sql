-- Applies every posting statement to the cached account figures, after checking each entry balances.
-- Runs with the owner's rights (SECURITY DEFINER) so that writers need no UPDATE on accounts.
CREATE OR REPLACE FUNCTION ledger_postings_apply() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    unbalanced bigint;
    mistimed bigint;
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

    -- A posting's time is its entry's: a balance as of a time sums postings alone.
    SELECT p.journal_entry_id INTO mistimed
    FROM new_postings p JOIN journal_entries e ON e.id = p.journal_entry_id
    WHERE p.recorded_at <> e.recorded_at
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'the postings of journal entry % must carry its recorded_at', mistimed
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_postings_recorded_at_is_entry';
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

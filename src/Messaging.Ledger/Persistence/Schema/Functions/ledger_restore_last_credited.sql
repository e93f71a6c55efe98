-- A restore puts back when each account was last credited, which the posting trigger set to the restore's own time.
CREATE OR REPLACE FUNCTION ledger_restore_last_credited(codes text[], ats timestamptz[]) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    -- Only accounts this very transaction credited (last_credited_at = now()) take the time from the backup.
    UPDATE accounts a SET last_credited_at = v.at
    FROM unnest(codes, ats) AS v(code, at)
    WHERE a.code = v.code AND a.last_credited_at = now()
$$;
REVOKE ALL ON FUNCTION ledger_restore_last_credited(text[], timestamptz[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ledger_restore_last_credited(text[], timestamptz[]) TO ledger_operator;

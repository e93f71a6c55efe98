-- History is truncated only in a database ledger_environment marks as development or test (ledger reset).
CREATE OR REPLACE FUNCTION ledger_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT environment FROM ledger_environment) IS DISTINCT FROM 'development'
       AND (SELECT environment FROM ledger_environment) IS DISTINCT FROM 'test' THEN
        RAISE EXCEPTION '% is history: it is truncated only in a database marked as development or test (ledger_environment says %); a production ledger is corrected with entries, never wiped',
            TG_TABLE_NAME, (SELECT environment FROM ledger_environment)
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NULL;
END $$;

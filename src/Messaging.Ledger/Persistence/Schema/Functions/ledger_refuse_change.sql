-- Postings and journal entries are immutable: a mistake is corrected by a new, compensating entry.
CREATE OR REPLACE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% rows are immutable: correct a mistake with a new, compensating journal entry', TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END $$;
